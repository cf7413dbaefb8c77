"""Synthetic directory for the demo and the benchmarks: profiles, contacts and offerings.

Appended to ``accord.core.seed.SEEDERS``. Uses only ctx.rng and ctx.faker, so a seed number
reproduces it. Deliberate features the demo relies on: no emergency shelter takes adult men in
Marlow county (a coverage gap), Harbor House runs a Spanish-speaking 24/7 shelter for adults of
every gender in Riverside and Cedar, and about one offering in seven has stale availability.
"""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from typing import Any

from django.apps import apps as django_apps

from accord.core.models import Lane, Organization, Sector
from accord.core.seed import SeedContext
from accord.directory.models import (
    ADULT_AGE,
    LANGUAGES,
    Area,
    Availability,
    CapacityUnit,
    Citizenship,
    Contact,
    Cost,
    DirectoryProfile,
    FirstCall,
    Gender,
    Minors,
    MouStatus,
    Offering,
    ServiceCategory,
    Situation,
    TraffickingType,
)

GAP_COUNTY = "Marlow"
STATEWIDE = "Statewide"
CITY_COUNTY = {
    "Riverside": "Riverside",
    "Cedar Falls": "Cedar",
    "Marlow": "Marlow",
    "Ashford": "Ashford",
    "Port Brennan": "Brennan",
    "Kessler Springs": "Kessler",
    "Lowell": "Lowell",
    "Millbrook": "Pine Hollow",
}
AREA_CODES = ["217", "309", "618", "815"]

SHELTER = [
    "emergency_shelter",
    "transitional_housing",
    "case_management",
    "crisis_intervention",
    "safety_planning",
    "food",
    "clothing",
    "mental_health",
    "transportation",
    "child_care",
    "life_skills",
    "financial_literacy",
]
ADVOCACY = [
    "case_management",
    "crisis_intervention",
    "safety_planning",
    "crime_victim_rights",
    "criminal_justice_assistance",
    "interpretation",
    "identity_documents",
    "transportation",
    "financial_literacy",
    "job_training",
    "long_term_housing",
    "cultural_support",
]
YOUTH = [
    "emergency_shelter",
    "case_management",
    "mental_health",
    "education",
    "family_reunification",
    "crisis_intervention",
    "life_skills",
    "substance_use",
]
BY_SECTOR: dict[str, list[str]] = {
    Sector.IMMIGRATION: [
        "legal_immigration",
        "legal_civil",
        "interpretation",
        "identity_documents",
        "repatriation",
        "family_reunification",
        "esl",
    ],
    Sector.LEGAL_SERVICES: ["legal_civil", "legal_criminal", "legal_family", "legal_immigration", "identity_documents"],
    Sector.HEALTH: ["medical_care", "dental_care", "mental_health", "substance_use", "disability_assistance"],
    Sector.COMMUNITY: ["job_training", "esl", "legal_civil", "food", "cultural_support", "transportation"],
    Sector.FAITH: ["food", "clothing", "transportation", "cultural_support", "emergency_shelter"],
    Sector.EDUCATION: ["education", "esl", "child_care"],
    Sector.CHILD_WELFARE: ["emergency_shelter", "case_management", "family_reunification", "child_care"],
    Sector.LABOR: ["legal_civil", "job_training"],
    Sector.LAW_ENFORCEMENT: [
        "crisis_intervention",
        "criminal_justice_assistance",
        "crime_victim_rights",
        "transportation",
        "interpretation",
    ],
    Sector.PROSECUTION: ["crime_victim_rights", "criminal_justice_assistance", "transportation", "interpretation"],
    Sector.GOVERNMENT: ["case_management", "mental_health", "education", "substance_use"],
    Sector.BUSINESS: ["emergency_shelter", "job_training", "transportation"],
}
ALWAYS_OPEN = {"emergency_shelter", "crisis_intervention"}
TITLES: dict[str, list[str]] = {
    Lane.LAW_ENFORCEMENT: ["Detective, human trafficking unit", "Victim-witness specialist", "Sergeant"],
    Lane.PROSECUTION: ["Victim-witness coordinator", "Assistant district attorney"],
    Lane.VICTIM_SERVICES: ["Anti-trafficking advocate", "Shelter coordinator", "Program director", "Case manager"],
    Lane.PARTNER: ["Program manager", "Staff attorney", "Outreach coordinator", "Nurse care coordinator"],
}


def ensure_taxonomy() -> None:
    """Load the default needs taxonomy when it is missing (a flushed test database has none)."""
    if not ServiceCategory.objects.exists():
        migration = importlib.import_module("accord.directory.migrations.0002_victim_needs_taxonomy")
        migration.add_terms(django_apps, None)


def seed_directory(ctx: SeedContext) -> None:
    ensure_taxonomy()
    areas = _seed_areas(ctx)
    categories = {c.code: c for c in ServiceCategory.objects.all()}
    organizations = sorted((o for orgs in ctx.organizations.values() for o in orgs), key=lambda o: o.pk)
    served = {o.pk: _areas_for(ctx, o, areas) for o in organizations}
    _seed_profiles(ctx, organizations, served)
    _seed_contacts(ctx, organizations)
    offerings: list[tuple[Offering, list[Area]]] = []
    for organization in organizations:
        offerings += _offerings_for(ctx, organization, categories, served[organization.pk])
    offerings += _harbor_house(ctx, organizations, categories, areas)
    for offering, offering_areas in offerings:
        _keep_the_marlow_gap(offering, offering_areas)
    Offering.objects.bulk_create([o for o, _ in offerings], batch_size=1000)
    Through = Offering.areas.through
    Through.objects.bulk_create(
        [Through(offering_id=o.pk, area_id=a.pk) for o, offering_areas in offerings for a in offering_areas],
        batch_size=5000,
    )


def _seed_areas(ctx: SeedContext) -> dict[str, Area]:
    rows = [Area(name=name, kind=Area.Kind.COUNTY) for name in ctx.counties] + [
        Area(name=STATEWIDE, kind=Area.Kind.STATEWIDE)
    ]
    Area.objects.bulk_create(rows, ignore_conflicts=True)
    return {a.name: a for a in Area.objects.all()}


def _home_county(ctx: SeedContext, organization: Organization) -> str:
    for county in ctx.counties:
        if re.search(rf"\b{re.escape(county)}\b", organization.name):
            return county
    for city, county in CITY_COUNTY.items():
        if city in organization.name and county in ctx.counties:
            return county
    return ctx.rng.choice(ctx.counties)


# The demo personas' own organizations serve the three counties the task force is named for.
FIXED_AREAS = {
    "Harbor House": ["Riverside", "Cedar", "Marlow"],
    "Legal Aid of the Valley": ["Riverside", "Cedar", "Marlow"],
}


def _areas_for(ctx: SeedContext, organization: Organization, areas: dict[str, Area]) -> list[Area]:
    if organization.name in FIXED_AREAS and all(name in areas for name in FIXED_AREAS[organization.name]):
        return [areas[name] for name in FIXED_AREAS[organization.name]]
    if organization.jurisdiction_level in ("state", "federal"):
        return [areas[STATEWIDE]]
    home = _home_county(ctx, organization)
    extra = ctx.rng.sample([c for c in ctx.counties if c != home], k=ctx.rng.choice([0, 0, 1, 1, 2]))
    return [areas[home]] + [areas[c] for c in extra]


def _phone(ctx: SeedContext) -> str:
    # 555-01XX numbers are reserved for fiction, so no real line is ever printed.
    return f"+1{ctx.rng.choice(AREA_CODES)}5550{ctx.rng.randint(100, 199)}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())[:20] or "org"


def _seed_profiles(ctx: SeedContext, organizations: list[Organization], served: dict[int, list[Area]]) -> None:
    profiles = []
    for organization in organizations:
        county = served[organization.pk][0].name
        city = next((c for c, k in CITY_COUNTY.items() if k == county), ctx.faker.city())
        languages = ["en"] + (["es"] if ctx.rng.random() < 0.5 else [])
        round_the_clock = organization.lane in (Lane.VICTIM_SERVICES, Lane.LAW_ENFORCEMENT)
        profiles.append(
            DirectoryProfile(
                organization=organization,
                description=f"{organization.get_sector_display()} member of the task force.",
                address_line1=ctx.faker.street_address(),
                city=city,
                state="IL",
                postal_code=ctx.faker.postcode(),
                main_phone=_phone(ctx),
                hotline=_phone(ctx) if round_the_clock else "",
                website=f"https://{_slug(organization.name)}.example.org",
                email=f"info@{_slug(organization.name)}.example.org",
                languages=languages,
                mou_status=ctx.rng.choices(MouStatus.values, weights=[20, 15, 60, 5])[0],
                created_at=organization.created_at,
            )
        )
    DirectoryProfile.objects.bulk_create(profiles, batch_size=1000)
    Through = DirectoryProfile.areas.through
    Through.objects.bulk_create(
        [Through(directoryprofile_id=p.pk, area_id=a.pk) for p in profiles for a in served[p.organization_id]],
        batch_size=5000,
    )


def _seed_contacts(ctx: SeedContext, organizations: list[Organization]) -> None:
    contacts: list[Contact] = []
    for organization in organizations:
        names: set[str] = set()
        for n in range(ctx.rng.randint(1, 3)):
            first, last = ctx.faker.first_name(), ctx.faker.last_name()
            name = f"{first} {last}"
            if name in names:
                continue
            names.add(name)
            on_call = n == 0 and organization.lane in (Lane.VICTIM_SERVICES, Lane.LAW_ENFORCEMENT)
            contacts.append(
                Contact(
                    organization=organization,
                    name=name,
                    title=ctx.rng.choice(TITLES[organization.lane]),
                    phone=_phone(ctx),
                    email=f"{_slug(first)}.{_slug(last)}@{_slug(organization.name)}.example.org",
                    availability="24/7 on call" if on_call else "Weekdays 8:00–17:00",
                    ht_trained=ctx.rng.random() < 0.9,
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=1000)
    first_calls = []
    by_org: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_org.setdefault(contact.organization_id, []).append(contact)
    for organization_id, people in by_org.items():
        first_calls.append(FirstCall(organization_id=organization_id, situation=Situation.GENERAL, contact=people[0]))
        if people[0].availability.startswith("24/7"):
            first_calls.append(
                FirstCall(organization_id=organization_id, situation=Situation.AFTER_HOURS, contact=people[0])
            )
        first_calls.extend(
            FirstCall(organization_id=organization_id, situation=situation, contact=ctx.rng.choice(people[1:]))
            for situation in (Situation.MINOR, Situation.LABOR, Situation.FOREIGN_NATIONAL)
            if len(people) > 1 and ctx.rng.random() < 0.5
        )
    FirstCall.objects.bulk_create(first_calls, batch_size=2000)


def _services_for(organization: Organization) -> tuple[list[str], tuple[int, int]]:
    name = organization.name
    if organization.sector == Sector.VICTIM_SERVICES:
        if "Youth" in name:
            return YOUTH, (5, 8)
        if "Advocacy" in name:
            return ADVOCACY, (7, 10)
        return SHELTER, (8, 12)
    if "Coordination Office" in name:
        return [], (0, 0)  # the coordinator's office refers; it provides no direct services
    return BY_SECTOR.get(organization.sector, []), (3, 5)


def _offerings_for(
    ctx: SeedContext, organization: Organization, categories: dict[str, ServiceCategory], areas: list[Area]
) -> list[tuple[Offering, list[Area]]]:
    menu, (low, high) = _services_for(organization)
    menu = [code for code in menu if code in categories]
    if not menu:
        return []
    youth = "Youth" in organization.name or organization.sector == Sector.CHILD_WELFARE
    chosen = ctx.rng.sample(menu, k=min(len(menu), ctx.rng.randint(low, high)))
    return [(_offering(ctx, organization, categories[code], youth=youth), areas) for code in chosen]


def _offering(ctx: SeedContext, organization: Organization, category: ServiceCategory, *, youth: bool) -> Offering:
    rng = ctx.rng
    housing = category.capacity_unit == CapacityUnit.BEDS
    genders: list[str]
    if housing:
        shelter_groups: list[list[str]] = [
            [Gender.WOMEN],
            [Gender.WOMEN, Gender.TRANSGENDER_NONBINARY],
            list(Gender.values),
            [Gender.MEN],
        ]
        genders = rng.choices(
            shelter_groups,
            weights=[40, 25, 25, 10],
        )[0]
    else:
        genders = Gender.values if rng.random() < 0.85 else [Gender.WOMEN, Gender.TRANSGENDER_NONBINARY]
    fields: dict[str, Any] = {"min_age": ADULT_AGE, "max_age": None, "minors": Minors.NONE, "families": False}
    if youth:
        fields = {
            "min_age": rng.choice([10, 12, 13]),
            "max_age": rng.choice([17, 21, 24]),
            "minors": Minors.ANY,
            "families": False,
        }
    elif rng.random() < 0.3:
        fields = {"min_age": None, "max_age": None, "minors": Minors.ACCOMPANIED, "families": True}
    kinds: list[list[str]] = [list(TraffickingType.values), [TraffickingType.SEX], [TraffickingType.LABOR]]
    trafficking = rng.choices(kinds, weights=[85, 10, 5])[0]
    if organization.sector == Sector.COMMUNITY:
        trafficking = [TraffickingType.LABOR]
    citizenship: list[str]
    if organization.sector == Sector.IMMIGRATION:
        citizenship = [
            Citizenship.PERMANENT_RESIDENT,
            Citizenship.FOREIGN_WITH_STATUS,
            Citizenship.FOREIGN_WITHOUT_STATUS,
        ]
    else:
        citizenship = (
            Citizenship.values if rng.random() < 0.8 else [Citizenship.US_CITIZEN, Citizenship.PERMANENT_RESIDENT]
        )
    languages = ["en"]
    if rng.random() < (0.9 if organization.sector in (Sector.IMMIGRATION, Sector.COMMUNITY) else 0.5):
        languages.append("es")
    if rng.random() < 0.25:
        languages.append(rng.choice([code for code, _ in LANGUAGES[2:]]))
    capacity = category.capacity_unit
    total = available = None
    availability, confirmed = Availability.UNKNOWN, None
    if capacity != CapacityUnit.NONE:
        total = rng.randint(4, 30) if capacity == CapacityUnit.BEDS else rng.randint(10, 60)
        available = rng.randint(0, min(total, 8))
        availability = (
            Availability.FULL if available == 0 else (Availability.LIMITED if available <= 2 else Availability.OPEN)
        )
        age = rng.choices(
            [rng.randint(0, 10), rng.randint(11, 29), rng.randint(31, 120), None], weights=[65, 18, 14, 3]
        )[0]
        confirmed = ctx.now - timedelta(days=age, hours=rng.randint(0, 12)) if age is not None else None
        if confirmed is None:
            availability, available = Availability.UNKNOWN, None
    open_24_7 = category.code in ALWAYS_OPEN and rng.random() < 0.8
    return Offering(
        organization=organization,
        category=category,
        name="",
        description="",
        genders=list(genders),
        trafficking_types=list(trafficking),
        citizenship=list(citizenship),
        languages=languages,
        interpretation=rng.random() < 0.6,
        disability_access=rng.random() < 0.5,
        lgbtq_affirming=rng.random() < 0.5,
        cost=Cost.FREE
        if organization.sector != Sector.HEALTH
        else rng.choice([Cost.SLIDING, Cost.INSURANCE, Cost.FREE]),
        open_24_7=open_24_7,
        hours="" if open_24_7 else "Mon–Fri 9:00–17:00",
        capacity_unit=capacity,
        capacity_total=total,
        available_units=available,
        availability=availability,
        availability_confirmed_at=confirmed,
        created_at=ctx.now - timedelta(days=rng.randint(30, 700)),
        **fields,
    )


def _harbor_house(
    ctx: SeedContext, organizations: list[Organization], categories: dict[str, ServiceCategory], areas: dict[str, Area]
) -> list[tuple[Offering, list[Area]]]:
    """Fixed offerings the demo walks through (Harbor House is the demo VSP)."""
    harbor = next((o for o in organizations if o.name == "Harbor House"), None)
    if harbor is None or "emergency_shelter" not in categories:
        return []
    base: dict[str, Any] = {
        "organization": harbor,
        "trafficking_types": TraffickingType.values,
        "citizenship": Citizenship.values,
        "interpretation": True,
        "disability_access": True,
        "lgbtq_affirming": True,
        "created_at": ctx.now - timedelta(days=400),
    }
    shelter = Offering(
        category=categories["emergency_shelter"],
        name="Harbor House Emergency Shelter",
        description="Confidential emergency shelter with on-site advocates.",
        genders=Gender.values,
        min_age=None,
        minors=Minors.ACCOMPANIED,
        families=True,
        languages=["en", "es"],
        open_24_7=True,
        capacity_unit=CapacityUnit.BEDS,
        capacity_total=24,
        available_units=3,
        availability=Availability.OPEN,
        availability_confirmed_at=ctx.now - timedelta(hours=3),
        **base,
    )
    safe_house = Offering(
        category=categories["emergency_shelter"],
        name="Marlow safe house",
        description="Small safe house for women and their children.",
        genders=[Gender.WOMEN],
        min_age=None,
        minors=Minors.ACCOMPANIED,
        families=True,
        languages=["en"],
        open_24_7=True,
        capacity_unit=CapacityUnit.BEDS,
        capacity_total=6,
        available_units=1,
        availability=Availability.LIMITED,
        availability_confirmed_at=ctx.now - timedelta(days=2),
        **base,
    )
    transitional = Offering(
        category=categories["transitional_housing"],
        name="Harbor House Transitional Apartments",
        genders=Gender.values,
        min_age=ADULT_AGE,
        minors=Minors.NONE,
        languages=["en", "es"],
        hours="Intake Mon–Fri 9:00–17:00",
        capacity_unit=CapacityUnit.BEDS,
        capacity_total=12,
        available_units=2,
        availability=Availability.LIMITED,
        availability_confirmed_at=ctx.now - timedelta(days=45),
        **base,
    )
    return [
        (shelter, [areas["Riverside"], areas["Cedar"]]),
        (safe_house, [areas[GAP_COUNTY]]),
        (transitional, [areas["Riverside"]]),
    ]


def _keep_the_marlow_gap(offering: Offering, areas: list[Area]) -> None:
    """The demo's coverage gap: no emergency shelter for adult men in Marlow county."""
    if offering.category.code != "emergency_shelter" or Gender.MEN not in offering.genders:
        return
    if offering.max_age is not None and offering.max_age < ADULT_AGE:
        return
    if any(a.name in (GAP_COUNTY, STATEWIDE) for a in areas):
        offering.genders = [g for g in offering.genders if g != Gender.MEN] or [Gender.WOMEN]
