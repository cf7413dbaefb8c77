"""Every indicator against counts worked out independently, over a varied world built through the apps' actions.

The world: clients of two victim-service providers (every trafficking type, age band, gender, citizenship and
status; intakes and closures on both sides of the period's edges), their services, investigations of two
agencies with victims, arrests, charges, dispositions, prosecution referrals, immigration relief and a shared
case, referrals in every state, meetings with attendance, agreements, objectives, trainings, outreach events and
assessment responses. Records stamped with "now" are made under ``time_machine`` at instants chosen around the
period's edges in the task force's time zone (23:30 on its last day is already the next day in UTC).

Each expectation is plain Python over the objects made here, never the indicator's query. A spec added to the
registry without an expectation fails ``test_every_indicator_has_an_independent_check``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accord.assessment import actions as assessment
from accord.assessment.models import Response
from accord.assessment.tests.factories import open_round, stages_for
from accord.core.models import JurisdictionLevel, Lane, Organization, Role, Sector, Term, User
from accord.core.testing import Personas, make_organization, make_user
from accord.directory.models import ServiceCategory
from accord.governance import actions as governance
from accord.governance.models import Agreement, Attendance, Goal, Meeting, Objective
from accord.investigations import actions as investigations
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
from accord.outreach.actions import engagement as outreach_events
from accord.outreach.actions import trainings as outreach_trainings
from accord.outreach.actions.trainings import TrainerLine
from accord.outreach.models import AUDIENCE_VOCABULARY, OutreachEvent, Training, TrainingAudience
from accord.referrals import actions as referrals
from accord.referrals.models import Referral
from accord.reporting.periods import Period
from accord.reporting.registry import Scope, specs
from accord.victim_services import actions as victim_services
from accord.victim_services.models import Client, ServiceDelivery

pytestmark = pytest.mark.django_db

PERIOD = Period.quarter(2026, 2)  # 1 April to 30 June 2026
DAYS = [date(2025, 10, 20), date(2026, 3, 31), date(2026, 4, 1), date(2026, 5, 12), date(2026, 6, 30), date(2026, 7, 1)]
TYPES = ["sex", "labor", "both", "unknown"]
AGES = ["0-11", "12-14", "15-17", "18-24", "25-34", "35-44", "45-54", "55+", "unknown"]
GENDERS = ["female", "male", "transgender", "nonbinary", "unknown"]
CITIZENSHIPS = ["us_citizen", "foreign_national", "unknown"]
STATUSES = ["possible", "actual", "not_a_victim"]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


# Instants around the edges, in the task force's time zone: out, in, in (UTC: the next day), out.
MOMENTS = [local(date(2026, 3, 31), 23, 30), local(date(2026, 5, 12), 10), local(date(2026, 6, 30), 23, 30)]
MOMENTS += [local(date(2026, 7, 1), 0, 30)]


def term(vocabulary: str, code: str = "") -> Term:
    terms = Term.objects.filter(vocabulary__code=vocabulary, is_active=True).order_by("pk")
    return terms.get(code=code) if code else terms.first()  # type: ignore[return-value]


def at(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


@dataclass
class World:
    p: Personas
    vsp_e: Organization
    agency_f: Organization
    clients: list[Client] = field(default_factory=list)
    services: list[ServiceDelivery] = field(default_factory=list)
    cases: list[Investigation] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    arrests: list[Arrest] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    prosecution: list[ProsecutionReferral] = field(default_factory=list)
    relief: list[ContinuedPresence] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    events: list[OutreachEvent] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


def build(p: Personas) -> World:
    vsp_e = make_organization("VSP E Center", Lane.VICTIM_SERVICES, Sector.VICTIM_SERVICES)
    agency_f = make_organization("Agency F Sheriff", Lane.LAW_ENFORCEMENT, Sector.LAW_ENFORCEMENT)
    w = World(p, vsp_e, agency_f)
    _victim_services(w, make_user("advocate_e", vsp_e, Role.ADVOCATE))
    _investigations(w, make_user("investigator_f", agency_f, Role.INVESTIGATOR))
    _referrals(w, User.objects.get(username="advocate_e"))
    _governance(w)
    _outreach(w)
    _assessment(w)
    return w


def _victim_services(w: World, advocate_e: User) -> None:
    categories = list(ServiceCategory.objects.order_by("pk")[:3])
    closures = [None, date(2026, 3, 31), date(2026, 4, 1), date(2026, 8, 15)]
    n = 0
    for intake in DAYS:
        for advocate in (w.p.advocate, advocate_e):
            for status in STATUSES:
                client = victim_services.client_create(
                    actor=advocate,
                    client=Client(
                        intake_date=intake,
                        trafficking_type=TYPES[n % 4],
                        age_band=AGES[n % 9],
                        gender=GENDERS[n % 5],
                        citizenship=CITIZENSHIPS[n % 3],
                        trafficking_status=status,
                    ),
                )
                closed = closures[n % 4]
                if closed and closed >= intake:
                    victim_services.client_close(
                        actor=advocate,
                        client=client,
                        expected_version=client.version,
                        closed_on=closed,
                        reason=term("closure-reason"),
                    )
                for k, day in enumerate(DAYS[1:][n % 3 :: 2]):  # services on and around the edges
                    if day >= intake:
                        service = ServiceDelivery(
                            client=client, delivered_on=day, category=categories[(n + k) % 3], units=Decimal(1)
                        )
                        if k == 1:
                            service.provider = w.p.partner_c  # given by another organization, for the client's VSP
                        w.services.append(victim_services.service_record(actor=advocate, service=service))
                client.refresh_from_db()
                w.clients.append(client)
                n += 1


def _investigations(w: World, investigator_f: User) -> None:
    state_ag = make_organization(
        "State Attorney General", Lane.PROSECUTION, Sector.PROSECUTION, JurisdictionLevel.STATE
    )
    usao = make_organization("U.S. Attorney", Lane.PROSECUTION, Sector.PROSECUTION, JurisdictionLevel.FEDERAL)
    hsi = make_organization("HSI Office", Lane.LAW_ENFORCEMENT, Sector.LAW_ENFORCEMENT, JurisdictionLevel.FEDERAL)
    deciders = {state_ag.pk: make_user("state_prosecutor", state_ag, Role.PROSECUTOR)}
    deciders[usao.pk] = make_user("ausa_counts", usao, Role.PROSECUTOR)
    statute = term("statute", "usc-18-1589")
    n = 0
    for opened in DAYS[1:]:
        for investigator in (w.p.investigator, investigator_f):
            case = investigations.investigation_create(
                actor=investigator,
                investigation=Investigation(
                    case_number=f"N-{n}",
                    trafficking_type=TYPES[n % 3],
                    origin=["reactive", "proactive"][n % 2],
                    lead_source=term("lead-source"),
                    opened_on=opened,
                ),
            )
            w.cases.append(case)
            with at(MOMENTS[n % 4]):
                victim = investigations.victim_save(
                    actor=investigator,
                    victim=Victim(
                        investigation=case,
                        reference="V-1",
                        age_band=AGES[n % 9],
                        gender=GENDERS[n % 5],
                        citizenship="foreign_national" if n % 2 == 0 else "us_citizen",
                        trafficking_type=case.trafficking_type,
                    ),
                )
            w.victims.append(victim)
            subject = investigations.subject_save(actor=investigator, subject=Subject(investigation=case, name="S"))
            day = DAYS[1 + n % 5]
            w.arrests.append(
                investigations.arrest_save(
                    actor=investigator,
                    arrest=Arrest(investigation=case, subject=subject, arrested_on=day, arresting_agency=case.owner),
                )
            )
            for trafficking in (True, False):
                filed = DAYS[1 + (n + trafficking) % 5]
                w.charges.append(
                    investigations.charge_save(
                        actor=investigator,
                        charge=Charge(
                            investigation=case,
                            subject=subject,
                            statute=statute,
                            is_trafficking_charge=trafficking,
                            filed_on=filed,
                        ),
                    )
                )
            charge = w.charges[-2]
            w.dispositions.append(
                investigations.disposition_save(
                    actor=investigator,
                    disposition=Disposition(
                        investigation=case,
                        charge=charge,
                        outcome=["convicted_trial", "plea", "dismissed", "acquitted"][n % 4],
                        disposed_on=max(charge.filed_on, DAYS[1 + (n + 2) % 5]),
                    ),
                )
            )
            office = [state_ag, usao][n % 2]
            referral = investigations.referral_save(
                actor=investigator,
                referral=ProsecutionReferral(investigation=case, office=office, referred_on=DAYS[1 + (n + 1) % 5]),
            )
            if n % 3:
                decision = "accepted" if n % 3 == 1 else "declined"
                referral = investigations.referral_decide(
                    actor=deciders[office.pk],
                    referral=referral,
                    decision=decision,
                    decided_on=referral.referred_on,
                    note="" if decision == "accepted" else "Not enough evidence yet.",
                )
            w.prosecution.append(referral)
            if victim.citizenship == "foreign_national":
                requested = DAYS[1 + (n + 3) % 5]
                status = ["requested", "granted", "denied"][n % 3]
                w.relief.append(
                    investigations.continued_presence_save(
                        actor=investigator,
                        request=ContinuedPresence(
                            investigation=case,
                            victim=victim,
                            federal_partner=hsi,
                            requested_on=requested,
                            status=status,
                            decided_on=requested + timedelta(days=10) if status != "requested" else None,
                        ),
                    )
                )
                signed = n % 4 == 0
                w.certifications.append(
                    investigations.certification_save(
                        actor=investigator,
                        certification=Certification(
                            investigation=case,
                            victim=victim,
                            form=["i914b", "i918b"][(n // 2) % 2],
                            requested_on=requested,
                            status="signed" if signed else "requested",
                            signed_on=requested if signed else None,
                            certifying_agency=case.owner if signed else None,
                            certifying_official="Chief" if signed else "",
                        ),
                    )
                )
            n += 1
    # Agency F records an arrest in a case Agency A owns and shared with it: it counts for both.
    shared = w.cases[0]
    investigations.investigation_share(
        actor=w.p.investigator, investigation=shared, organization=w.agency_f, reason="Joint operation"
    )
    subject = investigations.subject_save(actor=investigator_f, subject=Subject(investigation=shared, name="T"))
    w.arrests.append(
        investigations.arrest_save(
            actor=investigator_f,
            arrest=Arrest(investigation=shared, subject=subject, arrested_on=DAYS[3], arresting_agency=w.agency_f),
        )
    )


def _referrals(w: World, advocate_e: User) -> None:
    """Each scenario: (sender, recipient side, moments of send, answer and close, how it ends)."""
    p = w.p
    reasons = list(Term.objects.filter(vocabulary__code="referral-decline-reason").order_by("pk")[:2])
    mid, late, early, after = MOMENTS[1], MOMENTS[2], MOMENTS[0], MOMENTS[3]
    scenarios: list[tuple[User, Organization, User, list[datetime], str]] = [
        (p.advocate, p.partner_c, p.member, [mid, mid + timedelta(hours=1), late], "complete"),
        (p.investigator, w.vsp_e, advocate_e, [early, early + timedelta(days=4)], "accept"),
        (p.advocate, w.vsp_e, advocate_e, [mid, mid + timedelta(days=20)], "accept"),
        (p.investigator, p.partner_c, p.member, [mid - timedelta(days=60), mid], "accept"),
        (p.advocate, p.partner_c, p.member, [mid, mid + timedelta(hours=48)], "accept"),
        (p.advocate, w.vsp_e, advocate_e, [mid, late], "decline"),
        (p.investigator, w.vsp_e, advocate_e, [mid, after], "decline"),
        (p.advocate, p.partner_c, p.member, [early, mid], "withdraw"),
        (p.advocate, p.partner_c, p.member, [], "draft"),
        (p.investigator, p.partner_c, p.member, [after], "send"),
    ]
    categories = list(ServiceCategory.objects.order_by("pk")[:2])
    for n, (sender, recipient, answerer, moments, end) in enumerate(scenarios):
        referral = referrals.referral_save(
            actor=sender, referral=Referral(recipient=recipient, need=categories[n % 2], age_band=AGES[n % 9])
        )
        moves = {"draft": [], "send": ["send"], "complete": ["send", "accept", "complete"]}.get(end, ["send", end])
        for moment, move in zip(moments, moves, strict=True):
            with at(moment):
                _move(referral, move, sender, answerer, reasons[n % 2])
        referral.refresh_from_db()
        w.referrals.append(referral)


def _move(referral: Referral, move: str, sender: User, answerer: User, reason: Term) -> None:
    version = referral.version
    if move == "send":
        referrals.referral_send(actor=sender, referral=referral, expected_version=version)
    elif move == "withdraw":
        referrals.referral_withdraw(actor=sender, referral=referral, expected_version=version)
    elif move == "accept":
        referrals.referral_accept(actor=answerer, referral=referral, expected_version=version)
    elif move == "decline":
        referrals.referral_decline(actor=answerer, referral=referral, expected_version=version, reason=reason)
    else:
        referrals.referral_complete(actor=answerer, referral=referral, expected_version=version, outcome="provided")


def _governance(w: World) -> None:
    p = w.p
    people = [p.advocate, p.investigator, p.member, p.coordinator]
    for n, moment in enumerate([*MOMENTS, MOMENTS[1]]):
        meeting = governance.meeting_save(
            actor=p.coordinator,
            meeting=Meeting(
                title=f"Task force meeting {n}",
                starts_at=moment,
                ends_at=moment + timedelta(minutes=20),
                is_cancelled=n == 4,
            ),
        )
        w.attendance += governance.meeting_set_attendance(actor=p.coordinator, meeting=meeting, people=people[n % 2 :])
        w.meetings.append(meeting)
    for n, (status, effective, expiry) in enumerate(
        [
            ("in_force", date(2025, 1, 1), None),
            ("in_force", date(2025, 1, 1), date(2026, 3, 31)),  # expired the day before
            ("in_force", date(2026, 6, 30), date(2027, 1, 1)),  # effective on the last day
            ("in_force", date(2026, 7, 1), None),  # not yet
            ("draft", None, None),
        ]
    ):
        w.agreements.append(
            governance.agreement_save(
                actor=p.coordinator,
                agreement=Agreement(
                    title=f"Agreement {n}",
                    kind=["mou", "protocol", "data_sharing"][n % 3],
                    status=status,
                    effective_date=effective,
                    expiry_date=expiry,
                ),
                parties=[p.vsp_b, p.agency_a] if n % 2 == 0 else [p.vsp_b, p.partner_c],
            )
        )
    goal = governance.goal_save(
        actor=p.coordinator, goal=Goal(charter=governance.current_charter(), title="Serve more survivors", sort_order=1)
    )
    for n, due in enumerate([date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 31)]):
        w.objectives.append(
            governance.objective_save(
                actor=p.coordinator,
                objective=Objective(
                    goal=goal,
                    description=f"Objective {n}",
                    measure="people",
                    target=Decimal(10),
                    due_date=due,
                    owner=[p.advocate, p.investigator, p.coordinator][n],
                    status=["on_track", "at_risk", "on_track"][n],
                ),
            )
        )


def _outreach(w: World) -> None:
    p = w.p
    audiences = list(Term.objects.filter(vocabulary__code=AUDIENCE_VOCABULARY).order_by("pk")[:3])
    for n, moment in enumerate([*MOMENTS, MOMENTS[1]]):
        counts = {audiences[n % 3]: 4 + n, audiences[(n + 1) % 3]: 2}
        w.trainings.append(
            outreach_trainings.training_save(
                actor=p.coordinator,
                training=Training(
                    title=f"Training {n}",
                    starts_at=moment,
                    ends_at=moment + timedelta(minutes=20),
                    session_type=["standard", "onboarding", "train_the_trainer"][n % 3],
                    sign_in="counts",
                    total_attendees=sum(counts.values()),
                    is_cancelled=n == 4,
                ),
                audience_counts=counts,
                trainers=[TrainerLine(name="Trainer", organization=[p.vsp_b, p.agency_a][n % 2])],
            )
        )
        w.events.append(
            outreach_events.event_save(
                actor=p.coordinator,
                event=OutreachEvent(
                    title=f"Event {n}",
                    kind="community",
                    starts_at=moment,
                    ends_at=moment + timedelta(minutes=20),
                    audience=audiences[n % 3],
                    reach=[120, None, 30, 10, 7][n],
                    is_cancelled=n == 4,
                ),
                member_organizations=[[p.vsp_b], [p.agency_a, p.vsp_b]][n % 2],
            )
        )


def _assessment(w: World) -> None:
    p = w.p
    round_ = open_round(p)
    for person, moment in zip([p.investigator, p.advocate, p.member, p.vsp_admin], MOMENTS, strict=True):
        with at(moment):
            w.responses.append(assessment.response_submit(actor=person, round_=round_, stages=stages_for(round_, 2)))


# --- The expectations: plain Python over the objects above -----------------------------------------------------


def within(day: date | None) -> bool:
    return day is not None and PERIOD.start <= day <= PERIOD.end


def on_day(moment: datetime | None) -> bool:
    return moment is not None and within(timezone.localtime(moment).date())


def tally(rows: Iterable[Any], key: Callable[[Any], tuple[Any, ...]], weight: Callable[[Any], int] = lambda r: 1):
    out: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        out[tuple(str(v) for v in key(row))] += weight(row)
    return {k: n for k, n in out.items() if n}


Orgs = frozenset[int] | None


def mine(org_ids: Orgs, *owners: int | None) -> bool:
    return org_ids is None or any(o in org_ids for o in owners)


def _identified(w: World, orgs: Orgs) -> list[Client]:
    return [
        c
        for c in w.clients
        if within(c.intake_date) and c.trafficking_status != "not_a_victim" and mine(orgs, c.organization_id)
    ]


def _case_records(w: World, orgs: Orgs, rows: list[Any], day: Callable[[Any], Any]) -> list[Any]:
    owner = {c.pk: c.owner_id for c in w.cases}
    return [r for r in rows if within(day(r)) and mine(orgs, owner[r.investigation_id], r.organization_id)]


def _case_type(w: World) -> dict[int, str]:
    return {c.pk: c.trafficking_type for c in w.cases}


def _referrals_of(w: World, orgs: Orgs) -> list[Referral]:
    return [r for r in w.referrals if mine(orgs, r.sender_id, r.recipient_id)]


def _speed(r: Referral) -> str:
    waited = r.accepted_at - r.sent_at  # type: ignore[operator]
    if waited <= timedelta(hours=48):
        return "within_48h"
    if waited <= timedelta(days=7):
        return "3_7_days"
    return "8_30_days" if waited <= timedelta(days=30) else "over_30_days"


def _meetings(w: World, orgs: Orgs) -> list[Meeting]:
    went = {(a.meeting_id, a.organization_id) for a in w.attendance}
    return [
        m
        for m in w.meetings
        if not m.is_cancelled and on_day(m.starts_at) and (orgs is None or any((m.pk, o) in went for o in orgs))
    ]


def _trainings(w: World, orgs: Orgs) -> list[Training]:
    trainers = {t.pk: {x.organization_id for x in t.trainers.all()} for t in w.trainings}
    return [
        t for t in w.trainings if not t.is_cancelled and on_day(t.starts_at) and (orgs is None or trainers[t.pk] & orgs)
    ]


def _events(w: World, orgs: Orgs) -> list[OutreachEvent]:
    involved = {e.pk: {o.pk for o in e.member_organizations.all()} for e in w.events}
    return [
        e for e in w.events if not e.is_cancelled and on_day(e.starts_at) and (orgs is None or involved[e.pk] & orgs)
    ]


def _in_force(w: World, orgs: Orgs) -> list[Agreement]:
    return [
        a
        for a in w.agreements
        if a.status == "in_force"
        and (a.effective_date is None or a.effective_date <= PERIOD.end)
        and (a.expiry_date is None or a.expiry_date >= PERIOD.start)
        and (orgs is None or {o.pk for o in a.parties.all()} & orgs)
    ]


def _audience_code(item: Any) -> str | None:
    return item.audience.code if item.audience_id else None


STEPS = ["sent", "accepted", "declined", "completed", "withdrawn"]
Expect = Callable[[World, Orgs], dict[tuple[str, ...], int]]
EXPECTED: dict[str, Expect] = {
    "vs.victims_identified": lambda w, o: tally(_identified(w, o), lambda c: (c.trafficking_type, c.age_band)),
    "vs.victims_identified_gender": lambda w, o: tally(_identified(w, o), lambda c: (c.trafficking_type, c.gender)),
    "vs.victims_identified_citizenship": lambda w, o: tally(
        _identified(w, o), lambda c: (c.trafficking_type, c.citizenship)
    ),
    "vs.trafficking_status": lambda w, o: tally(
        [c for c in w.clients if within(c.intake_date) and mine(o, c.organization_id)],
        lambda c: (c.trafficking_status, c.trafficking_type),
    ),
    "vs.clients_served": lambda w, o: tally(
        [
            c
            for c in w.clients
            if c.intake_date <= PERIOD.end
            and (c.closed_on is None or c.closed_on >= PERIOD.start)
            and mine(o, c.organization_id)
        ],
        lambda c: ("new" if c.intake_date >= PERIOD.start else "continuing", c.trafficking_type),
    ),
    "vs.services_delivered": lambda w, o: tally(
        [s for s in w.services if within(s.delivered_on) and mine(o, s.client.organization_id)],
        lambda s: (s.category.code,),
    ),
    "le.investigations_opened": lambda w, o: tally(
        [c for c in w.cases if within(c.opened_on) and mine(o, c.owner_id)], lambda c: (c.trafficking_type, c.origin)
    ),
    "le.victims_identified": lambda w, o: tally(
        _case_records(w, o, w.victims, lambda v: timezone.localtime(v.created_at).date()),
        lambda v: (v.trafficking_type, v.age_band),
    ),
    "le.arrests": lambda w, o: tally(
        _case_records(w, o, w.arrests, lambda a: a.arrested_on), lambda a: (_case_type(w)[a.investigation_id],)
    ),
    "le.charges": lambda w, o: tally(
        _case_records(w, o, w.charges, lambda c: c.filed_on),
        lambda c: ("trafficking" if c.is_trafficking_charge else "other", _case_type(w)[c.investigation_id]),
    ),
    "le.prosecution_referrals": lambda w, o: tally(
        _case_records(w, o, w.prosecution, lambda r: r.referred_on), lambda r: (r.level, r.decision)
    ),
    "le.dispositions": lambda w, o: tally(
        _case_records(w, o, w.dispositions, lambda d: d.disposed_on),
        lambda d: (d.outcome, _case_type(w)[d.investigation_id]),
    ),
    "le.continued_presence": lambda w, o: tally(
        _case_records(w, o, w.relief, lambda r: r.requested_on), lambda r: (r.status,)
    ),
    "le.certifications": lambda w, o: tally(
        _case_records(w, o, w.certifications, lambda c: c.requested_on), lambda c: (c.form, c.status)
    ),
    "ref.referrals": lambda w, o: tally(
        [(step,) for r in _referrals_of(w, o) for step in STEPS if on_day(getattr(r, f"{step}_at"))], lambda k: k
    ),
    "ref.acceptance_speed": lambda w, o: tally(
        [r for r in _referrals_of(w, o) if on_day(r.accepted_at) and r.sent_at], lambda r: (_speed(r),)
    ),
    "ref.declined_by_reason": lambda w, o: tally(
        [r for r in _referrals_of(w, o) if on_day(r.declined_at) and r.decline_reason_id],
        lambda r: (r.decline_reason.code,),
    ),
    "gov.meetings_held": lambda w, o: {(): n} if (n := len(_meetings(w, o))) else {},
    "gov.attendance": lambda w, o: tally(
        [
            a
            for a in w.attendance
            if a.meeting in _meetings(w, None) and mine(o, a.organization_id)  # any attended meeting, own people
        ],
        lambda a: (a.discipline,),
    ),
    "gov.agreements_in_force": lambda w, o: tally(_in_force(w, o), lambda a: (a.kind,)),
    "gov.objectives": lambda w, o: tally(
        [x for x in w.objectives if x.due_date >= PERIOD.start and mine(o, x.owner.organization_id)],
        lambda x: (x.status,),
    ),
    "out.trainings_held": lambda w, o: tally(_trainings(w, o), lambda t: (t.session_type,)),
    "out.people_trained": lambda w, o: tally(
        [a for t in _trainings(w, o) for a in TrainingAudience.objects.filter(training=t)],
        lambda a: (a.discipline.code,),
        lambda a: a.attendees,
    ),
    "out.events": lambda w, o: tally(_events(w, o), lambda e: (_audience_code(e),)),
    "out.reach": lambda w, o: tally(_events(w, o), lambda e: (_audience_code(e),), lambda e: e.reach or 0),
    "asm.responses": lambda w, o: tally(
        [r for r in w.responses if on_day(r.submitted_at) and mine(o, r.organization_id)], lambda r: (r.discipline,)
    ),
}


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def test_every_indicator_has_an_independent_check():
    assert sorted(EXPECTED) == sorted(specs()), "Add an expectation here for each new indicator (and drop old ones)."


def test_every_indicator_matches_the_independent_count(world: World):
    p = world.p
    scopes = {
        "task force": Scope(),
        "a victim-service provider": Scope.of(p.vsp_b.pk),
        "a law-enforcement agency": Scope.of(world.agency_f.pk),
        "a partner": Scope.of(p.partner_c.pk),
    }
    wrong = []
    for code, spec in specs().items():
        for label, scope in scopes.items():
            expected = EXPECTED[code](world, scope.organization_ids)
            got = spec.compute(PERIOD, scope)
            if got != expected:
                wrong.append(f"{code} for {label}: counted {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_world_reaches_every_indicator(world: World):
    """Guard against a vacuous pass: every indicator counts something for the task force in the period."""
    empty = [code for code, expect in EXPECTED.items() if not expect(world, None)]
    assert not empty, f"The test world gives these nothing to count: {empty}"
