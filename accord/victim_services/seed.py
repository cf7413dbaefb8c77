"""Synthetic VSP clients: every trafficking type, gender, age group (minors and adults) and citizenship; needs,
services, screenings, releases live, expired and revoked, a compelled disclosure awaiting notification and a
break-glass grant awaiting review. Names come from Faker; phone numbers are 555-01XX (reserved for fiction)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from accord.core.models import Organization, Term
from accord.core.seed import SeedContext
from accord.directory.models import ServiceCategory
from accord.victim_services.models import (
    AgeBand,
    BreakGlass,
    Citizenship,
    Client,
    CompelledDisclosure,
    DecisionMaker,
    Family,
    Gender,
    Instrument,
    Need,
    NotificationTask,
    Option,
    RelatedPerson,
    Release,
    Screening,
    ServiceDelivery,
    TraffickingStatus,
    TraffickingType,
    score,
)

HARBOR_HOUSE = "Harbor House"
LEGAL_AID = "Legal Aid of the Valley"
AGES = {
    AgeBand.UNDER_12: 10,
    AgeBand.AGE_12_14: 13,
    AgeBand.AGE_15_17: 16,
    AgeBand.AGE_18_24: 21,
    AgeBand.AGE_25_34: 29,
    AgeBand.AGE_35_44: 39,
    AgeBand.AGE_45_54: 49,
    AgeBand.AGE_55_UP: 58,
}
NEED_CODES = [
    "case_management",
    "emergency_shelter",
    "legal_immigration",
    "mental_health",
    "medical_care",
    "transportation",
    "job_training",
    "esl",
    "identity_documents",
    "crisis_intervention",
]
LANGUAGES = ["en", "es", "en", "es", "zh", "vi", "tl", "mam", "ht", "en"]


def _clients_per_org(ctx: SeedContext) -> int:
    return {"small": 6, "medium": 8, "large": 10}.get(ctx.scale_name, 6)


def seed_victim_services(ctx: SeedContext) -> None:
    vsps: list[Organization] = ctx.organizations.get("victim_services", [])
    if not vsps or not Instrument.objects.exists():
        return
    terms = {code: list(Term.objects.of(code)) for code in (
        "polaris-type", "control-method", "referral-source", "closure-reason", "living-situation",
        "immigration-outcome",
    )}  # fmt: skip
    categories = {c.code: c for c in ServiceCategory.objects.filter(code__in=NEED_CODES)}
    rows: list[Client] = []
    n = 0
    for org in vsps:
        count = 30 if org.name == HARBOR_HOUSE else _clients_per_org(ctx)
        prefix = "".join(ch for ch in (org.short_name or org.name) if ch.isalnum())[:6].upper()
        for i in range(count):
            n += 1
            rows.append(_client(ctx, org, f"{prefix}-{i + 1:04d}", n, terms))
    Client.objects.bulk_create(rows, batch_size=500)
    clients = list(Client.objects.filter(organization__in=vsps).select_related("organization").order_by("pk"))
    _seed_work(ctx, clients, categories, terms)
    _seed_consent(ctx, clients)


def _client(ctx: SeedContext, org: Organization, code: str, n: int, terms: dict[str, list[Term]]) -> Client:
    rng = ctx.rng
    band = list(AGES)[n % len(AGES)] if n % 5 else rng.choice([AgeBand.AGE_15_17, AgeBand.AGE_12_14])
    age = AGES[band]
    intake = (ctx.now - timedelta(days=rng.randint(5, 700))).date()
    born = date(intake.year - age, rng.randint(1, 12), rng.randint(1, 28))
    gender = [Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.TRANSGENDER, Gender.NONBINARY, Gender.MALE][n % 6]
    first = ctx.faker.first_name_female() if gender == Gender.FEMALE else ctx.faker.first_name()
    last = ctx.faker.last_name()
    ttype = [TraffickingType.SEX, TraffickingType.LABOR, TraffickingType.BOTH, TraffickingType.UNKNOWN][n % 4]
    polaris = terms["polaris-type"]
    closed = rng.random() < 0.25 and intake < (ctx.now - timedelta(days=60)).date()
    status = [TraffickingStatus.POSSIBLE, TraffickingStatus.ACTUAL, TraffickingStatus.ACTUAL][n % 3]
    return Client(
        organization=org,
        code=code,
        legal_name=f"{first} {last}",
        preferred_name=first,
        date_of_birth=born.isoformat(),
        phone=f"+1217555{rng.randint(100, 199):04d}",
        safe_contact=rng.choice(["Text only", "Call after 6 pm", "Through the shelter office", ""]),
        address=f"{rng.randint(10, 9999)} {ctx.faker.street_name()}, {rng.choice(['Riverside', 'Marlow'])}",
        intake_date=intake,
        referral_source=rng.choice(terms["referral-source"]) if terms["referral-source"] else None,
        age_band=band,
        gender=gender,
        citizenship=Citizenship.FOREIGN_NATIONAL if n % 3 == 0 else Citizenship.US_CITIZEN,
        primary_language=LANGUAGES[n % len(LANGUAGES)],
        family=[Family.ALONE, Family.WITH_CHILDREN, Family.ALONE, Family.WITH_FAMILY][n % 4],
        trafficking_type=ttype,
        trafficking_status=status,
        status_decided_by=DecisionMaker.NGO if n % 2 else DecisionMaker.POLICE,
        status_decided_on=intake + timedelta(days=14) if status != TraffickingStatus.POSSIBLE else None,
        polaris_type=polaris[n % len(polaris)] if polaris else None,
        status="closed" if closed else "open",
        closed_on=intake + timedelta(days=rng.randint(30, 55)) if closed else None,
        closure_reason=rng.choice(terms["closure-reason"]) if closed and terms["closure-reason"] else None,
        living_situation=rng.choice(terms["living-situation"]) if closed and terms["living-situation"] else None,
        immigration_outcome=rng.choice(terms["immigration-outcome"])
        if closed and terms["immigration-outcome"]
        else None,
        created_at=ctx.now - (ctx.now.date() - intake),
    )


def _seed_work(
    ctx: SeedContext, clients: list[Client], categories: dict[str, ServiceCategory], terms: dict[str, list[Term]]
) -> None:
    rng = ctx.rng
    staff = {
        u.organization_id: u for u in reversed(ctx.users) if u.organization_id in {c.organization_id for c in clients}
    }
    needs: list[Need] = []
    services: list[ServiceDelivery] = []
    people: list[RelatedPerson] = []
    control = terms["control-method"]
    through = Client.control_methods.through
    links: list[Any] = []
    for client in clients:
        needs.extend(
            Need(client=client, category=categories[code], identified_on=client.intake_date, status="open")
            for code in rng.sample(NEED_CODES, 3)
            if code in categories
        )
        for _ in range(rng.randint(1, 5)):
            code = rng.choice(NEED_CODES)
            if code not in categories:
                continue
            day = client.intake_date + timedelta(days=rng.randint(0, 40))
            if day > ctx.now.date():
                day = ctx.now.date()
            services.append(
                ServiceDelivery(
                    client=client,
                    delivered_on=day,
                    category=categories[code],
                    provider=client.organization,
                    units=Decimal(rng.randint(1, 6)),
                    unit=rng.choice(["hours", "sessions", "nights", "contacts"]),
                    recorded_by=staff.get(client.organization_id),
                )
            )
        if client.is_minor:
            people.append(RelatedPerson(client=client, name=ctx.faker.name(), relationship="guardian"))
        links.extend(
            through(client_id=client.pk, term_id=term.pk) for term in (rng.sample(control, 2) if control else [])
        )
    Need.objects.bulk_create(needs, batch_size=1000)
    ServiceDelivery.objects.bulk_create(services, batch_size=1000)
    RelatedPerson.objects.bulk_create(people, batch_size=1000)
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    instrument = Instrument.objects.filter(code="accord-trafficking-screen").first()
    version = instrument.current_version() if instrument else None
    if version is None:
        return
    by_question: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__section__version=version).select_related("domain"):
        by_question.setdefault(option.question_id, []).append(option)
    for client in clients[::3]:
        chosen = [rng.choice(opts) for opts in by_question.values()]
        user = staff.get(client.organization_id)
        if user is None:
            continue
        screening = Screening.objects.create(
            client=client,
            version=version,
            organization=client.organization,
            administered_by=user,
            administered_on=client.intake_date,
            flagged_domains=[r.domain.code for r in score(version, chosen) if r.flagged],
        )
        screening.options.set(chosen)


def _seed_consent(ctx: SeedContext, clients: list[Client]) -> None:
    rng = ctx.rng
    today = ctx.now.date()
    orgs = [o for lane in ("partner", "victim_services", "law_enforcement") for o in ctx.organizations.get(lane, [])]
    legal_aid = next((o for o in orgs if o.name == LEGAL_AID), None)
    advocate = ctx.personas.get("advocate")
    vspadmin = ctx.personas.get("vspadmin")
    releases = []
    for n, client in enumerate(clients):
        if client.is_minor or n % 2:
            continue
        recipient = legal_aid if (legal_aid and n % 4 == 0) else rng.choice(orgs)
        if recipient.pk == client.organization_id:
            continue
        kind = ["live", "expired", "revoked", "live"][(n // 2) % 4]
        signed = today - timedelta(days=rng.randint(5, 40) if kind != "expired" else rng.randint(100, 200))
        releases.append(
            Release(
                client=client,
                recipient=recipient,
                purpose=rng.choice(
                    ["Immigration legal help", "Housing application", "Medical follow-up", "Case coordination"]
                ),
                categories=rng.choice(
                    [["identity", "contact"], ["identity", "needs", "services"], ["case_status"], ["identity"]]
                ),
                signed_on=signed,
                expires_on=signed + timedelta(days=60 if kind != "expired" else 30),
                consent_record="paper",
                created_by=advocate,
                revoked_at=ctx.now - timedelta(days=2) if kind == "revoked" else None,
                revoked_by=advocate if kind == "revoked" else None,
            )
        )
    Release.objects.bulk_create(releases, batch_size=500)
    harbor = [c for c in clients if c.organization.name == HARBOR_HOUSE]
    if len(harbor) > 3 and advocate and vspadmin:
        disclosure = CompelledDisclosure.objects.create(
            client=harbor[1],
            basis="court_order",
            authority="Cedar County Circuit Court, case 24-CR-0311",
            received_on=today - timedelta(days=3),
            recipient="Cedar County Circuit Court",
            fields=["code", "legal_name", "intake_date", "services"],
            recorded_by=vspadmin,
        )
        NotificationTask.objects.create(
            disclosure=disclosure, organization=harbor[1].organization, due_on=today + timedelta(days=4)
        )
        member = ctx.personas.get("member")
        if member is not None:
            BreakGlass.objects.create(
                client=harbor[2],
                grantee=member,
                granted_by=vspadmin,
                reason="Client taken to hospital unconscious; attorney needed the emergency contact at once.",
                starts_at=ctx.now - timedelta(days=6),
                expires_at=ctx.now - timedelta(days=6) + timedelta(hours=4),
                ended_at=ctx.now - timedelta(days=6) + timedelta(hours=4),
            )


def _pick(rng: Any, terms: list[Term]) -> Term | None:
    return rng.choice(terms) if terms else None
