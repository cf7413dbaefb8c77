"""Find help: which providers can serve a described need, why, and what each falls short on.

The need holds no identifying data: a service, an age, a gender, a language, children or not,
the kind of trafficking, a citizenship status, a county and "tonight". Every active offering of
the service is checked against each stated criterion (an unstated one is not checked). Offerings
that meet all are matches; those that miss one or two are near misses, shown with what they
miss. Matches are ranked by how sure it is that they can take the person now (see ``_score``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

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
    ServiceCategory,
    Situation,
    TraffickingType,
)

MAX_MISSES = 2  # an offering missing more than this is not worth a phone call
MATCH_LIMIT = 25  # nobody makes more calls than this; the page says how many more matched
NEAR_MISS_LIMIT = 10


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


@dataclass
class Result:
    offering: Offering
    meets: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    score: int = 0
    contact: Contact | None = None
    contact_reason: str = ""

    @property
    def organization(self) -> Organization:
        return self.offering.organization


@dataclass
class Answer:
    need: Need
    matches: list[Result]
    near_misses: list[Result]
    considered: int
    match_count: int = 0


def find_help(need: Need) -> Answer:
    """Evaluate every active offering of the service; load contact details only for those shown.

    A fixed number of queries whatever the number of offerings: the offerings, their areas (as
    ids), the areas, then one prefetch per relation for the shown results.
    """
    offerings = list(
        Offering.objects.active()
        .filter(category=need.category)
        .select_related("organization")
        .defer("description", "created_at")
    )
    for offering in offerings:
        offering.category = need.category  # the same for all: not loaded 300 times
    served: dict[int, set[int]] = {}
    through = Offering.areas.through.objects.filter(offering__category=need.category, offering__is_active=True)
    for offering_id, area_id in through.values_list("offering_id", "area_id"):
        served.setdefault(offering_id, set()).add(area_id)
    areas = {a.pk: a for a in Area.objects.all()}
    results = [evaluate(o, need, [areas[i] for i in sorted(served.get(o.pk, ()))]) for o in offerings]
    matches = sorted((r for r in results if not r.misses), key=lambda r: (-r.score, r.organization.name, r.offering.pk))
    near = sorted(
        (r for r in results if 0 < len(r.misses) <= MAX_MISSES),
        key=lambda r: (len(r.misses), -r.score, r.organization.name, r.offering.pk),
    )
    shown = [*matches[:MATCH_LIMIT], *near[:NEAR_MISS_LIMIT]]
    prefetch_related_objects(
        [r.offering for r in shown],
        "organization__directory_profile",
        Prefetch("organization__directory_contacts", queryset=Contact.objects.active()),
        Prefetch("organization__directory_first_calls", queryset=FirstCall.objects.select_related("contact")),
    )
    for result in shown:
        result.contact, result.contact_reason = contact_to_call(result.offering, need)
    return Answer(need, matches[:MATCH_LIMIT], near[:NEAR_MISS_LIMIT], len(offerings), len(matches))


def evaluate(offering: Offering, need: Need, served: list[Area]) -> Result:
    """Check one offering (serving the areas ``served``) against every stated part of the need."""
    result = Result(offering)
    meets, misses, cautions = result.meets, result.misses, result.cautions
    if need.area is not None:
        if any(a.covers_everywhere for a in served):
            meets.append("Serves the whole state")
        elif any(a.pk == need.area.pk for a in served):
            meets.append(f"Serves {need.area.name}")
        else:
            misses.append(f"Does not serve {need.area.name} (serves {', '.join(a.name for a in served) or 'no area'})")
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


def _check_age(offering: Offering, age: int, result: Result) -> None:
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


def _check_availability(offering: Offering, result: Result) -> None:
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


def _score(offering: Offering, need: Need) -> int:
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


def contact_to_call(offering: Offering, need: Need) -> tuple[Contact | None, str]:
    """The contact the provider named for this kind of situation, else a trained contact."""
    first_calls = {fc.situation: fc.contact for fc in offering.organization.directory_first_calls.all()}
    for situation in need.situations():
        contact = first_calls.get(situation)
        if contact is not None and contact.is_active:
            return contact, f"call first for {Situation(situation).label.lower()}"
    contacts = [c for c in offering.organization.directory_contacts.all() if c.is_active]
    trained = [c for c in contacts if c.ht_trained]
    if trained or contacts:
        return (trained or contacts)[0], "trained contact" if trained else "contact"
    return None, ""
