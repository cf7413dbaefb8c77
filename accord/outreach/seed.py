"""Outreach's part of the synthetic task force: two years of trainings, certifications, the referral network,
awareness events, community partners, the materials library and the glossary.

What the demo relies on: the coordinator chairs the training committee (governance's seed); the advocate's
trauma-informed certification expires in 20 days and the member's onboarding certification in 45, so both
show as reminders; Harbor House, Legal Aid of the Valley and DCFS are in the referral network, and the
Riverside Police Department cannot join yet (its sergeant lacks the referral-protocol training).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.core.models import Organization, Term, User
from accord.core.seed import SeedContext
from accord.outreach import reminders
from accord.outreach.actions import expiry_for
from accord.outreach.actions._common import add_months
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    TOPIC_VOCABULARY,
    Approval,
    Certification,
    CommunityPartner,
    Engagement,
    FollowUp,
    GlossaryTerm,
    Material,
    MaterialVersion,
    NetworkMembership,
    OutreachEvent,
    PartnerContact,
    RequiredTraining,
    ReviewStatus,
    TestResult,
    Trainer,
    Training,
    TrainingAttendee,
    TrainingAudience,
)
from accord.outreach.seed_data import GLOSSARY, PARTNERS

SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SAMPLE_PDF_NAME = "outreach/materials/demo-material.pdf"
NETWORK_ORGS = ["Harbor", "LAV", "DCFS"]  # short names of the fixed organizations that join the network


@dataclass
class World:
    ctx: SeedContext
    today: date
    people: dict[str, User]
    orgs: dict[str, Organization]
    audience: dict[str, Term]
    topics: dict[str, Term]
    required: dict[str, RequiredTraining]
    materials: list[Material]
    staff: list[User]


def seed_outreach(ctx: SeedContext) -> None:
    today = timezone.localdate(ctx.now)
    world = World(
        ctx=ctx,
        today=today,
        people=ctx.personas,
        orgs={o.short_name: o for o in Organization.objects.exclude(short_name="")},
        audience={t.code: t for t in Term.objects.of(AUDIENCE_VOCABULARY)},
        topics={t.code: t for t in Term.objects.of(TOPIC_VOCABULARY)},
        required=_seed_required(),
        materials=[],
        staff=[
            u
            for u in User.objects.filter(is_active=True, organization__isnull=False).select_related("organization")
            if u.username not in ctx.personas
        ],
    )
    world.materials = _seed_materials(world)
    _seed_glossary(world)
    partners = _seed_partners(world)
    _seed_member_trainings(world)
    _seed_public_trainings(world)
    _seed_upcoming_trainings(world)
    _top_up_network_staff(world)
    _seed_network(world)
    _seed_events(world, partners)
    reminders.run(today=today, send_email=False)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _seed_required() -> dict[str, RequiredTraining]:
    rows = [
        ("fundamentals", "Human trafficking fundamentals (onboarding)", 24, True,
         "Definitions, indicators, the task force's structure and who to call: every member's first training."),
        ("trauma", "Victim-centered, trauma-informed response", 24, True,
         "Working with survivors without re-traumatizing them; interviews, language and self-care."),
        ("referral", "Referral network protocol", 12, True,
         "How referrals move between members, consent and releases, and the 48-hour match."),
        ("trainer", "Certified task-force trainer", 36, False,
         "Train-the-trainer: delivering the common curriculum with the approved materials."),
    ]  # fmt: skip
    return {
        key: RequiredTraining.objects.create(
            name=name, valid_for_months=months, required_for_network=network, description=description
        )
        for key, name, months, network, description in rows
    }


def _seed_materials(world: World) -> list[Material]:
    if not default_storage.exists(SAMPLE_PDF_NAME):
        default_storage.save(SAMPLE_PDF_NAME, ContentFile(SAMPLE_PDF))
    chair = world.people["coordinator"]
    specs = [
        ("Human trafficking 101 curriculum", "curriculum", "task_force", 3, "approved"),
        ("Recognizing the signs: hotel staff", "fact_sheet", "task_force", 2, "approved"),
        ("Talking points for media inquiries", "talking_points", "task_force", 2, "approved"),
        ("Labor trafficking indicators for inspectors", "fact_sheet", "member_agency", 1, "approved"),
        ("Trauma-informed interviewing slides", "slides", "task_force", 2, "pending"),
        ("Hotline poster (English and Spanish)", "poster", "member_agency", 1, "approved"),
        ("School staff awareness guide", "document", "task_force", 1, "returned"),
        ("2019 awareness brochure", "document", "task_force", 1, "approved"),
    ]
    materials = []
    for index, (title, kind, use, versions, last_status) in enumerate(specs):
        material = Material.objects.create(
            title=title,
            kind=kind,
            use=use,
            summary=f"{title}, in the task force's common terminology.",
            is_retired=title.startswith("2019"),
            created_by=chair,
        )
        for number in range(1, versions + 1):
            latest = number == versions
            status = last_status if latest else "approved"
            uploaded = _at(world.today - timedelta(days=40 * (versions - number) + 10 + index), 10)
            talking = kind == "talking_points"
            MaterialVersion.objects.create(
                material=material,
                number=number,
                text=_talking_points(number) if talking else "",
                note="First version" if number == 1 else "Updated after the training committee's review",
                storage_name="" if talking else SAMPLE_PDF_NAME,
                original_name="" if talking else f"{material.title.lower().replace(' ', '-')[:60]}-v{number}.pdf",
                content_type="" if talking else "application/pdf",
                size=None if talking else len(SAMPLE_PDF),
                sha256="" if talking else "0" * 64,
                uploaded_by=chair,
                uploaded_at=uploaded,
                status=status,
                reviewed_by=None if status == "pending" else chair,
                reviewed_at=None if status == "pending" else uploaded + timedelta(days=5),
                review_note="Use the glossary's definition of trafficking." if status == "returned" else "",
            )
        materials.append(material)
    return materials


def _talking_points(version: int) -> str:
    points = [
        "Human trafficking is the use of force, fraud or coercion to make someone work or sell sex; any commercial "
        "sex act by a minor is trafficking.",
        "It happens here, in every kind of work, to adults and minors, U.S. citizens and foreign nationals.",
        "If you see signs, call the hotline; in an emergency, call 911.",
        "We never name or picture a survivor without their informed consent.",
    ]
    if version > 1:
        points.append("Speak of survivors and of people who were trafficked, not of victims only.")
    return "\n".join(f"- {point}" for point in points)


def _seed_glossary(world: World) -> None:
    chair = world.people["coordinator"]
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=term, definition=definition, source=source, updated_by=chair)
        for term, definition, source in GLOSSARY
    )


def _seed_partners(world: World) -> list[CommunityPartner]:
    ctx = world.ctx
    partners = []
    for name, kind, city, description in PARTNERS:
        partner = CommunityPartner.objects.create(
            name=name, kind=kind, city=city, description=description, created_by=world.people["coordinator"]
        )
        for n in range(ctx.rng.randint(1, 2)):
            first, last = ctx.faker.first_name(), ctx.faker.last_name()
            PartnerContact.objects.create(
                partner=partner,
                name=f"{first} {last}",
                role="Coordinator" if n == 0 else "Volunteer lead",
                email=f"{first}.{last}@example.org".lower(),
                phone=f"+1217555{ctx.rng.randint(1000, 9999)}",
            )
        for _ in range(ctx.rng.randint(1, 4)):
            Engagement.objects.create(
                partner=partner,
                occurred_on=world.today - timedelta(days=ctx.rng.randint(5, 700)),
                kind=ctx.rng.choice(["meeting", "call", "materials", "training"]),
                summary=ctx.rng.choice(
                    [
                        "Met to plan the next awareness evening.",
                        "Shared the approved hotline posters.",
                        "Called about volunteers for the resource fair.",
                        "Their staff joined a recognizing-the-signs training.",
                    ]
                ),
                recorded_by=world.people["coordinator"],
            )
        partners.append(partner)
    return partners


def _discipline_of(world: World, person: User) -> Term:
    sector = person.organization.sector if person.organization else "community"
    return world.audience.get(sector) or world.audience["community"]


def _trainers(world: World, training: Training, names: list[tuple[str, Organization | None, str]]) -> None:
    Trainer.objects.bulk_create(
        Trainer(training=training, name=n, organization=o, affiliation=a, sort_order=i)
        for i, (n, o, a) in enumerate(names)
    )


def _score_pair(world: World, top: int) -> tuple[Decimal, Decimal]:
    rng = world.ctx.rng
    pre = max(5.0, min(95.0, rng.gauss(55, 12)))
    post = max(pre, min(100.0, pre + rng.gauss(23, 8)))
    return (
        Decimal(round(pre * top / 100, 1)).quantize(Decimal("0.1")),
        Decimal(round(post * top / 100, 1)).quantize(Decimal("0.1")),
    )


def _named_training(
    world: World,
    *,
    day: date,
    title: str,
    required: str,
    session_type: str,
    people: list[User],
    topics: list[str],
) -> Training:
    """A member training held on ``day`` with named attendees, their scores and the certifications they earned."""
    chair = world.people["coordinator"]
    certifies = world.required[required]
    training = Training.objects.create(
        title=title,
        description=certifies.description,
        starts_at=_at(day, 9),
        ends_at=_at(day, 16),
        format=world.ctx.rng.choice(["in_person", "in_person", "virtual"]),
        location="Coordination office, training room" if day.month % 2 else "Riverside Police Department academy",
        session_type=session_type,
        sign_in="named",
        certifies=certifies,
        total_attendees=len(people),
        max_score=20,
        pre_test_on=day,
        post_test_on=day,
        feedback="Participants asked for more case studies on labor trafficking.",
        satisfaction=Decimal(world.ctx.rng.choice(["4.2", "4.5", "4.6", "4.8"])),
        feedback_responses=max(1, len(people) - 2),
        approval=Approval.APPROVED,
        reviewed_by=chair,
        reviewed_at=_at(day - timedelta(days=20), 11),
        created_by=chair,
    )
    training.topics.set([world.topics[t] for t in topics if t in world.topics])
    training.materials.set(world.materials[:1])
    _trainers(
        world,
        training,
        [
            (str(world.people["prosecutor"]), world.people["prosecutor"].organization, ""),
            (str(world.people["vspadmin"]), world.people["vspadmin"].organization, ""),
        ],
    )
    disciplines = Counter(_discipline_of(world, p).pk for p in people)
    TrainingAudience.objects.bulk_create(
        TrainingAudience(training=training, discipline_id=d, attendees=n) for d, n in disciplines.items()
    )
    attendees = TrainingAttendee.objects.bulk_create(
        TrainingAttendee(
            training=training,
            person=p,
            name=str(p),
            organization=p.organization,
            discipline=_discipline_of(world, p),
            recorded_by=chair,
        )
        for p in people
    )
    results = []
    for attendee in attendees:
        pre, post = _score_pair(world, training.max_score)
        results.append(
            TestResult(
                training=training, attendee=attendee, discipline=attendee.discipline, pre_score=pre, post_score=post
            )
        )
    TestResult.objects.bulk_create(results)
    Certification.objects.bulk_create(
        Certification(
            person=a.person,
            required_training=certifies,
            completed_on=day,
            expires_on=expiry_for(certifies, day),
            training=training,
            attendee=a,
            recorded_by=chair,
            note=f"Completed {title}"[:200],
        )
        for a in attendees
        if a.person is not None
    )
    return training


MEMBER_SCHEDULE = [
    # (days ago, required training, session type, title)
    (680, "fundamentals", "onboarding", "New member onboarding"),
    (590, "fundamentals", "onboarding", "New member onboarding"),
    (500, "fundamentals", "onboarding", "New member onboarding"),
    (410, "fundamentals", "onboarding", "New member onboarding"),
    (320, "fundamentals", "onboarding", "New member onboarding"),
    (230, "fundamentals", "onboarding", "New member onboarding"),
    (140, "fundamentals", "onboarding", "New member onboarding"),
    (50, "fundamentals", "onboarding", "New member onboarding"),
    (610, "trauma", "standard", "Trauma-informed response for task-force members"),
    (430, "trauma", "standard", "Trauma-informed response for task-force members"),
    (250, "trauma", "standard", "Trauma-informed response for task-force members"),
    (75, "trauma", "standard", "Trauma-informed response for task-force members"),
    (300, "referral", "standard", "Referral network protocol"),
    (160, "referral", "standard", "Referral network protocol"),
    (30, "referral", "standard", "Referral network protocol"),
    (520, "trainer", "train_the_trainer", "Train-the-trainer: the common curriculum"),
    (120, "trainer", "train_the_trainer", "Train-the-trainer: the common curriculum"),
]
TOPICS_FOR = {
    "fundamentals": ["ht-101", "indicators", "law", "referral-protocol"],
    "trauma": ["trauma-informed", "screening", "self-care"],
    "referral": ["referral-protocol", "immigration-relief"],
    "trainer": ["ht-101", "trauma-informed", "indicators"],
}


def _seed_member_trainings(world: World) -> None:
    """Member trainings from staff pools, plus the persona certifications the demo relies on."""
    rng = world.ctx.rng
    pool = [u for u in world.staff if u.organization and u.organization.short_name not in [*NETWORK_ORGS, "RPD"]]
    for days_ago, required, session_type, title in MEMBER_SCHEDULE:
        people = rng.sample(pool, min(len(pool), rng.randint(8, 16)))
        _named_training(
            world,
            day=world.today - timedelta(days=days_ago),
            title=title,
            required=required,
            session_type=session_type,
            people=people,
            topics=TOPICS_FOR[required],
        )
    p = world.people
    # Trainings on the very days that make the demo's certifications expire soon, and current ones for the rest.
    for required, expires_in, who, title in [
        ("trauma", 20, ["advocate"], "Trauma-informed response (evening session)"),
        ("fundamentals", 45, ["member"], "New member onboarding (Legal Aid cohort)"),
        ("fundamentals", 400, ["advocate", "vspadmin", "coordinator", "prosecutor", "supervisor", "investigator"],
         "New member onboarding (leadership cohort)"),
        ("trauma", 380, ["vspadmin", "member", "coordinator", "supervisor", "investigator"],
         "Trauma-informed response (leadership cohort)"),
        ("referral", 200, ["advocate", "vspadmin", "member", "coordinator"], "Referral network protocol (VSP cohort)"),
        ("trainer", 700, ["coordinator", "vspadmin", "prosecutor"], "Train-the-trainer (first cohort)"),
    ]:  # fmt: skip
        months = world.required[required].valid_for_months or 12
        day = add_months(world.today + timedelta(days=expires_in), -months)
        _named_training(
            world,
            day=day,
            title=title,
            required=required,
            session_type="train_the_trainer" if required == "trainer" else "standard",
            people=[p[name] for name in who],
            topics=TOPICS_FOR[required],
        )


PUBLIC_THEMES = [
    ("Recognizing the signs: hotel and motel staff", ["hospitality", "business", "law_enforcement"]),
    ("Trafficking in health care settings", ["health", "social_services", "victim_services"]),
    ("Awareness for school staff", ["education", "child_welfare", "students"]),
    ("Faith communities as first responders", ["faith", "community", "public"]),
    ("Roll-call training: indicators on patrol", ["law_enforcement", "prosecution", "government"]),
    ("Labor trafficking in agriculture and construction", ["labor", "business", "immigration"]),
    ("Truck stops and transportation", ["transportation", "business", "law_enforcement"]),
    ("Campus awareness week", ["students", "education", "public"]),
]


def _seed_public_trainings(world: World) -> None:
    rng = world.ctx.rng
    chair = world.people["coordinator"]
    for n in range(20):
        title, disciplines = PUBLIC_THEMES[n % len(PUBLIC_THEMES)]
        day = world.today - timedelta(days=10 + n * 34 + rng.randint(0, 10))
        counts = {world.audience[d]: rng.randint(4, 35) for d in disciplines if d in world.audience}
        top = rng.choice([10, 20, 100])
        training = Training.objects.create(
            title=title,
            starts_at=_at(day, 13),
            ends_at=_at(day, 15),
            format=rng.choice(["in_person", "in_person", "virtual", "hybrid"]),
            location=rng.choice(
                ["Riverside Convention Center", "Cedar County Library", "Online", "Marlow High School"]
            ),
            session_type="standard",
            sign_in="counts",
            total_attendees=sum(counts.values()),
            max_score=top,
            pre_test_on=day,
            post_test_on=day,
            feedback="Most found the case examples useful; several asked for the poster in Spanish.",
            satisfaction=Decimal(rng.choice(["3.9", "4.1", "4.4", "4.7"])),
            feedback_responses=sum(counts.values()) // 2,
            approval=Approval.APPROVED,
            reviewed_by=chair,
            reviewed_at=_at(day - timedelta(days=30), 11),
            created_by=chair,
        )
        training.topics.set([world.topics[t] for t in ("indicators", "labor-trafficking", "sex-trafficking")])
        training.materials.set(world.materials[1:3])
        _trainers(
            world,
            training,
            [
                (str(world.people["investigator"]), world.people["investigator"].organization, ""),
                (world.ctx.faker.name(), None, "Survivor consultant"),
            ],
        )
        TrainingAudience.objects.bulk_create(
            TrainingAudience(training=training, discipline=term, attendees=count) for term, count in counts.items()
        )
        results = []
        for term, count in counts.items():
            for _ in range(int(count * 0.7)):
                pre, post = _score_pair(world, top)
                results.append(TestResult(training=training, discipline=term, pre_score=pre, post_score=post))
        TestResult.objects.bulk_create(results)


def _seed_upcoming_trainings(world: World) -> None:
    chair = world.people["coordinator"]
    for days, title, sign_in, approval, session_type in [
        (9, "New member onboarding", "named", Approval.APPROVED, "onboarding"),
        (23, "Recognizing the signs: hotel and motel staff", "counts", Approval.APPROVED, "standard"),
        (41, "Trauma-informed response for task-force members", "named", Approval.PENDING, "standard"),
        (55, "Train-the-trainer: the common curriculum", "named", Approval.PENDING, "train_the_trainer"),
    ]:
        day = world.today + timedelta(days=days)
        certifies = {"onboarding": "fundamentals", "train_the_trainer": "trainer"}.get(session_type, "trauma")
        Training.objects.create(
            title=title,
            starts_at=_at(day, 9),
            ends_at=_at(day, 12),
            location="Coordination office, training room",
            session_type=session_type,
            sign_in=sign_in,
            certifies=world.required[certifies] if sign_in == "named" else None,
            approval=approval,
            reviewed_by=chair if approval == Approval.APPROVED else None,
            reviewed_at=world.ctx.now if approval == Approval.APPROVED else None,
            created_by=chair,
        )


def _top_up_network_staff(world: World) -> None:
    """Everyone at the network's organizations holds the required trainings (recorded as taken elsewhere)."""
    rng = world.ctx.rng
    required = [r for r in world.required.values() if r.required_for_network]
    staff = [u for u in world.staff if u.organization and u.organization.short_name in NETWORK_ORGS]
    staff += [world.people[name] for name in ("advocate", "vspadmin", "member")]
    held = set(
        Certification.objects.filter(person__in=staff, required_training__in=required).values_list(
            "person_id", "required_training_id"
        )
    )
    rows = []
    for person in staff:
        for training in required:
            if (person.pk, training.pk) in held:
                continue
            months = training.valid_for_months or 12
            completed = world.today - timedelta(days=rng.randint(20, months * 30 - 120))
            rows.append(
                Certification(
                    person=person,
                    required_training=training,
                    completed_on=completed,
                    expires_on=expiry_for(training, completed),
                    note="Completed at the state training academy",
                    recorded_by=world.people["coordinator"],
                )
            )
    Certification.objects.bulk_create(rows)


def _seed_network(world: World) -> None:
    for index, short in enumerate(NETWORK_ORGS):
        NetworkMembership.objects.create(
            organization=world.orgs[short],
            joined_on=world.today - timedelta(days=300 - 60 * index),
            granted_by=world.people["coordinator"],
            note="All staff certified.",
        )


EVENT_SPECS = [
    ("Awareness evening at {partner}", "community", "faith"),
    ("Information table at the county fair", "tabling", "public"),
    ("Presentation to hotel managers", "presentation", "hospitality"),
    ("Campus awareness week kickoff", "community", "students"),
    ("Radio interview on labor trafficking", "media", "public"),
    ("Hotline poster campaign at truck stops", "campaign", "transportation"),
    ("Briefing for the Chamber of Commerce", "presentation", "business"),
    ("Health fair booth", "tabling", "health"),
]


def _seed_events(world: World, partners: list[CommunityPartner]) -> None:
    rng = world.ctx.rng
    approved = [
        m for m in world.materials if not m.is_retired and m.versions.filter(status=ReviewStatus.APPROVED).exists()
    ]
    owners = [world.people[n] for n in ("coordinator", "member", "advocate")]
    for n in range(30):
        days_ago = 700 - n * 23 - rng.randint(0, 8)
        upcoming = n >= 27
        day = world.today + timedelta(days=12 * (n - 26)) if upcoming else world.today - timedelta(days=days_ago)
        title, kind, audience = EVENT_SPECS[n % len(EVENT_SPECS)]
        joined = rng.sample(partners, rng.randint(0, 2))
        event = OutreachEvent.objects.create(
            title=title.format(partner=joined[0].name if joined else "the community center"),
            kind=kind,
            starts_at=_at(day, 18),
            ends_at=_at(day, 20),
            location=rng.choice(["Riverside Community Center", "Cedar County Fairgrounds", "Marlow Public Library"]),
            audience=world.audience[audience],
            reach=None if upcoming else rng.randint(20, 400) * (10 if kind in ("media", "campaign") else 1),
            items_distributed=None if upcoming else rng.randint(20, 300),
            notes="" if upcoming else "Several people asked how to volunteer.",
            created_by=world.people["coordinator"],
        )
        event.partners.set(joined)
        event.member_organizations.set(rng.sample(list(world.orgs.values()), 2))
        event.materials.set(rng.sample(approved, 2))
        if not upcoming and n % 4 == 0:
            owner = owners[n % len(owners)]
            FollowUp.objects.create(
                event=event,
                description="Send the approved posters and the hotline cards they asked for",
                owner=owner,
                due_on=day + timedelta(days=14),
                done_on=None if n > 20 else day + timedelta(days=10),
                created_by=world.people["coordinator"],
            )
    # One open, overdue follow-up for the member persona, for the home page.
    recent = OutreachEvent.objects.filter(starts_at__lt=world.ctx.now).order_by("-starts_at").first()
    if recent is not None:
        FollowUp.objects.create(
            event=recent,
            description="Share the volunteer sign-up list with the partner",
            owner=world.people["member"],
            due_on=world.today - timedelta(days=3),
            created_by=world.people["coordinator"],
        )
