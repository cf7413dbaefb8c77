"""Coverage gaps: for each service, population and county, how many providers could serve.

A cell is a gap when no organization offers the service to that population in that county, or
only one does (no fallback when it is full), or when none of them has confirmed its capacity in
the staleness window (so nobody knows whether there is room). Statewide offerings count for
every county. Counts are of organizations, not offerings, and come from directory data only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accord.directory.models import (
    ADULT_AGE,
    FOREIGN_NATIONAL,
    LANGUAGE_NAMES,
    Area,
    CapacityUnit,
    Gender,
    Minors,
    Offering,
    ServiceCategory,
    stale_after,
)

OfferingRow = dict[str, Any]


def _adults(o: OfferingRow) -> bool:
    return o["max_age"] is None or o["max_age"] >= ADULT_AGE


@dataclass(frozen=True)
class Population:
    code: str
    label: str
    test: Callable[[OfferingRow], bool]


BASE_POPULATIONS = [
    Population("adult_women", "Adult women", lambda o: Gender.WOMEN in o["genders"] and _adults(o)),
    Population("adult_men", "Adult men", lambda o: Gender.MEN in o["genders"] and _adults(o)),
    Population(
        "transgender_nonbinary",
        "Transgender and non-binary people",
        lambda o: Gender.TRANSGENDER_NONBINARY in o["genders"],
    ),
    Population("minors", "Minors", lambda o: o["minors"] != Minors.NONE),
    Population("families", "Families with children", lambda o: o["families"]),
    Population("foreign_nationals", "Foreign nationals", lambda o: bool(FOREIGN_NATIONAL & set(o["citizenship"]))),
    Population("labor", "Labor-trafficking survivors", lambda o: "labor" in o["trafficking_types"]),
    Population("disability", "People with disabilities", lambda o: o["disability_access"]),
]


def _language_population(code: str) -> Population:
    return Population(f"lang_{code}", f"{LANGUAGE_NAMES.get(code, code)} speakers", lambda o: code in o["languages"])


STATUS_LABELS = {
    "none": "No provider",
    "one": "Only one provider",
    "stale": "Capacity not confirmed recently",
    "ok": "Two or more providers",
}


@dataclass
class Cell:
    providers: set[int] = field(default_factory=set)
    confirmed: set[int] = field(default_factory=set)  # providers whose capacity is fresh or not counted

    @property
    def count(self) -> int:
        return len(self.providers)

    @property
    def stale(self) -> bool:
        return bool(self.providers) and not self.confirmed

    @property
    def status(self) -> str:
        if not self.providers:
            return "none"
        if len(self.providers) == 1:
            return "one"
        return "stale" if self.stale else "ok"

    @property
    def label(self) -> str:
        text = STATUS_LABELS[self.status]
        if self.status == "one" and self.stale:
            text += "; capacity not confirmed recently"
        return text


@dataclass
class Coverage:
    categories: list[ServiceCategory]
    populations: list[Population]
    counties: list[Area]
    cells: dict[tuple[int, str, int], Cell]
    stale_days: int

    def cell(self, category_id: int, population: str, county_id: int) -> Cell:
        return self.cells.get((category_id, population, county_id)) or Cell()

    def population(self, code: str) -> Population | None:
        return next((p for p in self.populations if p.code == code), None)

    def gap_counts(self) -> list[dict[str, Any]]:
        """Per population and county: how many services have no provider, and how many only one."""
        rows = []
        for population in self.populations:
            counts = []
            for county in self.counties:
                cells = [self.cell(c.pk, population.code, county.pk) for c in self.categories]
                counts.append(
                    {
                        "county": county,
                        "none": sum(c.status == "none" for c in cells),
                        "one": sum(c.status == "one" for c in cells),
                    }
                )
            rows.append({"population": population, "counts": counts})
        return rows


FIELDS = [
    "id",
    "organization_id",
    "category_id",
    "genders",
    "max_age",
    "minors",
    "families",
    "citizenship",
    "trafficking_types",
    "languages",
    "disability_access",
    "capacity_unit",
    "availability_confirmed_at",
]


def compute() -> Coverage:
    """The whole grid, from one pass over active offerings (three queries whatever the size)."""
    categories = list(ServiceCategory.objects.filter(is_active=True))
    areas = list(Area.objects.all())
    counties = [a for a in areas if not a.covers_everywhere]
    statewide = {a.pk for a in areas if a.covers_everywhere}
    offerings = list(Offering.objects.active().values(*FIELDS))
    served: dict[int, set[int]] = defaultdict(set)
    for offering_id, area_id in Offering.areas.through.objects.values_list("offering_id", "area_id"):
        served[offering_id].add(area_id)
    languages = sorted({code for o in offerings for code in o["languages"]}, key=lambda c: LANGUAGE_NAMES.get(c, c))
    populations = BASE_POPULATIONS + [_language_population(code) for code in languages]
    cutoff = timezone.now() - stale_after()
    all_counties = [c.pk for c in counties]
    cells: dict[tuple[int, str, int], Cell] = defaultdict(Cell)
    for o in offerings:
        area_ids = served.get(o["id"], set())
        county_ids = all_counties if area_ids & statewide else [a for a in area_ids if a not in statewide]
        fresh = o["capacity_unit"] == CapacityUnit.NONE or (
            o["availability_confirmed_at"] is not None and o["availability_confirmed_at"] >= cutoff
        )
        for population in populations:
            if not population.test(o):
                continue
            for county_id in county_ids:
                cell = cells[(o["category_id"], population.code, county_id)]
                cell.providers.add(o["organization_id"])
                if fresh:
                    cell.confirmed.add(o["organization_id"])
    return Coverage(categories, populations, counties, dict(cells), stale_after().days)


# Heatmap geometry (SVG user units).
LABEL_WIDTH = 260
HEADER_HEIGHT = 90
CELL_WIDTH = 74
CELL_HEIGHT = 24


def heatmap(coverage: Coverage, population: str) -> dict[str, Any]:
    """Positions and labels for the server-rendered SVG heatmap of one population."""
    columns = [
        {"x": LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH / 2, "label": county.name}
        for i, county in enumerate(coverage.counties)
    ]
    rows = []
    for r, category in enumerate(coverage.categories):
        y = HEADER_HEIGHT + r * CELL_HEIGHT
        cells = []
        for i, county in enumerate(coverage.counties):
            cell = coverage.cell(category.pk, population, county.pk)
            cells.append(
                {
                    "x": LABEL_WIDTH + i * CELL_WIDTH,
                    "text_x": LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH // 2,
                    "y": y,
                    "cell": cell,
                    "county": county,
                    "text": f"{cell.count}{'?' if cell.stale else ''}",
                }
            )
        rows.append({"y": y, "text_y": y + CELL_HEIGHT * 0.68, "category": category, "cells": cells})
    return {
        "width": LABEL_WIDTH + CELL_WIDTH * len(coverage.counties) + 70,
        "height": HEADER_HEIGHT + CELL_HEIGHT * len(coverage.categories) + 10,
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "header_y": HEADER_HEIGHT - 10,
        "columns": columns,
        "rows": rows,
    }


def population_for(need: Any) -> str:
    """The coverage population a find-help search falls in, to link a "none found" to its gap."""
    if need.age is not None and need.age < ADULT_AGE:
        return "minors"
    by_gender = {
        Gender.MEN: "adult_men",
        Gender.WOMEN: "adult_women",
        Gender.TRANSGENDER_NONBINARY: "transgender_nonbinary",
    }
    if need.gender in by_gender:
        return by_gender[need.gender]
    if need.with_children:
        return "families"
    if need.language:
        return f"lang_{need.language}"
    return ""
