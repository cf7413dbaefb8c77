"""Find help: which providers can serve a described need, why, and what each falls short on.

The need holds no identifying data: a service, an age, a gender, a language, children or not,
the kind of trafficking, a citizenship status, a county and "tonight". Every active offering of
the service is checked against each stated criterion (an unstated one is not checked). Offerings
that meet all are matches; those that miss one or two are near misses, shown with what they
miss. Matches are ranked by how sure it is that they can take the person now (see ``_score``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from accord.core.models import Organization
from accord.directory.models import (
    ADULT_AGE,
    FOREIGN_NATIONAL,
    LANGUAGE_NAMES,
    Area,
    Availability,
    Citizenship,
    Contact,
    FirstCall,
    Gender,
    Minors,
    Offering,
    OfferingTerms,
    ServiceCategory,
    Situation,
    TraffickingType,
)

MAX_MISSES = 2  # an offering missing more than this is not worth a phone call
# The first answer shows the calls worth making first; "show all" widens it. Nobody makes more
# calls than the wide limits, and the page says how many more matched.
MATCH_LIMIT, NEAR_MISS_LIMIT = 10, 5
WIDE_MATCH_LIMIT, WIDE_NEAR_MISS_LIMIT = 50, 20
CARD_FIELDS = (
    "organization__name", "organization__short_name", "organization__directory_profile__hotline",
    "category", "name", "availability", "available_units", "capacity_total", "capacity_unit",
    "availability_confirmed_at",
)  # fmt: skip
CONTACT_FIELDS = ("organization", "name", "title", "phone", "availability", "ht_trained", "is_active")
# The terms evaluation and ranking read; everything else is loaded only for the results shown.
TERMS = (
    "genders", "min_age", "max_age", "minors", "families", "trafficking_types", "citizenship", "languages",
    "interpretation", "lgbtq_affirming", "cost", "open_24_7", "hours", "capacity_unit", "available_units",
    "availability", "availability_confirmed_at",
)  # fmt: skip


@dataclass(frozen=True)
class Need:
    category: ServiceCategory
    area: Area | None = None
    age: int | None = None
    gender: str = ""
    language: str = ""
    with_children: bool = False
    trafficking_type: str = ""  # sex, labor, both, or "" (not known)
    citizenship: str = ""
    tonight: bool = False

    def situations(self) -> list[str]:
        """Which 'call first' contact fits this need, most specific first."""
        wanted: list[str] = []
        if self.tonight:
            wanted.append(Situation.AFTER_HOURS)
        if self.age is not None and self.age < ADULT_AGE:
            wanted.append(Situation.MINOR)
        if self.trafficking_type in (TraffickingType.LABOR, "both"):
            wanted.append(Situation.LABOR)
        if self.trafficking_type in (TraffickingType.SEX, "both"):
            wanted.append(Situation.SEX)
        if self.citizenship in FOREIGN_NATIONAL:
            wanted.append(Situation.FOREIGN_NATIONAL)
        wanted.append(Situation.GENERAL)
        return wanted


class Candidate(OfferingTerms):
    """An offering's terms as plain values: what evaluation needs, without building a model per row."""

    __slots__ = ("organization_name", "pk", *TERMS)
    pk: int
    organization_name: str
    families: bool
    interpretation: bool
    lgbtq_affirming: bool
    cost: str
    open_24_7: bool
    hours: str
    availability: str
    available_units: int | None
    FIELDS = ("pk", "organization__name", *TERMS)

    def __init__(self, row: tuple[Any, ...]) -> None:
        for name, value in zip(("pk", "organization_name", *TERMS), row, strict=True):
            setattr(self, name, value)


@dataclass
class Result:
    candidate: Candidate
    meets: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    score: int = 0
    offering: Offering | None = None  # loaded for the results shown
    contact: Contact | None = None
    contact_reason: str = ""

    @property
    def organization(self) -> Organization | None:
        return self.offering.organization if self.offering else None

    def rank(self) -> tuple[int, str, int]:
        return (-self.score, self.candidate.organization_name, self.candidate.pk)


@dataclass
class Answer:
    need: Need
    matches: list[Result]
    near_misses: list[Result]
    considered: int
    match_count: int = 0
    near_miss_count: int = 0

    @property
    def has_more(self) -> bool:
        return self.match_count > len(self.matches) or self.near_miss_count > len(self.near_misses)


def find_help(need: Need, *, wide: bool = False) -> Answer:
    """Evaluate every active offering of the service; load records and contacts only for those shown.

    A fixed number of queries whatever the number of offerings: the service's freshness stamp when
    this process holds its rows (``ServiceRows``), else the rows and their area ids; the area names
    once; then the shown offerings and one query per relation.
    """
    rows = ServiceRows.for_category(need.category.pk)
    areas = rows.area_names() if need.area is not None else AreaNames({}, frozenset())
    results = [evaluate(c, need, rows.served.get(c.pk, frozenset()), areas) for c in rows.candidates]
    matches = sorted((r for r in results if not r.misses), key=Result.rank)
    near = sorted((r for r in results if 0 < len(r.misses) <= MAX_MISSES), key=lambda r: (len(r.misses), *r.rank()))
    match_limit, near_limit = (WIDE_MATCH_LIMIT, WIDE_NEAR_MISS_LIMIT) if wide else (MATCH_LIMIT, NEAR_MISS_LIMIT)
    shown_matches, shown_near = matches[:match_limit], near[:near_limit]
    _load_shown([*shown_matches, *shown_near], need)
    return Answer(need, shown_matches, shown_near, len(rows.candidates), len(matches), len(near))


# A write may commit after a later one (a long import beside a one-click update), leaving the stamp's
# newest time unchanged; rows loaded this soon after the newest change are therefore not reused.
SETTLE_SECONDS = 60


@dataclass(frozen=True)
class ServiceRows:
    """One service's active offerings as plain values, with the area ids each serves, cached per process.

    They are reused while the service's stamp (one aggregate query: how many offerings, the newest
    ``updated_at`` of them and of their organizations) equals the one taken from the rows: every
    offering write (a one-click capacity update too) bumps ``updated_at``, areas are set in the same
    action as the offering's save, a removal changes the count, and an organization renamed or
    deactivated bumps its own ``updated_at``. Area names are
    kept with the rows once a search names a county: areas are reference data that only migrations
    and the seeder add, and an offering serving a new area is saved after it, which renews the rows.
    """

    stamp: tuple[Any, ...]
    loaded_at: datetime
    candidates: list[Candidate]
    served: dict[int, frozenset[int]]
    areas: list[AreaNames] = field(default_factory=list)  # loaded by the first search that names a county

    def area_names(self) -> AreaNames:
        if not self.areas:
            self.areas.append(AreaNames.load())
        return self.areas[0]

    @classmethod
    def for_category(cls, category_id: int) -> ServiceRows:
        cached = _SERVICE_ROWS.get(category_id)
        if cached and cached.settled and cached.stamp == cls.stamp_for(category_id):
            return cached
        rows = _SERVICE_ROWS[category_id] = cls.load(category_id)
        return rows

    @property
    def settled(self) -> bool:
        changed = [t for t in self.stamp[1:] if t is not None]
        return not changed or (self.loaded_at - max(changed)).total_seconds() > SETTLE_SECONDS

    @staticmethod
    def stamp_for(category_id: int) -> tuple[Any, ...]:
        stamp = Offering.objects.filter(category_id=category_id).aggregate(
            count=Count("pk"), offering=Max("updated_at"), organization=Max("organization__updated_at")
        )
        return (stamp["count"], stamp["offering"], stamp["organization"])

    @classmethod
    def load(cls, category_id: int) -> ServiceRows:
        """Every offering of the service in one statement, so the stamp taken from them matches them exactly."""
        loaded_at = timezone.now()
        n = len(Candidate.FIELDS)
        rows = list(
            Offering.objects.filter(category_id=category_id)
            .order_by()  # ranked later
            .values_list(
                *Candidate.FIELDS, "is_active", "organization__is_active", "updated_at", "organization__updated_at"
            )
        )
        stamp = (len(rows), max((r[n + 2] for r in rows), default=None), max((r[n + 3] for r in rows), default=None))
        candidates = [Candidate(row[:n]) for row in rows if row[n] and row[n + 1]]  # active offerings only
        served: dict[int, set[int]] = {}
        through = Offering.areas.through.objects.filter(offering__category_id=category_id, offering__is_active=True)
        for offering_id, area_id in through.values_list("offering_id", "area_id"):
            served.setdefault(offering_id, set()).add(area_id)
        return cls(stamp, loaded_at, candidates, {pk: frozenset(ids) for pk, ids in served.items()})


_SERVICE_ROWS: dict[int, ServiceRows] = {}


def _load_shown(shown: list[Result], need: Need) -> None:
    """The shown results' offerings (with organization and hotline) and whom to call: three queries."""
    offerings = (
        Offering.objects.select_related("organization", "organization__directory_profile")
        .only(*CARD_FIELDS)
        .in_bulk([r.candidate.pk for r in shown])
    )
    organization_ids = {o.organization_id for o in offerings.values()}
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.active().filter(organization_id__in=organization_ids).only(*CONTACT_FIELDS):
        contacts.setdefault(contact.organization_id, []).append(contact)
    first_calls: dict[int, dict[str, int]] = {}
    calls = FirstCall.objects.filter(organization_id__in=organization_ids)
    for organization_id, situation, contact_id in calls.values_list("organization_id", "situation", "contact_id"):
        first_calls.setdefault(organization_id, {})[situation] = contact_id
    for result in shown:
        offering = result.offering = offerings[result.candidate.pk]
        offering.category = need.category
        organization_id = offering.organization_id
        result.contact, result.contact_reason = contact_to_call(
            contacts.get(organization_id, []), first_calls.get(organization_id, {}), need
        )


@dataclass(frozen=True)
class AreaNames:
    """Area names by id and the ids that mean "the whole state": all an evaluation needs of areas."""

    names: dict[int, str]
    statewide: frozenset[int]

    @classmethod
    def load(cls) -> AreaNames:
        rows = list(Area.objects.values_list("pk", "name", "kind"))
        return cls(
            {pk: name for pk, name, _ in rows}, frozenset(pk for pk, _, kind in rows if kind == Area.Kind.STATEWIDE)
        )


def evaluate(offering: Candidate, need: Need, served: frozenset[int] | set[int], areas: AreaNames) -> Result:
    """Check one offering (serving the area ids ``served``) against every stated part of the need."""
    result = Result(offering)
    meets, misses, cautions = result.meets, result.misses, result.cautions
    if need.area is not None:
        if served & areas.statewide:
            meets.append("Serves the whole state")
        elif need.area.pk in served:
            meets.append(f"Serves {need.area.name}")
        else:
            where = ", ".join(sorted(areas.names[pk] for pk in served)) or "no area"
            misses.append(f"Does not serve {need.area.name} (serves {where})")
    if need.age is not None:
        _check_age(offering, need.age, result)
    if need.gender:
        label = Gender(need.gender).label.lower()
        (meets if need.gender in offering.genders else misses).append(
            f"Serves {label}" if need.gender in offering.genders else f"Does not serve {label}"
        )
    if need.with_children:
        if offering.families:
            meets.append("Takes families with children")
        else:
            misses.append("Does not take families with children")
    if need.trafficking_type:
        wanted = ["sex", "labor"] if need.trafficking_type == "both" else [need.trafficking_type]
        missing = [t for t in wanted if t not in offering.trafficking_types]
        if missing:
            misses.append(
                "Does not serve survivors of " + " or ".join(TraffickingType(t).label.lower() for t in missing)
            )
        else:
            meets.append("Serves survivors of " + " and ".join(TraffickingType(t).label.lower() for t in wanted))
    if need.citizenship:
        label = Citizenship(need.citizenship).label
        if need.citizenship in offering.citizenship:
            meets.append(f"Serves {label[0].lower() + label[1:]}")
        else:
            misses.append(f"Does not serve {label[0].lower() + label[1:]}")
    if need.language:
        name = LANGUAGE_NAMES.get(need.language, need.language)
        if need.language in offering.languages:
            meets.append(f"Staff speak {name}")
        elif offering.interpretation:
            meets.append(f"{name} through an interpreter")
            cautions.append(f"No {name}-speaking staff: an interpreter is used")
        else:
            misses.append(f"No {name}-speaking staff or interpreter")
    if need.tonight:
        if offering.open_24_7:
            meets.append("Open 24/7")
        else:
            misses.append(f"Not open tonight ({offering.hours or 'daytime hours'})")
    _check_availability(offering, result)
    result.score = _score(offering, need)
    return result


def _check_age(offering: Candidate, age: int, result: Result) -> None:
    low = offering.min_age if offering.min_age is not None else (0 if offering.serves_minors else ADULT_AGE)
    high = offering.max_age
    if age < ADULT_AGE and not offering.serves_minors:
        result.misses.append("Adults only")
    elif age < low or (high is not None and age > high):
        result.misses.append(f"Ages {low}–{high}" if high is not None else f"Ages {low} and over")
    else:
        result.meets.append(f"Age {age} is within {offering.age_range_label().lower()}")
        if age < ADULT_AGE and offering.minors == Minors.ACCOMPANIED:
            result.cautions.append("Minors only with a parent or guardian")


def _check_availability(offering: Candidate, result: Result) -> None:
    days = offering.days_since_confirmed
    when = (
        "never confirmed"
        if days is None
        else ("confirmed today" if days == 0 else f"confirmed {days} day{'s' if days != 1 else ''} ago")
    )
    if offering.availability == Availability.FULL:
        result.misses.append(f"Full ({when})")
    elif offering.tracks_capacity and offering.is_stale:
        result.cautions.append(f"Availability {when}: call to check")


def _score(offering: Candidate, need: Need) -> int:
    """Higher is a surer call: stated space, recently confirmed, own-language staff, open now."""
    points: dict[str, int] = {Availability.OPEN: 40, Availability.LIMITED: 25, Availability.UNKNOWN: 10}
    score = points.get(offering.availability, 0)
    if offering.tracks_capacity:
        score += -10 if offering.is_stale else 20
        score += min(offering.available_units or 0, 5)
    if need.language and need.language in offering.languages:
        score += 10
    if offering.open_24_7:
        score += 5
    if need.gender == Gender.TRANSGENDER_NONBINARY and offering.lgbtq_affirming:
        score += 5
    if offering.cost == "free":
        score += 3
    return score


def contact_to_call(contacts: list[Contact], first_calls: dict[str, int], need: Need) -> tuple[Contact | None, str]:
    """The active contact the provider named for this kind of situation, else a trained contact.

    ``contacts`` are the organization's active contacts; ``first_calls`` maps a situation to a contact id.
    """
    by_id = {c.pk: c for c in contacts}
    for situation in need.situations():
        contact = by_id.get(first_calls.get(situation, 0))
        if contact is not None:
            return contact, f"call first for {Situation(situation).label.lower()}"
    trained = [c for c in contacts if c.ht_trained]
    if trained or contacts:
        return (trained or contacts)[0], "trained contact" if trained else "contact"
    return None, ""
