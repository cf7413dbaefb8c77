"""Small builders for governance tests and the access matrix (get-or-create where rows share them).

The law-enforcement committee is chaired by the investigator (agency A) and open to law enforcement and
prosecution only; the victim-services committee is chaired by VSP B's administrator and open to all.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.core.models import Lane, Term, User
from accord.core.testing import Personas
from accord.governance import actions
from accord.governance.models import (
    STAKEHOLDER_VOCABULARY,
    ActionItem,
    Agreement,
    AgreementVersion,
    Committee,
    FormationStep,
    Funding,
    Goal,
    Leader,
    Meeting,
    MeetingPaper,
    Objective,
    Reminder,
    ReportingDeadline,
    Stakeholder,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LE_LANES = [Lane.LAW_ENFORCEMENT, Lane.PROSECUTION]
STORED_NAME = "governance/tests/fixture.pdf"


def le_committee(p: Personas) -> Committee:
    committee, created = Committee.objects.get_or_create(
        name="Law-enforcement committee",
        defaults={"kind": "law_enforcement", "chair": p.investigator, "restricted_to_lanes": LE_LANES},
    )
    if created:
        committee.members.set([p.investigator])
    return committee


def vs_committee(p: Personas) -> Committee:
    committee, created = Committee.objects.get_or_create(
        name="Victim-services committee", defaults={"kind": "victim_services", "chair": p.vsp_admin}
    )
    if created:
        committee.members.set([p.vsp_admin, p.advocate, p.member])
    return committee


def meeting(committee: Committee | None = None, *, title: str = "", days: int = -7, **fields: Any) -> Meeting:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return Meeting.objects.create(
        committee=committee,
        title=title or f"{committee or 'Task force'} meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        location="Room B",
        agenda="1. Updates",
        minutes=fields.pop("minutes", "Minutes of the meeting."),
        **fields,
    )


def tf_meeting(p: Personas) -> Meeting:
    return Meeting.objects.filter(committee__isnull=True).first() or meeting(None, title="Task force meeting")


def le_meeting(p: Personas) -> Meeting:
    committee = le_committee(p)
    return committee.meetings.first() or meeting(
        committee, title="Law-enforcement committee meeting", minutes="Case log reviewed."
    )


def action_item(
    the_meeting: Meeting, owner: User, *, days: int = 7, title: str = "Send the contact sheet"
) -> ActionItem:
    return ActionItem.objects.create(
        meeting=the_meeting, title=title, owner=owner, due_date=timezone.localdate() + timedelta(days=days)
    )


def stored_file() -> str:
    if not default_storage.exists(STORED_NAME):
        default_storage.save(STORED_NAME, ContentFile(PDF_BYTES))
    return STORED_NAME


def _document_fields(user: User | None = None) -> dict[str, Any]:
    return {
        "storage_name": stored_file(),
        "original_name": "mou.pdf",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "sha256": "0" * 64,
        "uploaded_by": user,
    }


def agreement(p: Personas, **fields: Any) -> Agreement:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Task force MOU",
        "kind": "mou",
        "status": "in_force",
        "effective_date": today - timedelta(days=300),
        "expiry_date": today + timedelta(days=400),
        **fields,
    }
    found = Agreement.objects.filter(title=values["title"]).first()
    if found:
        return found
    created = Agreement.objects.create(**values)
    created.parties.set([p.agency_a, p.vsp_b])
    return created


def version(p: Personas) -> AgreementVersion:
    return AgreementVersion.objects.create(agreement=agreement(p), number=1, **_document_fields(p.coordinator))


def paper(the_meeting: Meeting) -> MeetingPaper:
    return MeetingPaper.objects.create(meeting=the_meeting, title="Case log summary", **_document_fields())


def charter_goal(p: Personas) -> Goal:
    return Goal.objects.get_or_create(charter=actions.current_charter(), title="Identify victims")[0]


def objective(p: Personas, **fields: Any) -> Objective:
    values: dict[str, Any] = {
        "goal": charter_goal(p),
        "description": "Identify victims through screening",
        "measure": "victims identified",
        "target": Decimal(50),
        "due_date": timezone.localdate() + timedelta(days=200),
        "owner": p.advocate,
        **fields,
    }
    return Objective.objects.create(**values)


def leader(p: Personas) -> Leader:
    return Leader.objects.get_or_create(charter=actions.current_charter(), person=p.member, role="co_chair")[0]


def funding(p: Personas, **fields: Any) -> Funding:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "ECM award",
        "funder": "OVC",
        "program": "Enhanced Collaborative Model (ECM)",
        "period_start": today - timedelta(days=100),
        "period_end": today + timedelta(days=900),
        "amount": Decimal(500000),
        "match_amount": Decimal(125000),
        **fields,
    }
    return Funding.objects.filter(title=values["title"]).first() or Funding.objects.create(**values)


def deadline(p: Personas, *, days: int = 20) -> ReportingDeadline:
    return ReportingDeadline.objects.create(
        funding=funding(p), title="Quarterly report", due_date=timezone.localdate() + timedelta(days=days)
    )


def category(code: str = "usao") -> Term:
    return Term.objects.of(STAKEHOLDER_VOCABULARY).get(code=code)


def stakeholder(p: Personas) -> Stakeholder:
    return Stakeholder.objects.get_or_create(
        name="Pat Doe", defaults={"title": "U.S. Attorney", "organization_name": "USAO", "category": category()}
    )[0]


def step() -> FormationStep:
    return FormationStep.objects.order_by("sort_order").first()  # type: ignore[return-value]


def reminder() -> Reminder:
    return Reminder.objects.get_or_create(
        key="agreement:1:expiry:2030-01-01",
        threshold_days=30,
        defaults={
            "kind": "agreement_expiry",
            "due_date": timezone.localdate() + timedelta(days=20),
            "subject": "Expiry of “Task force MOU”",
            "url": "/governance/agreements/",
        },
    )[0]
