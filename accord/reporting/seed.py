"""The demo's recent caseload: enough intakes in the last complete half-year for reports to say something.

The victim-services seeder spreads about seventy clients over two years, so any half-year's breakdowns are all
small cells. This adds a recent caseload (mostly at Harbor House, the demo advocate's VSP) in the last complete
half-year, with services delivered, so the task-force dashboard and the victim-services pack show some figures in
full beside suppressed ones. Pseudonymous codes only: nothing identifying is needed for counts.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from accord.core.dimensions import AgeBand, Citizenship, Gender, TraffickingType
from accord.core.seed import SeedContext
from accord.reporting.periods import Period

# (trafficking type, age band, gender, citizenship, share): a skewed caseload, as real ones are.
PROFILES = [
    (TraffickingType.SEX, AgeBand.AGE_18_24, Gender.FEMALE, Citizenship.US_CITIZEN, 8),
    (TraffickingType.SEX, AgeBand.AGE_15_17, Gender.FEMALE, Citizenship.US_CITIZEN, 4),
    (TraffickingType.LABOR, AgeBand.AGE_25_34, Gender.MALE, Citizenship.FOREIGN_NATIONAL, 6),
    (TraffickingType.LABOR, AgeBand.AGE_35_44, Gender.FEMALE, Citizenship.FOREIGN_NATIONAL, 2),
    (TraffickingType.BOTH, AgeBand.AGE_25_34, Gender.TRANSGENDER, Citizenship.US_CITIZEN, 1),
    (TraffickingType.SEX, AgeBand.AGE_25_34, Gender.NONBINARY, Citizenship.UNKNOWN, 1),
]


def seed_recent_caseload(ctx: SeedContext) -> None:
    from accord.directory.models import ServiceCategory
    from accord.victim_services.models import Client, ServiceDelivery, TraffickingStatus
    from accord.victim_services.seed import HARBOR_HOUSE, NEED_CODES

    vsps = ctx.organizations.get("victim_services", [])
    if not vsps:
        return
    period = Period.last_complete("half_year", ctx.now.date())
    days = (period.end - period.start).days
    weighted = [profile for profile in PROFILES for _ in range(profile[4])]
    harbor = next((o for o in vsps if o.name == HARBOR_HOUSE), vsps[0])
    plan = [(harbor, 36)] + [(org, 5) for org in vsps if org != harbor]
    rows = []
    for org, count in plan:
        for i in range(count):
            ttype, band, gender, citizenship, _ = weighted[i % len(weighted)]  # the shares exactly
            rows.append(
                Client(
                    organization=org,
                    code=f"R{period.start:%y}-{i + 1:03d}",
                    intake_date=period.start + timedelta(days=ctx.rng.randint(0, days)),
                    trafficking_type=ttype,
                    age_band=band,
                    gender=gender,
                    citizenship=citizenship,
                    trafficking_status=ctx.rng.choice([TraffickingStatus.ACTUAL, TraffickingStatus.POSSIBLE]),
                )
            )
    clients = Client.objects.bulk_create(rows)
    categories = list(ServiceCategory.objects.filter(code__in=NEED_CODES[:5]).order_by("code"))
    if not categories:
        return
    services = [
        ServiceDelivery(
            client=client,
            delivered_on=min(client.intake_date + timedelta(days=ctx.rng.randint(0, 30)), period.end),
            category=categories[(n + k) % len(categories)],
            provider=client.organization,
            units=Decimal(ctx.rng.randint(1, 4)),
        )
        for n, client in enumerate(clients)
        for k in range(ctx.rng.randint(1, 3))
    ]
    ServiceDelivery.objects.bulk_create(services)
