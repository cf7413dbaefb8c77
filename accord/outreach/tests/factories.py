"""Small builders for outreach tests and the access matrix (get-or-create where rows share them).

Committees (governance): the training committee is chaired by the member persona (partner C); the outreach
committee by the advocate (VSP B). So the coordinator and the member record trainings, only the member
approves them, and the coordinator and the advocate record awareness events.

The member training was held ten days ago, certifies "Human trafficking fundamentals", and has two named
attendees: the advocate (VSP B) and the investigator (agency A).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.core.models import Lane, Organization, Sector, Term, User
from accord.core.testing import Personas, make_organization
from accord.governance.models import Committee
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    TOPIC_VOCABULARY,
    AttendanceImport,
    Certification,
    CommunityPartner,
    FollowUp,
    GlossaryTerm,
    Material,
    MaterialVersion,
    NetworkMembership,
    OutreachEvent,
    RequiredTraining,
    TestResult,
    Training,
    TrainingAttendee,
    TrainingAudience,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORED_NAME = "outreach/tests/fixture.pdf"


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def committees(p: Personas) -> dict[str, Committee]:
    training, created = Committee.objects.get_or_create(
        name="Training committee", defaults={"kind": "training", "chair": p.member}
    )
    if created:
        training.members.set([p.member])
    outreach, _ = Committee.objects.get_or_create(
        name="Outreach and awareness committee", defaults={"kind": "outreach", "chair": p.advocate}
    )
    return {"training": training, "outreach": outreach}


def setup(p: Personas) -> dict[str, Any]:
    """For matrix rows without ids: the committees decide who may write."""
    committees(p)
    return {}


def audience(code: str) -> Term:
    return Term.objects.of(AUDIENCE_VOCABULARY).get(code=code)


def topic(code: str = "ht-101") -> Term:
    return Term.objects.of(TOPIC_VOCABULARY).get(code=code)


def required(
    name: str = "Human trafficking fundamentals", *, months: int | None = 24, network: bool = True
) -> RequiredTraining:
    return RequiredTraining.objects.get_or_create(
        name=name, defaults={"valid_for_months": months, "required_for_network": network}
    )[0]


def training(p: Personas, **fields: Any) -> Training:
    """A counts-only training held five days ago: 5 law enforcement and 3 health care, with anonymous scores."""
    today = timezone.localdate()
    committees(p)
    day = today - timedelta(days=5)
    values: dict[str, Any] = {
        "title": "Recognizing the signs",
        "starts_at": at(day, 9),
        "ends_at": at(day, 12),
        "sign_in": "counts",
        "total_attendees": 8,
        "pre_test_on": day,
        "post_test_on": day,
        **fields,
    }
    found = Training.objects.filter(title=values["title"]).first()
    if found:
        return found
    created = Training.objects.create(**values)
    if created.total_attendees == 8:
        TrainingAudience.objects.create(training=created, discipline=audience("law_enforcement"), attendees=5)
        TrainingAudience.objects.create(training=created, discipline=audience("health"), attendees=3)
        for pre, post, code in [(40, 80, "law_enforcement"), (60, 90, "law_enforcement"), (50, 70, "health")]:
            TestResult.objects.create(
                training=created, discipline=audience(code), pre_score=Decimal(pre), post_score=Decimal(post)
            )
    return created


def member_training(p: Personas) -> Training:
    today = timezone.localdate()
    committees(p)
    found = Training.objects.filter(title="New member onboarding").first()
    if found:
        return found
    day = today - timedelta(days=10)
    created = Training.objects.create(
        title="New member onboarding",
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        sign_in="named",
        session_type="onboarding",
        certifies=required(),
        total_attendees=4,
        max_score=20,
        pre_test_on=day,
        post_test_on=day,
    )
    for code, count in (("victim_services", 2), ("law_enforcement", 1), ("legal_services", 1)):
        TrainingAudience.objects.create(training=created, discipline=audience(code), attendees=count)
    for person, code in ((p.advocate, "victim_services"), (p.investigator, "law_enforcement")):
        attendee = TrainingAttendee.objects.create(
            training=created,
            person=person,
            name=str(person),
            organization=person.organization,
            discipline=audience(code),
        )
        TestResult.objects.create(
            training=created, attendee=attendee, discipline=attendee.discipline, pre_score=8, post_score=17
        )
    return created


def attendee(p: Personas, person: User | None = None) -> TrainingAttendee:
    return TrainingAttendee.objects.get(training=member_training(p), person=person or p.advocate)


def sheet(p: Personas, rows: list[str] | None = None) -> bytes:
    lines = ["name,email,organization,discipline,pre_test,post_test"]
    lines += rows if rows is not None else [f"Member Test,{p.member.email},,,9,18"]
    return ("\n".join(lines) + "\n").encode()


def previewed_sheet(p: Personas) -> AttendanceImport:
    from accord.outreach import actions

    batch, _plan = actions.attendance_import_upload(
        actor=p.coordinator, training=member_training(p), filename="sign-in.csv", content=sheet(p)
    )
    return batch


def upcoming_training(p: Personas) -> Training:
    today = timezone.localdate()
    committees(p)
    day = today + timedelta(days=14)
    return Training.objects.get_or_create(
        title="Upcoming onboarding", defaults={"starts_at": at(day), "ends_at": at(day, 12), "sign_in": "named"}
    )[0]


def stored_file() -> str:
    if not default_storage.exists(STORED_NAME):
        default_storage.save(STORED_NAME, ContentFile(PDF_BYTES))
    return STORED_NAME


def material(p: Personas, *, title: str = "Hotline poster", status: str = "approved") -> Material:
    committees(p)
    found = Material.objects.filter(title=title).first()
    if found:
        return found
    created = Material.objects.create(title=title, kind="poster", use="task_force")
    MaterialVersion.objects.create(
        material=created,
        number=1,
        storage_name=stored_file(),
        original_name="poster.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        status=status,
    )
    return created


def draft_material(p: Personas) -> Material:
    return material(p, title="Draft talking points", status="pending")


def version(p: Personas, *, approved: bool = True) -> MaterialVersion:
    chosen = material(p) if approved else draft_material(p)
    return chosen.versions.get()


def glossary_term() -> GlossaryTerm:
    return GlossaryTerm.objects.get_or_create(term="Debt bondage", defaults={"definition": "A debt never repaid."})[0]


def partner(p: Personas) -> CommunityPartner:
    committees(p)
    return CommunityPartner.objects.get_or_create(name="Riverside Interfaith Council", defaults={"kind": "faith"})[0]


def event(p: Personas, **fields: Any) -> OutreachEvent:
    today = timezone.localdate()
    committees(p)
    day = today - timedelta(days=20)
    values: dict[str, Any] = {
        "title": "Awareness evening",
        "kind": "community",
        "starts_at": at(day, 18),
        "ends_at": at(day, 20),
        "audience": audience("faith"),
        "reach": 120,
        **fields,
    }
    found = OutreachEvent.objects.filter(title=values["title"]).first()
    return found or OutreachEvent.objects.create(**values)


def follow_up(p: Personas, owner: User | None = None) -> FollowUp:
    today = timezone.localdate()
    return FollowUp.objects.get_or_create(
        event=event(p),
        description="Send the posters",
        defaults={"owner": owner or p.member, "due_on": today + timedelta(days=7)},
    )[0]


def certification(p: Personas, person: User, *, days_left: int | None = 400, name: str = "") -> Certification:
    today = timezone.localdate()
    training_required = required(name) if name else required()
    expires = today + timedelta(days=days_left) if days_left is not None else None
    completed = (expires or today) - timedelta(days=700)
    return Certification.objects.create(
        person=person, required_training=training_required, completed_on=completed, expires_on=expires
    )


def membership(p: Personas) -> NetworkMembership:
    committees(p)
    return NetworkMembership.objects.get_or_create(organization=p.vsp_b)[0]


def make_org(name: str) -> Organization:
    return make_organization(name, Lane.PARTNER, Sector.COMMUNITY)
