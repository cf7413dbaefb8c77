"""Reads for the reporting pages: dashboards, trends, the review, and what each viewer may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.core import dimensions
from accord.core.models import Role
from accord.reporting import privacy, registry
from accord.reporting.models import GeneratedPack, Indicator, PackTemplate, Scope
from accord.reporting.periods import Period
from accord.reporting.registry import Figure

TREND_LENGTH = 8
DEFAULT_KIND = "half_year"

# Where a figure's records are listed, for those who see its lane: the list pages keep their own access rules,
# so a link shows only the viewer's own (or shared) records.
DRILL_DOWN: dict[str, tuple[str, str]] = {
    "vs": ("victim_services:index", "status="),
    "ref": ("referrals:list", ""),
    "le": ("investigations:list", "scope=own"),
    "gov": ("governance:meeting_list", ""),
    "out": ("outreach:training_list", "when=past"),
    "asm": ("assessment:index", ""),
}


def period_choices(today: date | None = None) -> list[tuple[str, str]]:
    """Recent quarters, half-years and years (the current one marked "so far"), newest first within each kind."""
    today = today or timezone.localdate()
    choices: list[tuple[str, str]] = []
    for kind, count in (("quarter", 8), ("half_year", 4), ("year", 3)):
        current = Period.containing(today, kind)
        choices.extend(
            (p.key, p.label + (" (so far)" if p == current else "")) for p in reversed(current.history(count))
        )
    return choices


def pack_periods() -> list[tuple[str, str]]:
    """The periods a pack is generated for: the recent quarters and half-years (the page's and the API's choice)."""
    return [(key, label) for key, label in period_choices() if "-Q" in key or "-H" in key]


def chosen_period(key: str | None, today: date | None = None) -> Period:
    """The period asked for, or the last complete half-year; ValueError (plain words) for a bad key."""
    if not key:
        return Period.last_complete(DEFAULT_KIND, today)
    period = Period.parse(key)
    if period.start > (today or timezone.localdate()):
        raise ValueError("Choose a period that has begun.")
    return period


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[str]
    total: str


@dataclass
class FigureView:
    """A figure laid out for a template: headline total, previous period, and the table by dimension."""

    indicator: Indicator
    figure: Figure
    previous: Figure | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    drill_url: str = ""

    @property
    def total(self) -> str:
        return self.figure.headline

    @property
    def previous_total(self) -> str:
        return self.previous.headline if self.previous else ""

    @property
    def change(self) -> str:
        """The difference from the previous period, when both totals are shown."""
        now, before = self.figure.headline_value, self.previous.headline_value if self.previous else None
        if now is None or before is None:
            return ""
        return f"{now - before:+d}"

    @property
    def dimension_labels(self) -> list[str]:
        return [dimensions.get(d).label for d in self.figure.dimensions]


def lay_out(indicator: Indicator, figure: Figure, labels: dict[str, dict[str, str]]) -> FigureView:
    """Rows and columns with their labels (``labels`` caches each dimension's labels for the request)."""

    def label_of(dimension: str, value: str) -> str:
        if dimension not in labels:
            labels[dimension] = dimensions.get(dimension).labels()
        return labels[dimension].get(value, value)

    table, dims = figure.table, figure.dimensions
    view = FigureView(indicator, figure)
    if len(dims) == 2:
        view.columns = [label_of(dims[1], c) for c in table.cols]
        view.rows = [
            TableRow(label_of(dims[0], r), [table.display(r, c) for c in table.cols], table.display_total(row=r))
            for r in table.rows
        ]
    elif len(dims) == 1:
        view.columns = ["Count"]
        view.rows = [
            TableRow(label_of(dims[0], r), [table.display(r, "count")], table.display(r, "count")) for r in table.rows
        ]
    return view


def drill_url(code: str) -> str:
    name, query = DRILL_DOWN.get(code.split(".")[0], ("", ""))
    return f"{reverse(name)}?{query}" if name else ""


def active_indicators() -> list[Indicator]:
    codes = registry.specs()
    return [i for i in Indicator.objects.filter(active=True) if i.code in codes]


def dashboard(viewer: Any, period: Period, *, organization: Any = None) -> list[FigureView]:
    """Every active indicator for the period, beside the period before, as the viewer may see them."""
    labels: dict[str, dict[str, str]] = {}
    views = []
    k = privacy.threshold()
    for indicator in active_indicators():
        figure = registry.evaluate(indicator.code, period, viewer, organization=organization, k=k)
        view = lay_out(indicator, figure, labels)
        view.previous = registry.evaluate(indicator.code, period.previous(), viewer, organization=organization, k=k)
        view.drill_url = drill_url(indicator.code) if figure.sees_lane else ""
        views.append(view)
    return views


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: int | None  # None: suppressed
    shown: str


def trend(
    code: str, period: Period, viewer: Any, *, organization: Any = None, length: int = TREND_LENGTH
) -> list[TrendPoint]:
    """The indicator's total over the last ``length`` periods of the same kind, oldest first."""
    points = []
    k = privacy.threshold()
    for p in period.history(length):
        figure = registry.evaluate(code, p, viewer, organization=organization, by=(), k=k)
        points.append(TrendPoint(p, figure.headline_value, figure.headline))
    return points


def chart(points: list[TrendPoint], *, width: int = 560, height: int = 200) -> dict[str, Any]:
    """Positions for the server-rendered SVG bar chart (suppressed periods drawn as an empty outlined bar)."""
    top = max([p.value for p in points if p.value is not None] + [1])
    left, bottom, gap = 40, 30, 8
    slot = (width - left) / max(len(points), 1)
    plot = height - bottom - 14
    bars = []
    for i, p in enumerate(points):
        h = plot * (p.value or 0) / top if p.value is not None else plot * 0.15
        x = left + i * slot + gap / 2
        bars.append(
            {
                "x": round(x, 1),
                "y": round(height - bottom - h, 1),
                "w": round(slot - gap, 1),
                "h": round(h, 1),
                "cx": round(x + (slot - gap) / 2, 1),
                "ty": round(height - bottom - h - 4, 1),
                "label": p.period.key,
                "shown": p.shown,
                "suppressed": p.value is None,
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "axis_y": height - bottom,
        "label_y": height - 10,
        "top": top,
        "top_x": left - 6,
        "left": left,
    }


def can_edit_registry(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.COORDINATOR)


def templates() -> list[PackTemplate]:
    return list(PackTemplate.objects.prefetch_related("items"))


def packs_for(user: Any) -> Any:
    """Generated packs the user may open: their own, and (for the coordinator) every task-force pack."""
    visible = Q(requested_by=user)
    if can_edit_registry(user):
        visible |= Q(scope=Scope.TASK_FORCE)
    return GeneratedPack.objects.filter(visible).select_related("template", "organization", "requested_by")


EXPORT_SOURCES = {
    "clients": "Victim-services clients whose intake fell in the period",
    "investigation_victims": "Victims recorded in investigations in the period",
}


def export_source(source: str, period: Period) -> Any:
    """The records a de-identified export is built from (every organization's; the export is k-anonymous)."""
    from accord.investigations.models import Victim
    from accord.victim_services.models import Client

    if source == "investigation_victims":
        return Victim.objects.filter(**period.during("created_at"))
    return Client.objects.new_in(period.start, period.end)
