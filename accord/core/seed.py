"""The synthetic task force: believable organizations, people and two years of activity.

``accord seed --scale small|medium|large --seed N`` calls ``run``. Core seeds the task force,
organizations, accounts and sign-in history; each later app appends its own seeder to SEEDERS
(in AppConfig.ready) and receives the same SeedContext, so one seed number reproduces the whole
task force. Names come from Faker; none belong to real people.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from accord.core import actions, audit, crypto
from accord.core.auth import MFA_SECRET_CONTEXT
from accord.core.demo import DEMO_PASSWORD, totp_secret_for
from accord.core.models import (
    AuditEvent,
    Invitation,
    JurisdictionLevel,
    Lane,
    Organization,
    Role,
    RoleGrant,
    Sector,
    TaskForce,
    User,
)


@dataclass(frozen=True)
class Scale:
    organizations: int
    staff_per_organization: int
    sign_ins_per_user_per_month: int


SCALES = {
    "small": Scale(organizations=40, staff_per_organization=3, sign_ins_per_user_per_month=2),
    "medium": Scale(organizations=200, staff_per_organization=3, sign_ins_per_user_per_month=3),
    "large": Scale(organizations=1000, staff_per_organization=3, sign_ins_per_user_per_month=4),
}

COUNTIES = ["Cedar", "Riverside", "Marlow", "Pine Hollow", "Ashford", "Brennan", "Kessler", "Lowell"]
CITIES = [
    "Riverside",
    "Cedar Falls",
    "Marlow",
    "Ashford",
    "Port Brennan",
    "Kessler Springs",
    "Lowell",
    "Millbrook",
]


@dataclass
class SeedContext:
    scale_name: str
    scale: Scale
    seed: int
    rng: random.Random
    faker: Faker
    now: datetime
    task_force: TaskForce | None = None
    organizations: dict[str, list[Organization]] = field(default_factory=dict)
    personas: dict[str, User] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)
    counties: list[str] = field(default_factory=lambda: list(COUNTIES))


Seeder = Callable[[SeedContext], None]
SEEDERS: list[Seeder] = []


# (name, short, sector, lane, level). The first rows are the fixed organizations the demo personas work in.
FIXED_ORGANIZATIONS = [
    (
        "Regional Task Force Coordination Office",
        "RTFCO",
        Sector.GOVERNMENT,
        Lane.PARTNER,
        JurisdictionLevel.STATE,
    ),
    (
        "Riverside Police Department",
        "RPD",
        Sector.LAW_ENFORCEMENT,
        Lane.LAW_ENFORCEMENT,
        JurisdictionLevel.LOCAL,
    ),
    (
        "State Bureau of Investigation",
        "SBI",
        Sector.LAW_ENFORCEMENT,
        Lane.LAW_ENFORCEMENT,
        JurisdictionLevel.STATE,
    ),
    ("Cedar County District Attorney", "CCDA", Sector.PROSECUTION, Lane.PROSECUTION, JurisdictionLevel.LOCAL),
    ("Harbor House", "Harbor", Sector.VICTIM_SERVICES, Lane.VICTIM_SERVICES, JurisdictionLevel.LOCAL),
    ("Legal Aid of the Valley", "LAV", Sector.LEGAL_SERVICES, Lane.PARTNER, JurisdictionLevel.LOCAL),
    (
        "Homeland Security Investigations, Riverside Office",
        "HSI",
        Sector.LAW_ENFORCEMENT,
        Lane.LAW_ENFORCEMENT,
        JurisdictionLevel.FEDERAL,
    ),
    (
        "United States Attorney's Office, Eastern District",
        "USAO",
        Sector.PROSECUTION,
        Lane.PROSECUTION,
        JurisdictionLevel.FEDERAL,
    ),
    (
        "Office of the State Attorney General",
        "OAG",
        Sector.PROSECUTION,
        Lane.PROSECUTION,
        JurisdictionLevel.STATE,
    ),
    (
        "Department of Children and Family Services",
        "DCFS",
        Sector.CHILD_WELFARE,
        Lane.PARTNER,
        JurisdictionLevel.STATE,
    ),
    (
        "State Department of Labor, Wage and Hour Division",
        "DOL",
        Sector.LABOR,
        Lane.PARTNER,
        JurisdictionLevel.STATE,
    ),
    ("Marlow Tribal Police", "MTP", Sector.LAW_ENFORCEMENT, Lane.LAW_ENFORCEMENT, JurisdictionLevel.TRIBAL),
]

# Patterns for the rest, drawn in rotation so every sector and lane is represented.
GENERATED = [
    ("{city} Police Department", Sector.LAW_ENFORCEMENT, Lane.LAW_ENFORCEMENT, JurisdictionLevel.LOCAL),
    (
        "{county} County Sheriff's Office",
        Sector.LAW_ENFORCEMENT,
        Lane.LAW_ENFORCEMENT,
        JurisdictionLevel.LOCAL,
    ),
    ("{county} County District Attorney", Sector.PROSECUTION, Lane.PROSECUTION, JurisdictionLevel.LOCAL),
    ("{word} House", Sector.VICTIM_SERVICES, Lane.VICTIM_SERVICES, JurisdictionLevel.LOCAL),
    (
        "{city} Survivor Advocacy Center",
        Sector.VICTIM_SERVICES,
        Lane.VICTIM_SERVICES,
        JurisdictionLevel.LOCAL,
    ),
    ("{county} Crisis Shelter", Sector.VICTIM_SERVICES, Lane.VICTIM_SERVICES, JurisdictionLevel.LOCAL),
    ("{city} Immigrant Legal Resource Center", Sector.IMMIGRATION, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{city} Community Health Clinic", Sector.HEALTH, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{county} Unified School District", Sector.EDUCATION, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{word} Faith Alliance", Sector.FAITH, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{city} Hotel and Lodging Association", Sector.BUSINESS, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{city} Workers' Center", Sector.COMMUNITY, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{county} County Juvenile Probation", Sector.GOVERNMENT, Lane.PARTNER, JurisdictionLevel.LOCAL),
    ("{word} Youth Services", Sector.VICTIM_SERVICES, Lane.VICTIM_SERVICES, JurisdictionLevel.LOCAL),
]
WORDS = [
    "Harbor",
    "Beacon",
    "Lantern",
    "Compass",
    "Haven",
    "Bridge",
    "Willow",
    "Cornerstone",
    "Evergreen",
    "Northstar",
    "Open Door",
    "Riverbend",
    "Safe Passage",
    "New Day",
    "Summit",
    "Keystone",
]

# Persona username → (organization index in FIXED_ORGANIZATIONS, roles, title).
PERSONAS = {
    "coordinator": (0, [Role.COORDINATOR, Role.MEMBER], "Task force coordinator"),
    "auditor": (0, [Role.AUDITOR], "Compliance auditor"),
    "investigator": (1, [Role.INVESTIGATOR], "Detective, vice and trafficking unit"),
    "supervisor": (1, [Role.SUPERVISOR, Role.ORG_ADMIN], "Sergeant"),
    "analyst": (2, [Role.ANALYST], "Intelligence analyst"),
    "prosecutor": (3, [Role.PROSECUTOR], "Assistant district attorney"),
    "advocate": (4, [Role.ADVOCATE], "Anti-trafficking advocate"),
    "vspadmin": (4, [Role.SUPERVISOR, Role.ORG_ADMIN], "Program director"),
    "member": (5, [Role.MEMBER], "Staff attorney"),
}

LANE_STAFF_ROLES: dict[str, list[str]] = {
    Lane.LAW_ENFORCEMENT: [Role.INVESTIGATOR, Role.INVESTIGATOR, Role.SUPERVISOR, Role.ANALYST],
    Lane.PROSECUTION: [Role.PROSECUTOR, Role.PROSECUTOR, Role.SUPERVISOR],
    Lane.VICTIM_SERVICES: [Role.ADVOCATE, Role.ADVOCATE, Role.SUPERVISOR],
    Lane.PARTNER: [Role.MEMBER],
}
# Job titles that fit the role and lane: a deconfliction contact reads "Detective", not a random trade.
STAFF_TITLES: dict[tuple[str, str], str] = {
    (Lane.LAW_ENFORCEMENT, Role.INVESTIGATOR): "Detective, human trafficking unit",
    (Lane.LAW_ENFORCEMENT, Role.SUPERVISOR): "Sergeant, human trafficking unit",
    (Lane.LAW_ENFORCEMENT, Role.ANALYST): "Intelligence analyst",
    (Lane.PROSECUTION, Role.PROSECUTOR): "Assistant district attorney",
    (Lane.PROSECUTION, Role.SUPERVISOR): "Chief of the special victims unit",
    (Lane.VICTIM_SERVICES, Role.ADVOCATE): "Anti-trafficking advocate",
    (Lane.VICTIM_SERVICES, Role.SUPERVISOR): "Program director",
    (Lane.PARTNER, Role.MEMBER): "Program manager",
}


def run(*, scale: str = "small", seed: int = 1) -> SeedContext:
    rng = random.Random(seed)
    faker = Faker("en_US")
    faker.seed_instance(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    ctx = SeedContext(scale, SCALES[scale], seed, rng, faker, now)
    with transaction.atomic():
        for seeder in [seed_core, *SEEDERS]:
            seeder(ctx)
    return ctx


def seed_core(ctx: SeedContext) -> None:
    ctx.task_force = TaskForce.current()
    ctx.task_force.name = "Tri-County Human Trafficking Task Force"
    ctx.task_force.short_name = "TCHTTF"
    ctx.task_force.region = "Cedar, Riverside and Marlow counties"
    ctx.task_force.save()
    organizations = _seed_organizations(ctx)
    for organization in organizations:
        ctx.organizations.setdefault(organization.lane, []).append(organization)
    _seed_people(ctx, organizations)
    _seed_sign_in_history(ctx)


def _seed_organizations(ctx: SeedContext) -> list[Organization]:
    rows = [
        Organization(
            name=n,
            short_name=s,
            sector=sec,
            lane=lane,
            jurisdiction_level=lvl,
            created_at=ctx.now - timedelta(days=730),
        )
        for n, s, sec, lane, lvl in FIXED_ORGANIZATIONS
    ]
    names = {o.name for o in rows}
    index = 0
    while len(rows) < ctx.scale.organizations:
        pattern, sector, lane, level = GENERATED[index % len(GENERATED)]
        index += 1
        name = pattern.format(city=ctx.rng.choice(CITIES), county=ctx.rng.choice(COUNTIES), word=ctx.rng.choice(WORDS))
        if name in names:
            name = f"{name} ({ctx.rng.choice(COUNTIES)} branch {index})"
        names.add(name)
        rows.append(
            Organization(
                name=name,
                sector=sector,
                lane=lane,
                jurisdiction_level=level,
                created_at=ctx.now - timedelta(days=ctx.rng.randint(30, 730)),
            )
        )
    Organization.objects.bulk_create(rows, batch_size=1000)
    return list(Organization.objects.filter(name__in=names).order_by("pk"))


def _seed_people(ctx: SeedContext, organizations: list[Organization]) -> None:
    # One hash for every synthetic account: hashing 120-3,000 passwords one by one would take minutes.
    password = make_password(DEMO_PASSWORD)
    by_name = {o.name: o for o in organizations}
    fixed = [by_name[row[0]] for row in FIXED_ORGANIZATIONS]
    users: list[User] = []
    grants: list[tuple[User, str]] = []
    for username, (org_index, roles, title) in PERSONAS.items():
        first, last = ctx.faker.first_name(), ctx.faker.last_name()
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.accord.invalid",
            organization=fixed[org_index],
            title=title,
            password=password,
            date_joined=ctx.now - timedelta(days=700),
        )
        users.append(user)
        grants += [(user, role) for role in roles]
        ctx.personas[username] = user
    seen = set(PERSONAS)
    for organization in organizations:
        for n in range(ctx.scale.staff_per_organization):
            first, last = ctx.faker.first_name(), ctx.faker.last_name()
            username = f"{first[0]}{last}".lower().replace("'", "")
            while username in seen:
                username = f"{username}{ctx.rng.randint(2, 99)}"
            seen.add(username)
            lane_roles = LANE_STAFF_ROLES[organization.lane]
            role = lane_roles[n % len(lane_roles)]
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.accord.invalid",
                organization=organization,
                title=STAFF_TITLES.get((organization.lane, role), "Staff member"),
                password=password,
                date_joined=ctx.now - timedelta(days=ctx.rng.randint(30, 700)),
            )
            users.append(user)
            grants.append((user, role))
            if n == 0 and organization.pk not in {o.pk for o in fixed[:1]}:
                grants.append((user, Role.ORG_ADMIN))
    User.objects.bulk_create(users, batch_size=1000)
    saved = {u.username: u for u in User.objects.filter(username__in=seen)}
    RoleGrant.objects.bulk_create([RoleGrant(user=saved[u.username], role=r) for u, r in grants], batch_size=2000)
    ctx.users = [saved[u.username] for u in users]
    ctx.personas = {name: saved[name] for name in PERSONAS}
    _seed_authenticators(ctx)
    _seed_account_states(ctx)


def _seed_authenticators(ctx: SeedContext) -> None:
    rows = []
    for user in ctx.users:
        secret = totp_secret_for(user.username)
        rows.append(
            Authenticator(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": crypto.encrypt(secret, context=MFA_SECRET_CONTEXT)},
            )
        )
        recovery_seed = f"{ctx.rng.getrandbits(320):080x}"
        rows.append(
            Authenticator(
                user=user,
                type=Authenticator.Type.RECOVERY_CODES,
                data={"seed": crypto.encrypt(recovery_seed, context=MFA_SECRET_CONTEXT), "used_mask": 0},
            )
        )
    Authenticator.objects.bulk_create(rows, batch_size=2000)


def _seed_account_states(ctx: SeedContext) -> None:
    """A few accounts in each state the coordinator's home page reports: invited, locked, and unused long enough
    that the daily job will deactivate them within days."""
    coordinator = ctx.personas["coordinator"]
    ordinary = [u for u in ctx.users if u.username not in PERSONAS]
    for person in ordinary[:2]:
        person.is_active = False
        person.set_unusable_password()
        person.save(update_fields=["is_active", "password"])
        Authenticator.objects.filter(user=person).delete()
        Invitation.objects.create(
            user=person,
            invited_by=coordinator,
            token_hash=actions.token_hash(f"seed-{person.pk}"),
            expires_at=ctx.now + timedelta(days=2),
        )
    locked = ordinary[2]
    AccessAttempt.objects.create(
        username=locked.username,
        ip_address="127.0.0.1",
        user_agent="seed",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    for person in ordinary[3:6]:
        person.last_login = ctx.now - timedelta(days=ctx.rng.randint(78, 88))
        person.save(update_fields=["last_login"])


def _seed_sign_in_history(ctx: SeedContext) -> None:
    """Sign-ins (and the odd failure) spread over two years, written straight into the audit chain."""
    events: list[AuditEvent] = []
    active = [u for u in ctx.users if u.is_active]
    for month in range(24, 0, -1):
        for user in active:
            for _ in range(ctx.scale.sign_ins_per_user_per_month):
                at = ctx.now - timedelta(days=30 * month - ctx.rng.randint(0, 29), minutes=ctx.rng.randint(0, 600))
                failed = ctx.rng.random() < 0.04
                events.append(
                    AuditEvent(
                        occurred_at=at,
                        actor_id=user.pk,
                        actor_label=user.username,
                        organization_id=user.organization_id,
                        verb="auth.login_failed" if failed else "auth.login",
                        outcome=AuditEvent.Outcome.FAILURE if failed else AuditEvent.Outcome.SUCCESS,
                        changes={"factor": "password"} if failed else {},
                        ip_address=f"10.{ctx.rng.randint(0, 40)}.{ctx.rng.randint(0, 255)}.{ctx.rng.randint(1, 254)}",
                    )
                )
    events.sort(key=lambda e: e.occurred_at)
    append_history(events)
    last_seen: dict[int, datetime] = {}
    for event in events:
        if event.verb == "auth.login" and event.actor_id is not None:
            last_seen[event.actor_id] = event.occurred_at
    dormant = {u.pk for u in ctx.users if u.last_login}
    for user in active:
        if user.pk in last_seen and user.pk not in dormant:
            user.last_login = last_seen[user.pk]
    User.objects.bulk_update([u for u in active if u.pk not in dormant], ["last_login"], batch_size=2000)


def append_history(events: list[AuditEvent]) -> None:
    """Chain and insert historical events in bulk (used by seeders of every app)."""
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or audit.GENESIS
    for event in events:
        event.prev_hash = previous
        event.hash = audit.chain_hash(previous, event)
        previous = event.hash
    AuditEvent.objects.bulk_create(events, batch_size=5000)
