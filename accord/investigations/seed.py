"""Synthetic investigations for the demo and the benchmarks: every legal stage, both types, charges and outcomes,
Continued Presence and visa items, criminal intelligence, and an Assistant U.S. Attorney account.

Appended to ``accord.core.seed.SEEDERS``. Uses only ctx.rng, ctx.faker and ctx.now, so a seed number reproduces
it. Deliberate features the demo relies on:
- the Riverside Police Department (investigator, supervisor) owns a case at every legal stage, sex and labor;
- its cases are shared with the Cedar County District Attorney (the "prosecutor" persona) and the U.S.
  Attorney's Office, where the demo account ``ausa`` (Assistant U.S. Attorney) works;
- some referrals await the prosecutors' decision, some Continued Presence grants are due for renewal, some
  visa declarations await signature, and some intelligence records are overdue for review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from allauth.mfa.models import Authenticator

from accord.core import crypto
from accord.core.auth import MFA_SECRET_CONTEXT
from accord.core.demo import totp_secret_for
from accord.core.models import (
    AuditEvent,
    JurisdictionLevel,
    Lane,
    Organization,
    Role,
    RoleGrant,
    Term,
    User,
    Vocabulary,
)
from accord.core.seed import SeedContext, append_history
from accord.investigations.models import (
    Arrest,
    CaseRecord,
    CaseReviewItem,
    Certification,
    Charge,
    ContinuedPresence,
    CourtEvent,
    Decision,
    Disposition,
    IntelligenceRecord,
    Investigation,
    InvestigationShare,
    ProsecutionReferral,
    Stage,
    Status,
    Subject,
    Task,
    TimelineEvent,
    Victim,
    Witness,
    add_months,
    add_years,
)

RPD = "Riverside Police Department"
SBI = "State Bureau of Investigation"
HSI = "Homeland Security Investigations, Riverside Office"
MTP = "Marlow Tribal Police"
CCDA = "Cedar County District Attorney"
USAO = "United States Attorney's Office, Eastern District"
OAG = "Office of the State Attorney General"
AUSA_USERNAME = "ausa"
R = TypeVar("R", bound=CaseRecord)

SCALE_CASES = {"small": 36, "medium": 150, "large": 600}
STAGES = [
    Stage.INVESTIGATION,
    Stage.CHARGED,
    Stage.REFERRED,
    Stage.PROSECUTION,
    Stage.ADJUDICATED,
    Stage.DECLINED,
    Stage.CLOSED,
]
POLARIS = {
    "sex": ["polaris-01", "polaris-02", "polaris-03", "polaris-04", "polaris-06", "polaris-21"],
    "labor": ["polaris-05", "polaris-08", "polaris-09", "polaris-11", "polaris-14", "polaris-15", "polaris-16"],
    "both": ["polaris-02", "polaris-06", "polaris-17"],
    "unknown": ["polaris-17"],
}
DEMO_STATE_STATUTES = [
    ("state-ht-sex", "State § 12-14.1 — Trafficking in persons for commercial sexual activity (demo statute)"),
    ("state-ht-labor", "State § 12-14.2 — Trafficking in persons for forced labor or services (demo statute)"),
    ("state-involuntary-servitude", "State § 12-14.3 — Involuntary servitude (demo statute)"),
    ("state-promoting-prostitution", "State § 11-18.1 — Promoting prostitution (demo statute)"),
    ("state-wage-theft", "State § 820-12 — Wage theft (demo statute)"),
]
ROLES_BY_TYPE = {
    "sex": ["recruiter", "controlled", "exploiter", "transporter", "bought"],
    "labor": ["recruiter", "broker", "harboured", "exploiter", "transporter"],
}
ADULT_BANDS = ["18-24", "18-24", "25-34", "25-34", "35-44", "45-54", "55+"]
SUMMARIES = {
    "labor": [
        "Workers recruited abroad with promises of farm jobs; passports held by the crew leader, wages withheld "
        "against a travel debt.",
        "Restaurant staff housed above the business, working seven days a week; threats of deportation.",
        "Domestic worker brought in on a visitor visa, not allowed to leave the house.",
    ],
    "sex": [
        "Online advertisements for commercial sex; a minor identified in a hotel operation.",
        "Illicit massage business with women living on the premises; debt and threats used for control.",
        "Street-level exploitation controlled by a boyfriend-style trafficker; violence reported.",
    ],
}
EVENTS = [
    "Interview with a survivor (trauma-informed, advocate present)",
    "Surveillance of the work site",
    "Subpoena for bank records",
    "Records received from the hotel",
    "Search warrant executed",
]
TASKS = [
    "Request phone records",
    "Follow up with the advocate on the survivor's needs",
    "Prepare the case for charging review",
    "Interview the second witness",
]
DECLINE_NOTE = (
    "Insufficient evidence of force, fraud or coercion at this time; re-refer if the second victim gives a statement."
)
PREDICATE = (
    "Two independent sources report workers' passports held and wages withheld against recruitment debts; one "
    "worker describes threats of deportation."
)
SOURCES = ["Confidential informant, reliability unknown", "Hotline tip, corroborated", "Partner agency bulletin"]


@dataclass
class Plan:
    """One investigation and everything recorded in it, before saving."""

    number: int
    investigation: Investigation
    stage: Stage
    by: User
    today: date
    subjects: list[Subject] = field(default_factory=list)
    roles: list[list[str]] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)

    @property
    def federal(self) -> bool:
        """Charged federally: every third case, and every case of a federal agency."""
        return self.number % 3 == 1 or self.investigation.owner.jurisdiction_level == JurisdictionLevel.FEDERAL

    def reached(self, stage: Stage) -> bool:
        return STAGES.index(self.stage) >= STAGES.index(stage)

    def on(self, share: float) -> date:
        """A date ``share`` of the way from the opening to today, so the steps of a case stay in order."""
        opened = self.investigation.opened_on
        return opened + timedelta(days=int((self.today - opened).days * share))

    def at(self, share: float) -> datetime:
        return self.investigation.created_at + timedelta(days=(self.on(share) - self.investigation.opened_on).days)

    def stamp(self, record: R, share: float) -> R:
        """Fill in what every record of the case carries: the case, who recorded it, and when."""
        record.investigation = self.investigation
        record.recorded_by = self.by
        record.organization = self.investigation.owner
        record.created_at = self.at(share)
        return record


def seed_investigations(ctx: SeedContext) -> None:
    organizations = {o.name: o for lane in ctx.organizations.values() for o in lane}
    if RPD not in organizations:
        return
    terms = _terms(ctx)
    staff = _case_staff()
    ausa = _seed_ausa(ctx, organizations[USAO])
    staff.setdefault(organizations[USAO].pk, []).insert(0, ausa)
    owners = _owners(ctx, organizations)
    plans = [_plan(ctx, n, owner, staff, terms) for n, owner in enumerate(owners)]
    Builder(ctx, organizations, staff, terms).build(plans)
    _seed_reviews(plans)
    _history(plans)
    _seed_intelligence(ctx, organizations, staff)


def _terms(ctx: SeedContext) -> dict[str, dict[str, Term]]:
    statute = Vocabulary.objects.get(code="statute")
    existing = set(statute.terms.values_list("code", flat=True))
    Term.objects.bulk_create(
        Term(vocabulary=statute, code=code, label=label, sort_order=1000 + n * 10)
        for n, (code, label) in enumerate(DEMO_STATE_STATUTES)
        if code not in existing
    )
    codes = ["statute", "nibrs-offense", "lead-source", "polaris-type", "perpetrator-role"]
    found: dict[str, dict[str, Term]] = {code: {} for code in codes}
    for term in Term.objects.filter(vocabulary__code__in=codes, is_active=True).select_related("vocabulary"):
        found[term.vocabulary.code][term.code] = term
    return found


def _case_staff() -> dict[int, list[User]]:
    """Active case staff by organization, personas first so the demo's people own the demo's work."""
    staff: dict[int, list[User]] = {}
    grants = (
        RoleGrant.objects.filter(
            role__in=[Role.INVESTIGATOR, Role.SUPERVISOR, Role.ANALYST, Role.PROSECUTOR],
            user__is_active=True,
            user__organization__lane__in=[Lane.LAW_ENFORCEMENT, Lane.PROSECUTION],
        )
        .select_related("user")
        .order_by("user__date_joined", "user_id")
    )
    for grant in grants:
        people = staff.setdefault(grant.user.organization_id or 0, [])
        if grant.user not in people:
            people.append(grant.user)
    for people in staff.values():
        people.sort(key=lambda u: (u.username not in {"investigator", "analyst", "prosecutor"}, u.pk))
    return staff


def _seed_ausa(ctx: SeedContext, office: Organization) -> User:
    """A known prosecutor account at the U.S. Attorney's Office for the demo's federal path."""
    existing = User.objects.filter(username=AUSA_USERNAME).first()
    if existing is not None:
        return existing
    template = ctx.personas["prosecutor"]
    ausa = User.objects.create(
        username=AUSA_USERNAME,
        first_name=ctx.faker.first_name(),
        last_name=ctx.faker.last_name(),
        email=f"{AUSA_USERNAME}@demo.accord.invalid",
        organization=office,
        title="Assistant United States Attorney",
        password=template.password,  # the demo password's hash, shared by every demo account
        date_joined=ctx.now - timedelta(days=650),
        last_login=ctx.now - timedelta(days=2),
    )
    RoleGrant.objects.create(user=ausa, role=Role.PROSECUTOR)
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=ausa,
                type=Authenticator.Type.TOTP,
                data={"secret": crypto.encrypt(totp_secret_for(AUSA_USERNAME), context=MFA_SECRET_CONTEXT)},
            ),
            Authenticator(
                user=ausa,
                type=Authenticator.Type.RECOVERY_CODES,
                data={
                    "seed": crypto.encrypt(f"{ctx.rng.getrandbits(320):080x}", context=MFA_SECRET_CONTEXT),
                    "used_mask": 0,
                },
            ),
        ]
    )
    return ausa


def _owners(ctx: SeedContext, organizations: dict[str, Organization]) -> list[Organization]:
    """Riverside PD first (one case per stage, twice), then the other fixed agencies, then the rest."""
    total = SCALE_CASES.get(ctx.scale_name, 36)
    owners = [organizations[RPD]] * 14 + [organizations[SBI]] * 5 + [organizations[HSI]] * 5
    owners += [organizations[MTP]] * 2
    fixed = {RPD, SBI, HSI, MTP}
    others = [o for o in ctx.organizations.get(Lane.LAW_ENFORCEMENT, []) if o.name not in fixed]
    n = 0
    while len(owners) < total and others:
        owners.append(others[n % len(others)])
        n += 1
    return owners[:total]


def _plan(
    ctx: SeedContext, n: int, owner: Organization, staff: dict[int, list[User]], terms: dict[str, dict[str, Term]]
) -> Plan:
    rng = ctx.rng
    today = ctx.now.date()
    stage = STAGES[n % len(STAGES)]
    # Riverside PD's first fourteen: each stage once as labor trafficking, once as sex trafficking.
    kind = ("labor" if n < len(STAGES) else "sex") if n < 14 else rng.choice(["sex", "sex", "labor", "both", "unknown"])
    late = STAGES.index(stage) >= STAGES.index(Stage.PROSECUTION)
    opened = today - timedelta(days=rng.randint(300, 720) if late else rng.randint(25, 300))
    people = staff[owner.pk]
    lead = people[0] if owner.name == RPD and n % 2 == 0 else rng.choice(people)
    investigation = Investigation(
        owner=owner,
        case_number=f"{owner.short_name or f'AG{owner.pk}'}-{opened.year}-{100 + n:04d}",
        name=f"Operation {ctx.faker.unique.word().title()}" if rng.random() < 0.6 else "",
        trafficking_type=kind,
        polaris_type=terms["polaris-type"].get(rng.choice(POLARIS[kind])),
        origin=rng.choice(["reactive", "reactive", "proactive"]),
        lead_source=terms["lead-source"][rng.choice(sorted(terms["lead-source"]))],
        status=Status.CLOSED if stage == Stage.CLOSED else Status.OPEN,
        opened_on=opened,
        lead_investigator=lead,
        summary=rng.choice(SUMMARIES["labor" if kind == "labor" else "sex"]),
        created_by=lead,
        created_at=ctx.now - timedelta(days=(today - opened).days),
    )
    plan = Plan(n, investigation, stage, lead, today)
    roles = ROLES_BY_TYPE["labor" if kind == "labor" else "sex"]
    for _ in range(rng.randint(1, 3)):
        plan.subjects.append(
            Subject(
                name=ctx.faker.name(),
                aliases="\n".join(ctx.faker.first_name() for _ in range(rng.randint(0, 2))),
                date_of_birth=ctx.faker.date_of_birth(minimum_age=19, maximum_age=62).isoformat(),
                identifiers=f"Phone {ctx.faker.numerify('(###) 555-01##')}\n"
                f"Vehicle plate {ctx.faker.bothify('???-####').upper()}",
                gender=rng.choice(["male", "male", "female", "unknown"]),
            )
        )
        plan.roles.append(rng.sample(roles, rng.randint(1, 2)))
    bands = ADULT_BANDS if kind == "labor" else [*ADULT_BANDS, "15-17", "15-17"]
    for v in range(rng.randint(1, 4)):
        foreign = rng.random() < (0.7 if kind == "labor" else 0.3)
        plan.victims.append(
            Victim(
                reference=f"V-{v + 1}",
                age_band=rng.choice(bands),
                gender=rng.choice(["female", "female", "male", "transgender", "unknown"]),
                citizenship="foreign_national" if foreign else rng.choice(["us_citizen", "us_citizen", "unknown"]),
                trafficking_type=kind if kind in {"sex", "labor"} else rng.choice(["sex", "labor"]),
            )
        )
    return plan


class Builder:
    """Builds every record of the planned cases in memory, then saves each model in one bulk insert."""

    def __init__(
        self, ctx: SeedContext, organizations: dict[str, Organization], staff: dict[int, list[User]], terms: Any
    ) -> None:
        self.ctx, self.rng, self.organizations, self.staff, self.terms = ctx, ctx.rng, organizations, staff, terms
        self.rows: dict[type[Any], list[Any]] = defaultdict(list)
        self.shared: set[tuple[int, int]] = set()

    def add(self, record: Any) -> Any:
        self.rows[type(record)].append(record)
        return record

    def share(self, plan: Plan, organization: Organization, reason: str, when: float) -> None:
        key = (plan.investigation.pk, organization.pk)
        if organization.pk == plan.investigation.owner_id or key in self.shared:
            return
        self.shared.add(key)
        self.add(
            InvestigationShare(
                investigation=plan.investigation,
                organization=organization,
                reason=reason,
                shared_by=plan.by,
                shared_at=plan.at(when),
            )
        )

    def build(self, plans: list[Plan]) -> None:
        Investigation.objects.bulk_create([p.investigation for p in plans], batch_size=500)
        for plan in plans:
            for person in [*plan.subjects, *plan.victims]:
                plan.stamp(person, 0.02)
        Subject.objects.bulk_create([s for p in plans for s in p.subjects], batch_size=500)
        Victim.objects.bulk_create([v for p in plans for v in p.victims], batch_size=500)
        role_terms = self.terms["perpetrator-role"]
        Subject.roles.through.objects.bulk_create(
            [
                Subject.roles.through(subject_id=subject.pk, term_id=role_terms[code].pk)
                for p in plans
                for subject, codes in zip(p.subjects, p.roles, strict=True)
                for code in codes
            ],
            batch_size=1000,
        )
        for plan in plans:
            self.groundwork(plan)
            if plan.reached(Stage.CHARGED):
                self.charges(plan)
            if plan.reached(Stage.REFERRED):
                self.referral(plan)
            if plan.stage in {Stage.PROSECUTION, Stage.ADJUDICATED, Stage.CLOSED}:
                self.court(plan)
            self.relief(plan)
            if plan.stage == Stage.CLOSED:
                plan.investigation.closed_on = plan.on(0.95)
        Investigation.objects.bulk_update([p.investigation for p in plans if p.investigation.closed_on], ["closed_on"])
        for model in [InvestigationShare, Witness, Arrest, Charge, ProsecutionReferral, CourtEvent, TimelineEvent,
                      Task, ContinuedPresence, Certification]:  # fmt: skip
            model.objects.bulk_create(self.rows[model], batch_size=1000)  # type: ignore[attr-defined]
        for plan in plans:
            if plan.stage in {Stage.ADJUDICATED, Stage.CLOSED}:
                self.dispositions(plan)
        Disposition.objects.bulk_create(self.rows[Disposition], batch_size=1000)

    def groundwork(self, plan: Plan) -> None:
        """Sharing with a partner agency, a witness, timeline events and tasks."""
        faker, rng = self.ctx.faker, self.rng
        if plan.number % 3 == 0:
            partners = [self.organizations[SBI], self.organizations[HSI]]
            partner = next(p for p in partners[plan.number % 2 :] + partners if p.pk != plan.investigation.owner_id)
            self.share(plan, partner, "Joint investigation", 0.1)
        if rng.random() < 0.5:
            witness = Witness(
                name=faker.name(),
                contact=f"Phone {faker.numerify('(###) 555-01##')}",
                notes="Neighbor; saw workers driven away before dawn.",
            )
            self.add(plan.stamp(witness, 0.08))
        for k, title in enumerate(rng.sample(EVENTS, 2)):
            self.add(plan.stamp(TimelineEvent(occurred_on=plan.on(0.05 + 0.1 * k), title=title), 0.05 + 0.1 * k))
        assignee = self.staff[plan.investigation.owner_id][0]
        for title in rng.sample(TASKS, 2):
            due = plan.today + timedelta(days=rng.randint(-5, 30))
            self.add(plan.stamp(Task(title=title, due_on=due, assigned_to=assignee), 0.3))

    def charges(self, plan: Plan) -> None:
        inv = plan.investigation
        for s, subject in enumerate(plan.subjects[:2]):
            self.add(plan.stamp(Arrest(subject=subject, arrested_on=plan.on(0.15), arresting_agency=inv.owner), 0.15))
            for code, is_trafficking in _charge_codes(inv.trafficking_type, plan.federal):
                charge = Charge(
                    subject=subject,
                    statute=self.terms["statute"][code],
                    is_trafficking_charge=is_trafficking,
                    nibrs_offense=self.terms["nibrs-offense"].get(_nibrs(inv.trafficking_type, code)),
                    counts=self.rng.randint(1, 3),
                    filed_on=plan.on(0.17 + 0.01 * s),
                )
                plan.charges.append(self.add(plan.stamp(charge, 0.17)))

    def referral(self, plan: Plan) -> None:
        office = self.organizations[USAO if plan.federal else CCDA if plan.number % 2 == 0 else OAG]
        decision = {Stage.REFERRED: Decision.PENDING, Stage.DECLINED: Decision.DECLINED}.get(
            plan.stage, Decision.ACCEPTED
        )
        referral = ProsecutionReferral(
            office=office,
            level=office.jurisdiction_level,
            referred_on=plan.on(0.25),
            decision=decision,
            decided_on=None if decision == Decision.PENDING else plan.on(0.35),
            decision_note=DECLINE_NOTE if decision == Decision.DECLINED else "",
        )
        self.add(plan.stamp(referral, 0.25))
        self.share(plan, office, "Referred for prosecution", 0.25)

    def court(self, plan: Plan) -> None:
        court = "U.S. District Court, Eastern District" if plan.federal else "Cedar County Circuit Court"
        arraignment = CourtEvent(
            kind="arraignment", occurs_on=plan.on(0.45), court=court, outcome_note="Not guilty pleas entered."
        )
        self.add(plan.stamp(arraignment, 0.45))
        if plan.stage == Stage.PROSECUTION:
            trial = plan.today + timedelta(days=self.rng.randint(7, 90))
            self.add(plan.stamp(CourtEvent(kind="trial", occurs_on=trial, court=court), 0.5))
        else:
            self.add(plan.stamp(CourtEvent(kind="sentencing", occurs_on=plan.on(0.8), court=court), 0.8))

    def relief(self, plan: Plan) -> None:
        """Continued Presence (through HSI unless the agency is federal) and T/U visa forms for foreign nationals."""
        federal_agency = plan.investigation.owner.jurisdiction_level == JurisdictionLevel.FEDERAL
        foreign = [v for v in plan.victims if v.citizenship == "foreign_national"]
        for v, victim in enumerate(foreign[:2]):
            turn = plan.number + v
            status = ["requested", "granted", "granted", "denied"][turn % 4]
            decided = plan.on(0.3) if status != "requested" else None
            expires = None
            if status == "granted" and decided is not None:
                expires = add_months(decided, 24)
                if turn % 3 == 0 or expires <= plan.today:  # due for renewal in the demo
                    expires = plan.today + timedelta(days=self.rng.randint(20, 80))
            request = ContinuedPresence(
                victim=victim,
                federal_partner=None if federal_agency else self.organizations[HSI],
                requested_on=plan.on(0.2),
                status=status,
                decided_on=decided,
                expires_on=expires,
            )
            self.add(plan.stamp(request, 0.2))
            if not federal_agency:
                self.share(plan, self.organizations[HSI], "Continued Presence requested through them", 0.2)
            signed = turn % 2 == 0
            form = Certification(
                victim=victim,
                form="i918b" if plan.investigation.trafficking_type == "unknown" else "i914b",
                requested_on=plan.on(0.4),
                requested_by="The victim's immigration attorney",
                status="signed" if signed else "requested",
                certifying_agency=plan.investigation.owner if signed else None,
                certifying_official=f"{plan.by.get_full_name()}, {plan.by.title or 'Detective'}" if signed else "",
                signed_on=plan.on(0.5) if signed else None,
            )
            self.add(plan.stamp(form, 0.4))

    def dispositions(self, plan: Plan) -> None:
        for c, charge in enumerate(plan.charges):
            outcome = "plea" if c % 3 == 0 else self.rng.choice(["convicted_trial", "plea", "dismissed"])
            if self.rng.random() < 0.1:
                outcome = "acquitted"
            convicted = outcome in {"plea", "convicted_trial"}
            months = None
            if convicted:
                months = self.rng.choice([60, 120, 180, 240] if charge.is_trafficking_charge else [6, 12, 18])
            restitution = None
            if convicted and charge.is_trafficking_charge:
                restitution = Decimal(self.rng.randint(5, 120) * 1000)
            disposition = Disposition(
                charge=charge,
                outcome=outcome,
                disposed_on=max(plan.on(0.75), charge.filed_on),
                sentence=f"{months} months' imprisonment, 5 years' supervised release" if months else "",
                custody_months=months,
                restitution_ordered=restitution,
            )
            self.add(plan.stamp(disposition, 0.75))


def _charge_codes(kind: str, federal: bool) -> list[tuple[str, bool]]:
    """The statutes charged: the trafficking offense, and a second charge (HT-related or not)."""
    if federal:
        main = {"sex": "usc-18-1591", "labor": "usc-18-1589"}.get(kind, "usc-18-1590")
        return [(main, True), ("usc-18-1592" if kind == "labor" else "usc-18-1594", True)]
    main = {"sex": "state-ht-sex", "labor": "state-ht-labor"}.get(kind, "state-involuntary-servitude")
    other = "state-promoting-prostitution" if kind in {"sex", "both"} else "state-wage-theft"
    return [(main, True), (other, False)]


def _nibrs(kind: str, code: str) -> str:
    if code == "state-promoting-prostitution":
        return "40B"
    if code == "state-wage-theft":
        return ""
    labor = kind == "labor" or code in {"usc-18-1589", "usc-18-1592", "state-ht-labor"}
    return "64B" if labor else "64A"


def _seed_reviews(plans: list[Plan]) -> None:
    from accord.investigations.sharing import snapshot

    chosen = ["trafficking_type", "polaris_type", "stage", "victims", "citizenship", "relief", "next_court"]
    items = []
    for plan in [p for p in plans if p.investigation.owner.name == RPD][:3]:
        item = CaseReviewItem(
            meeting_on=plan.today + timedelta(days=7),  # the facts are today's, for next week's meeting
            shared_fields=chosen,
            content=snapshot(plan.investigation, chosen),
            note="The survivor's advocate asked about housing and an interpreter.",
        )
        items.append(plan.stamp(item, 1.0))
    CaseReviewItem.objects.bulk_create(items)


def _history(plans: list[Plan]) -> None:
    """An audit event for each investigation's opening, so the auditor's trail tells the same story."""
    events = [
        AuditEvent(
            occurred_at=p.investigation.created_at,
            actor_id=p.by.pk,
            actor_label=p.by.username,
            organization_id=p.investigation.owner_id,
            verb="investigation.created",
            target_type="investigations.investigation",
            target_id=str(p.investigation.pk),
            target_label=str(p.investigation),
        )
        for p in plans
    ]
    events.sort(key=lambda e: e.occurred_at)
    append_history(events)


def _seed_intelligence(ctx: SeedContext, organizations: dict[str, Organization], staff: dict[int, list[User]]) -> None:
    """Criminal intelligence at Riverside PD and the State Bureau, some of it overdue for review."""
    today = ctx.now.date()
    records = []
    for owner in (organizations[RPD], organizations[SBI]):
        for k, age in enumerate([40, 200, 420, 800, 1500, 1790]):
            entered = today - timedelta(days=age)
            kind = ctx.rng.choice(["labor contractor", "massage business", "escort website"])
            records.append(
                IntelligenceRecord(
                    owner=owner,
                    subject_summary=f"{ctx.faker.company()} ({kind})",
                    criminal_predicate=PREDICATE,
                    source=ctx.rng.choice(SOURCES),
                    entered_on=entered,
                    review_due_on=add_years(entered, 4 if k == 5 else 1),
                    entered_by=staff[owner.pk][0],
                )
            )
    IntelligenceRecord.objects.bulk_create(records)
