"""Synthetic deconfliction for the demo: targets across agencies with planted overlaps, and operations.

Every record goes through the actions, so the demo's hits are found the way real ones are. Planted:
a phone shared by the State Bureau of Investigation and Homeland Security Investigations (written differently),
a name variant with the same date of birth (Katherine / Kathy Nguyen), and two overlapping operations 300 m
apart. The demo walk-through's pair waits at the State Bureau: when the Riverside investigator enters
"512-555-0142" or "Memo Rodriguez" born 1986-04-17, both agencies get a hit.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from accord.core.models import Lane, User
from accord.core.seed import SeedContext
from accord.deconfliction import actions, variants
from accord.deconfliction.models import Kind, OperationKind, Target
from accord.investigations.actions import investigation_share
from accord.investigations.models import Investigation, Status

SBI = "State Bureau of Investigation"
HSI = "Homeland Security Investigations, Riverside Office"
RPD = "Riverside Police Department"
SHERIFF_SUFFIX = "Sheriff's Office"
PEOPLE_PER_INVESTIGATION = 3
PURPOSE = "Demo data: targets of this investigation"


def _actor(investigation: Investigation) -> User | None:
    for user in (investigation.lead_investigator, investigation.created_by):
        if user is not None and actions.can_deconflict(user) and user.organization_id == investigation.owner_id:
            return user
    return None


def _open_cases() -> dict[str, list[Investigation]]:
    cases: dict[str, list[Investigation]] = {}
    investigations = (
        Investigation.objects.exclude(status=Status.CLOSED)
        .filter(owner__lane=Lane.LAW_ENFORCEMENT)
        .select_related("owner", "lead_investigator", "created_by")
        .order_by("pk")
    )
    for investigation in investigations:
        if _actor(investigation) is not None:
            cases.setdefault(investigation.owner.name, []).append(investigation)
    return cases


def _enter(investigation: Investigation, kind: str, value: str, **extra: Any) -> Target:
    actor = _actor(investigation)
    assert actor is not None
    target, _ = actions.target_enter(
        actor=actor, investigation=investigation, kind=kind, value=value, purpose=PURPOSE, **extra
    )
    return target


def seed_deconfliction(ctx: SeedContext) -> None:
    cases = _open_cases()
    if SBI not in cases or HSI not in cases or RPD not in cases:
        return
    rng = random.Random(ctx.rng.random())
    _seed_background(cases, rng)
    _plant(cases, ctx)


def _seed_background(cases: dict[str, list[Investigation]], rng: random.Random) -> None:
    """Generated people, each with a phone and sometimes a vehicle; some appear again, varied, in another agency."""
    investigations = [inv for agency in cases.values() for inv in agency if inv.owner.name != RPD]
    people = variants.generate_people(len(investigations) * PEOPLE_PER_INVESTIGATION, rng, duplicate_rate=0.06)
    for n, record in enumerate(people):
        investigation = investigations[n % len(investigations)]
        if record.variant_type != "original":  # a variant lands in another agency's case: a hit to find
            others = [inv for inv in investigations if inv.owner_id != investigation.owner_id]
            investigation = rng.choice(others) if others else investigation
        born = record.person.date_of_birth.isoformat() if record.person.date_of_birth else ""
        person = _enter(investigation, Kind.PERSON, record.person.names[0], date_of_birth=born,
                        aliases=record.person.names[1:])  # fmt: skip
        if record.phone:
            _enter(investigation, Kind.PHONE, record.phone, person=person)
        if record.plate:
            _enter(investigation, Kind.VEHICLE, record.plate, state=record.plate_state or "TX", person=person)


def _plant(cases: dict[str, list[Investigation]], ctx: SeedContext) -> None:
    sbi, hsi = cases[SBI][0], cases[HSI][0]
    # The demo walk-through: the State Bureau already works this phone and this person.
    memo = _enter(sbi, Kind.PERSON, "Guillermo Rodríguez Vega", date_of_birth="1986-04-17", aliases=["Memo Rodriguez"])
    _enter(sbi, Kind.PHONE, "(512) 555-0142", person=memo)
    _enter(sbi, Kind.ADDRESS, "1407 East Riverside Drive, Apt 12, Austin, TX 78741", person=memo)
    # A shared phone, written two ways, and a name variant with the same date of birth.
    _enter(sbi, Kind.PHONE, "512.555.0187")
    _enter(hsi, Kind.PHONE, "+1 (512) 555-0187")
    _enter(hsi, Kind.PERSON, "Katherine Nguyen", date_of_birth="1990-02-11")
    sheriffs = [agency for name, agency in cases.items() if name.endswith(SHERIFF_SUFFIX)]
    _enter(sheriffs[0][0] if sheriffs else sbi, Kind.PERSON, "Kathy Nguyen", date_of_birth="1990-02-11")
    _enter(hsi, Kind.VEHICLE, "ABC-1O23", state="TX")
    _enter(sbi, Kind.VEHICLE, "ABC 1023", state="tx")
    # A joint case: Homeland Security shares one investigation with Riverside, whose own case holds the same
    # phone and address, so Riverside's link chart shows a cluster crossing the two cases.
    joint, rpd = cases[HSI][-1], cases[RPD][0]
    hsi_actor = _actor(joint)
    assert hsi_actor is not None
    if not joint.shares.filter(organization=rpd.owner).exists():
        investigation_share(actor=hsi_actor, investigation=joint, organization=rpd.owner, reason="Joint labor case")
    boss = _enter(joint, Kind.PERSON, "Dmitri Volkov", date_of_birth="1979-09-30", aliases=["Dima"])
    _enter(joint, Kind.PHONE, "(512) 555-0163", person=boss)
    _enter(joint, Kind.BUSINESS, "Sunrise Staffing LLC", person=boss)
    recruiter = _enter(rpd, Kind.PERSON, "Oksana Melnyk", date_of_birth="1992-06-08")
    _enter(rpd, Kind.PHONE, "512-555-0163", person=recruiter)
    _enter(rpd, Kind.ADDRESS, "2200 South Congress Avenue, Austin, TX 78704", person=recruiter)
    _enter(joint, Kind.ADDRESS, "2200 S Congress Ave, Austin TX 78704")
    # Two operations the same morning, 300 m apart.
    morning = ctx.now.replace(hour=5, minute=0) + timedelta(days=3)
    for investigation, start, lat in ((sbi, morning, "30.2500"), (hsi, morning + timedelta(hours=1), "30.2527")):
        actor = _actor(investigation)
        assert actor is not None
        actions.operation_plan(
            actor=actor,
            investigation=investigation,
            kind=OperationKind.SEARCH_WARRANT,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            place="Warehouse district, East 5th Street",
            latitude=lat,
            longitude="-97.7200",
            purpose=PURPOSE,
        )
