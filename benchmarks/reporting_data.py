"""The reporting benchmark's bulk generator: years of records at the issue's scale, written in batches.

``accord seed --scale small`` first makes the task force (about 40 organizations with staff, meetings,
trainings, agreements and a little of everything); ``generate`` then adds, spread over ``years`` before
today: clients (identifying fields encrypted, as Accord stores them), about ten services each,
investigations with their victims, subjects, arrests, charges, dispositions, prosecution referrals,
Continued Presence requests and certifications, and referrals between organizations in every state.

Rows go through ``bulk_create`` in batches of 10,000, so every field (encrypted ones included) is prepared by
Django exactly as the application would store it. Deterministic for a seed and a day.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from decimal import Decimal
from typing import Any

BATCH = 10_000

TYPES = ["sex", "labor", "both", "unknown"]
AGE_BANDS = ["0-11", "12-14", "15-17", "18-24", "25-34", "35-44", "45-54", "55+", "unknown"]
GENDERS = ["female", "male", "transgender", "nonbinary", "unknown"]
CITIZENSHIPS = ["us_citizen", "foreign_national", "unknown"]
STATUSES = ["possible", "actual", "actual", "not_a_victim"]


@dataclass
class World:
    """What the generator needs from the seeded task force: organizations by lane, a staff member each, terms."""

    lanes: dict[str, list[int]]
    staff: dict[int, int]
    levels: dict[int, str]
    terms: dict[str, list[int]]
    categories: list[int]


def batches(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def world() -> World:
    from accord.core.models import Organization, Term, User
    from accord.directory.models import ServiceCategory

    lanes: dict[str, list[int]] = {}
    levels = {}
    for pk, lane, level in Organization.objects.order_by("pk").values_list("pk", "lane", "jurisdiction_level"):
        lanes.setdefault(lane, []).append(pk)
        levels[pk] = level
    staff: dict[int, int] = {}
    for pk, org in User.objects.filter(organization__isnull=False).order_by("pk").values_list("pk", "organization"):
        staff.setdefault(org, pk)
    terms: dict[str, list[int]] = {}
    vocabularies = ("polaris-type", "lead-source", "statute", "referral-decline-reason", "referral-source")
    for pk, vocabulary in (
        Term.objects.filter(vocabulary__code__in=vocabularies, is_active=True)
        .order_by("pk")
        .values_list("pk", "vocabulary__code")
    ):
        terms.setdefault(vocabulary, []).append(pk)
    categories = list(ServiceCategory.objects.order_by("pk").values_list("pk", flat=True))
    lanes = {lane: [o for o in orgs if o in staff] for lane, orgs in lanes.items()}
    return World(lanes, staff, levels, terms, categories)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _moment(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, day_time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=UTC)


def generate(
    *, clients: int, services: int, investigations: int, referrals: int, years: float, seed: int, today: date
) -> dict[str, int]:
    """Add the records; returns how many of each were written."""
    started = time.perf_counter()
    rng = random.Random(seed)
    w = world()
    first = today - timedelta(days=round(365.25 * years))
    made: dict[str, int] = {}
    client_rows = _clients(rng, w, clients, first, today)
    made["clients"] = len(client_rows)
    made["services"] = _services(rng, w, client_rows, services, today)
    made.update(_investigations(rng, w, investigations, first, today))
    made["referrals"] = _referrals(rng, w, client_rows, referrals, first, today)
    print(f"generated {', '.join(f'{n:,} {k}' for k, n in made.items())} in {time.perf_counter() - started:.0f} s")
    return made


def _clients(
    rng: random.Random, w: World, count: int, first: date, today: date
) -> list[tuple[int, int, date, date | None]]:
    """Clients of the victim-service providers; returns (id, organization, intake, closed_on) of each."""
    from accord.victim_services.models import Client

    vsps = w.lanes["victim_services"]
    sources = w.terms.get("referral-source", [])

    def make(n: int) -> Client:
        intake = _day(rng, first, today)
        closed = intake + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.6 else None
        if closed and closed > today:
            closed = None
        status = rng.choice(STATUSES)
        return Client(
            organization_id=vsps[n % len(vsps)],
            code=f"B-{n:07d}",
            legal_name=f"Client {n}",
            date_of_birth=f"{intake.year - rng.randint(10, 60)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            phone=f"+1217555{n % 100:04d}",
            intake_date=intake,
            referral_source_id=rng.choice(sources) if sources else None,
            age_band=rng.choice(AGE_BANDS),
            gender=rng.choice(GENDERS),
            citizenship=rng.choice(CITIZENSHIPS),
            trafficking_type=rng.choice(TYPES),
            trafficking_status=status,
            status_decided_on=intake + timedelta(days=14) if status != "possible" and intake < today else None,
            status="closed" if closed else "open",
            closed_on=closed,
            created_at=_moment(rng, intake),
        )

    kept: list[tuple[int, int, date, date | None]] = []
    for chunk in batches(make(n) for n in range(count)):
        kept.extend((c.pk, c.organization_id, c.intake_date, c.closed_on) for c in Client.objects.bulk_create(chunk))
    return kept


def _services(
    rng: random.Random, w: World, clients: list[tuple[int, int, date, date | None]], count: int, today: date
) -> int:
    from accord.victim_services.models import ServiceDelivery

    others = w.lanes["victim_services"] + w.lanes.get("partner", [])
    units = ["hours", "sessions", "nights", "contacts"]

    def make() -> Iterator[ServiceDelivery]:
        for n in range(count):
            pk, org, intake, closed = clients[n % len(clients)]
            last = min(closed or today, intake + timedelta(days=365), today)
            yield ServiceDelivery(
                client_id=pk,
                delivered_on=_day(rng, intake, last),
                category_id=rng.choice(w.categories),
                provider_id=org if rng.random() < 0.8 else rng.choice(others),
                units=Decimal(rng.randint(1, 6)),
                unit=rng.choice(units),
                recorded_by_id=w.staff[org],
            )

    written = 0
    for chunk in batches(make()):
        ServiceDelivery.objects.bulk_create(chunk)
        written += len(chunk)
    return written


def _investigations(rng: random.Random, w: World, count: int, first: date, today: date) -> dict[str, int]:
    """Investigations of the law-enforcement agencies and their case records, each dated after the opening."""
    from accord.investigations.models import (
        Arrest,
        Certification,
        Charge,
        ContinuedPresence,
        Disposition,
        Investigation,
        ProsecutionReferral,
        Subject,
        Victim,
    )

    agencies = w.lanes["law_enforcement"]
    prosecutors = w.lanes.get("prosecution", [])
    federal = [a for a in agencies if w.levels[a] == "federal"] or agencies
    made = dict.fromkeys(
        ("investigations", "victims", "subjects", "arrests", "charges", "dispositions", "prosecution referrals",
         "continued presence", "certifications"), 0,
    )  # fmt: skip
    statutes = w.terms["statute"]
    for chunk in batches(range(count)):
        cases = []
        for n in chunk:
            owner = agencies[n % len(agencies)]
            opened = _day(rng, first, today)
            closed = opened + timedelta(days=rng.randint(60, 500)) if rng.random() < 0.4 else None
            closed = closed if closed and closed <= today else None
            cases.append(
                Investigation(
                    owner_id=owner,
                    case_number=f"B-{n:07d}",
                    trafficking_type=rng.choice(TYPES[:3]),
                    origin=rng.choice(["reactive", "proactive"]),
                    lead_source_id=rng.choice(w.terms["lead-source"]),
                    polaris_type_id=rng.choice(w.terms["polaris-type"]),
                    status="closed" if closed else "open",
                    opened_on=opened,
                    closed_on=closed,
                    created_by_id=w.staff[owner],
                    lead_investigator_id=w.staff[owner],
                    created_at=_moment(rng, opened),
                )
            )
        cases = Investigation.objects.bulk_create(cases)
        made["investigations"] += len(cases)
        victims: list[Victim] = []
        subjects: list[Subject] = []
        for case in cases:
            base = {
                "investigation_id": case.pk,
                "organization_id": case.owner_id,
                "recorded_by_id": w.staff[case.owner_id],
            }
            for v in range(rng.choice([0, 1, 1, 2, 3])):
                day = _day(rng, case.opened_on, min(today, case.opened_on + timedelta(days=120)))
                victims.append(
                    Victim(
                        **base,
                        reference=f"V-{v + 1}",
                        age_band=rng.choice(AGE_BANDS),
                        gender=rng.choice(GENDERS),
                        citizenship=rng.choice(CITIZENSHIPS),
                        trafficking_type=case.trafficking_type,
                        created_at=_moment(rng, day),
                    )
                )
            subjects.extend(
                Subject(**base, name=f"Subject {case.pk}-{s}", gender=rng.choice(GENDERS))
                for s in range(rng.choice([1, 1, 2]))
            )
        victims = Victim.objects.bulk_create(victims)
        subjects = Subject.objects.bulk_create(subjects)
        made["victims"] += len(victims)
        made["subjects"] += len(subjects)
        by_case = {c.pk: c for c in cases}
        arrests: list[Arrest] = []
        charges: list[Charge] = []
        referrals: list[ProsecutionReferral] = []
        relief: list[ContinuedPresence] = []
        certs: list[Certification] = []
        referred: set[tuple[int, int]] = set()  # one referral of a case to an office
        for subject in subjects:
            case = by_case[subject.investigation_id]
            base = {
                "investigation_id": case.pk,
                "organization_id": case.owner_id,
                "recorded_by_id": w.staff[case.owner_id],
            }
            if rng.random() < 0.5:
                day = _day(rng, case.opened_on, min(today, case.opened_on + timedelta(days=200)))
                arrests.append(
                    Arrest(**base, subject_id=subject.pk, arrested_on=day, arresting_agency_id=case.owner_id)
                )
                charges.extend(
                    Charge(
                        **base,
                        subject_id=subject.pk,
                        statute_id=rng.choice(statutes),
                        is_trafficking_charge=rng.random() < 0.6,
                        filed_on=_day(rng, day, min(today, day + timedelta(days=30))),
                    )
                    for _ in range(rng.choice([1, 1, 2, 3]))
                )
                office = rng.choice(prosecutors) if prosecutors else 0
                if office and rng.random() < 0.6 and (case.pk, office) not in referred:
                    referred.add((case.pk, office))
                    referrals.append(
                        ProsecutionReferral(
                            **base,
                            office_id=office,
                            level=w.levels[office],
                            referred_on=_day(rng, day, min(today, day + timedelta(days=60))),
                            decision=rng.choice(["pending", "accepted", "declined"]),
                        )
                    )
        for victim in victims:
            case = by_case[victim.investigation_id]
            base = {
                "investigation_id": case.pk,
                "organization_id": case.owner_id,
                "recorded_by_id": w.staff[case.owner_id],
            }
            day = _day(rng, victim.created_at.date(), min(today, victim.created_at.date() + timedelta(days=90)))
            if victim.citizenship == "foreign_national" and rng.random() < 0.5:
                relief.append(
                    ContinuedPresence(
                        **base,
                        victim_id=victim.pk,
                        federal_partner_id=rng.choice(federal),
                        requested_on=day,
                        status=rng.choice(["requested", "granted", "denied", "withdrawn"]),
                    )
                )
            if rng.random() < 0.15:
                certs.append(
                    Certification(
                        **base,
                        victim_id=victim.pk,
                        form=rng.choice(["i914b", "i918b"]),
                        requested_on=day,
                        status=rng.choice(["requested", "signed", "declined"]),
                        certifying_agency_id=case.owner_id,
                    )
                )
        Arrest.objects.bulk_create(arrests)
        ProsecutionReferral.objects.bulk_create(referrals)
        ContinuedPresence.objects.bulk_create(relief)
        Certification.objects.bulk_create(certs)
        made["arrests"] += len(arrests)
        made["prosecution referrals"] += len(referrals)
        made["continued presence"] += len(relief)
        made["certifications"] += len(certs)
        charges = Charge.objects.bulk_create(charges)
        made["charges"] += len(charges)
        dispositions = [
            Disposition(
                investigation_id=c.investigation_id,
                organization_id=c.organization_id,
                recorded_by_id=c.recorded_by_id,
                charge_id=c.pk,
                outcome=rng.choice(["convicted_trial", "plea", "plea", "dismissed", "acquitted"]),
                disposed_on=_day(rng, c.filed_on, min(today, c.filed_on + timedelta(days=400))),
            )
            for c in charges
            if rng.random() < 0.4
        ]
        Disposition.objects.bulk_create(dispositions)
        made["dispositions"] += len(dispositions)
    return made


def _referrals(
    rng: random.Random,
    w: World,
    clients: list[tuple[int, int, date, date | None]],
    count: int,
    first: date,
    today: date,
) -> int:
    """Referrals between organizations in every state, each step dated after the one before."""
    from accord.referrals.models import Referral

    senders = [o for orgs in w.lanes.values() for o in orgs]
    recipients = w.lanes["victim_services"] + w.lanes.get("partner", [])
    reasons = w.terms.get("referral-decline-reason", [])
    end = datetime.combine(today, day_time(23, 59), tzinfo=UTC)

    def make(n: int) -> Referral:
        sender = senders[n % len(senders)]
        recipient = rng.choice([r for r in recipients[:8] if r != sender] or recipients)
        state = rng.choice(["draft", "sent", "accepted", "accepted", "declined", "completed", "completed", "withdrawn"])
        made = _moment(rng, _day(rng, first, today))

        def later(moment: datetime, **delta: int) -> datetime:
            return min(end, moment + timedelta(**delta))

        sent = later(made, hours=rng.randint(0, 48))
        accepted = declined = completed = withdrawn = None
        if state in ("accepted", "completed") or (state == "withdrawn" and rng.random() < 0.5):
            accepted = later(sent, hours=rng.choice([2, 20, 47, 60, 100, 200, 500, 900]))
        if state == "declined":
            declined = later(sent, hours=rng.randint(1, 300))
        if state == "completed" and accepted:
            completed = later(accepted, days=rng.randint(1, 60))
        if state == "withdrawn":
            withdrawn = later(accepted or sent, days=rng.randint(1, 20))
        client = clients[n % len(clients)] if clients and sender in w.lanes["victim_services"] else None
        return Referral(
            sender_id=sender,
            sent_by_id=w.staff[sender],
            recipient_id=recipient,
            need_id=rng.choice(w.categories),
            age_band=rng.choice(AGE_BANDS),
            gender=rng.choice(GENDERS),
            trafficking_type=rng.choice(TYPES),
            client_id=client[0] if client and client[1] == sender else None,
            state=state,
            sent_at=sent if state != "draft" else None,
            accepted_at=accepted,
            declined_at=declined,
            decline_reason_id=rng.choice(reasons) if declined and reasons else None,
            completed_at=completed,
            outcome="provided" if completed else "",
            withdrawn_at=withdrawn,
            decided_by_id=w.staff[recipient] if (accepted or declined) else None,
            created_at=made,
        )

    written = 0
    for chunk in batches(make(n) for n in range(count)):
        Referral.objects.bulk_create(chunk)
        written += len(chunk)
    return written
