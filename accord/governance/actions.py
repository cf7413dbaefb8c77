"""Every governance write. Views, the daily job, the seed and tests call these.

Each action takes a keyword-only ``actor``, runs in one transaction, checks the rules (accord.governance
.access), validates with ``full_clean()``, saves and writes its audit event. Rule failures raise
PermissionDenied; bad input raises ValidationError with a message a person can act on, and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from accord.api import webhooks
from accord.core import audit, calendar, uploads
from accord.core.models import Organization, TaskForce, Term, User
from accord.governance.access import can_close, can_record_for, is_coordinator
from accord.governance.models import (
    PROTOCOL_TOPIC_VOCABULARY,
    ActionItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Briefing,
    CalendarFeedToken,
    Charter,
    CharterRevision,
    Committee,
    Decision,
    FormationStep,
    Funding,
    Goal,
    Leader,
    Meeting,
    MeetingPaper,
    Objective,
    Reminder,
    ReportingDeadline,
    Signatory,
    Stakeholder,
    StoredDocument,
)

DOCUMENT_TYPES = uploads.DOCUMENTS  # PDF, Word, plain text
PAPER_TYPES = uploads.MATERIALS  # meeting papers may also be slides, spreadsheets and images


def _require_coordinator(actor: User) -> None:
    if not is_coordinator(actor):
        raise PermissionDenied("Only the coordinator can change this.")


def _save(actor: User, instance: models.Model, verb: str, **extra: Any) -> dict[str, Any]:
    return audit.save_recorded(actor, instance, f"governance.{verb}", **extra)


_names = audit.names_of
_set_m2m = audit.set_many


# --- Charter, goals and objectives ---------------------------------------------------------------------


def current_charter() -> Charter:
    """The task force's charter, created empty the first time anyone needs it."""
    task_force = TaskForce.current()
    return Charter.objects.get_or_create(task_force=task_force)[0]


def _revision(actor: User, charter: Charter, summary: str, changes: dict[str, Any]) -> None:
    plain = json.loads(json.dumps(changes, default=str))
    CharterRevision.objects.create(charter=charter, revised_by=actor, summary=summary[:200], changes=plain)


@transaction.atomic
def charter_update(*, actor: User, charter: Charter, summary: str) -> Charter:
    """Change the charter; every change is kept in its history with the reason given."""
    _require_coordinator(actor)
    if not summary.strip():
        raise ValidationError({"summary": "Say briefly what changed and why: it goes into the charter's history."})
    before = audit.snapshot(Charter.objects.get(pk=charter.pk)) if charter.pk else {}
    charter.full_clean()
    charter.save()
    changes = audit.diff(before, audit.snapshot(charter))
    changes.pop("id", None)
    if not changes:
        return charter
    _revision(actor, charter, summary.strip(), changes)
    audit.record(verb="governance.charter_updated", actor=actor, target=charter, changes=changes)
    return charter


@transaction.atomic
def leader_add(*, actor: User, leader: Leader) -> Leader:
    _require_coordinator(actor)
    if not leader.person.is_active:
        raise ValidationError({"person": "Choose someone with an active account."})
    leader.full_clean()
    leader.save()
    change = {"leadership": [None, f"{leader.person} as {leader.get_role_display()}"]}
    _revision(actor, leader.charter, f"{leader.person} became {leader.get_role_display().lower()}", change)
    audit.record(verb="governance.leader_added", actor=actor, target=leader, changes=change)
    return leader


@transaction.atomic
def leader_remove(*, actor: User, leader: Leader) -> None:
    _require_coordinator(actor)
    label = f"{leader.person} as {leader.get_role_display()}"
    change = {"leadership": [label, None]}
    _revision(actor, leader.charter, f"{leader.person} stepped down as {leader.get_role_display().lower()}", change)
    audit.record(verb="governance.leader_removed", actor=actor, target=leader, changes=change)
    leader.delete()


@transaction.atomic
def goal_save(*, actor: User, goal: Goal) -> Goal:
    _require_coordinator(actor)
    _save(actor, goal, "goal")
    return goal


@transaction.atomic
def objective_save(*, actor: User, objective: Objective) -> Objective:
    _require_coordinator(actor)
    objective.indicator_code = objective.indicator_code.strip()
    _save(actor, objective, "objective")
    return objective


# --- Agreements ------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    agreement: Agreement,
    parties: Iterable[Organization] | None = None,
    topics: Iterable[Term] | None = None,
) -> Agreement:
    """Create or update an agreement; ``parties`` and ``topics`` replace the current ones when given."""
    _require_coordinator(actor)
    creating = agreement.pk is None
    if parties is not None:
        parties = list(parties)
        if len(parties) < (2 if agreement.kind == "mou" else 1):
            raise ValidationError({"parties": "An MOU is signed by two or more organizations: choose them."})
    if topics is not None:
        topics = list(topics)
        if any(t.vocabulary.code != PROTOCOL_TOPIC_VOCABULARY for t in topics):
            raise ValidationError({"topics": "Choose protocol topics from the checklist."})
    if creating and parties is None:
        raise ValidationError({"parties": "Choose the organizations that are party to the agreement."})
    before = {} if creating else audit.snapshot(Agreement.objects.get(pk=agreement.pk))
    agreement.full_clean()
    agreement.save()
    changes = audit.diff(before, audit.snapshot(agreement))
    _set_m2m(agreement, "parties", parties, changes)
    _set_m2m(agreement, "topics", topics, changes)
    if creating or changes:
        verb = "governance.agreement_created" if creating else "governance.agreement_updated"
        audit.record(verb=verb, actor=actor, target=agreement, changes=changes)
    return agreement


@transaction.atomic
def signatory_save(*, actor: User, signatory: Signatory) -> Signatory:
    _require_coordinator(actor)
    if signatory.organization_id and not signatory.agreement.parties.filter(pk=signatory.organization_id).exists():
        raise ValidationError({"organization": "A signatory signs for one of the agreement's parties."})
    _save(actor, signatory, "signatory")
    return signatory


def _stored_document(
    actor: User, document: StoredDocument, upload: File, allowed: tuple[uploads.FileType, ...], folder: str
) -> None:
    checked = uploads.check(upload, allowed=allowed)
    document.original_name = checked.original_name
    document.content_type = checked.file_type.content_type
    document.size = checked.size
    document.sha256 = checked.sha256
    document.uploaded_by = actor
    document.storage_name = "pending"
    document.full_clean()
    document.storage_name = uploads.store(upload, checked, folder=folder)
    try:
        document.save()
    except Exception:
        default_storage.delete(document.storage_name)
        raise


@transaction.atomic
def agreement_version_upload(
    *, actor: User, agreement: Agreement, upload: File | None, note: str = "", is_signed: bool = False
) -> AgreementVersion:
    """Attach a new version of the agreement's document (checked for size and type)."""
    _require_coordinator(actor)
    if upload is None:
        raise ValidationError({"document": "Choose the file to upload."})
    last = agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = AgreementVersion(agreement=agreement, number=last + 1, note=note, is_signed=is_signed)
    _stored_document(actor, version, upload, DOCUMENT_TYPES, "governance/agreements")
    audit.record(
        verb="governance.agreement_version_uploaded",
        actor=actor,
        target=agreement,
        changes={
            "version": version.number,
            "file": version.original_name,
            "signed": is_signed,
            "sha256": version.sha256,
        },
    )
    if is_signed:
        payload = {"agreement_id": agreement.pk, "version": version.number}
        webhooks.emit(agreement.parties.values_list("pk", flat=True), "agreement.signed", payload)
    return version


def document_downloaded(*, actor: User, document: StoredDocument) -> None:
    """Audit a download (a read, not a change)."""
    audit.record(
        verb="governance.document_downloaded",
        actor=actor,
        target=document,
        changes={"file": document.original_name},
    )


def restricted_meeting_viewed(*, actor: User, meeting: Meeting) -> None:
    """Audit a read of a restricted committee's meeting (its minutes walk a case log of live matters)."""
    if meeting.committee is not None and meeting.committee.is_restricted:
        audit.record(
            verb="governance.restricted_meeting_viewed",
            actor=actor,
            target=meeting,
            changes={"committee": meeting.committee.name},
        )


@transaction.atomic
def agreements_expire_lapsed(*, today: date | None = None) -> int:
    """Mark agreements in force whose expiry date has passed as expired (run by the daily job)."""
    today = today or timezone.localdate()
    lapsed = list(Agreement.objects.filter(status="in_force", expiry_date__lt=today))
    for agreement in lapsed:
        agreement.status = "expired"
        agreement.save(update_fields=["status", "updated_at"])
        audit.record(
            verb="governance.agreement_expired",
            actor_label="daily job",
            target=agreement,
            changes={"status": ["in_force", "expired"], "expiry_date": agreement.expiry_date},
        )
    return len(lapsed)


# --- Committees and meetings -------------------------------------------------------------------------------


def _not_admitted(people: Iterable[User], committee: Committee | None) -> list[User]:
    if committee is None:
        return []
    return [person for person in people if not committee.admits(person)]


def _lane_refusal(people: list[User], committee: Committee, role: str) -> str:
    names = ", ".join(f"{p} ({p.organization})" for p in people)
    lanes = " and ".join(label.lower() for label in committee.restricted_lane_labels())
    return f"{committee} is open to {lanes} staff only, so {names} cannot be {role}."


@transaction.atomic
def committee_save(*, actor: User, committee: Committee, members: Iterable[User] | None = None) -> Committee:
    """Create (coordinator) or update (coordinator or chair) a committee; ``members`` replaces the roster."""
    if committee.pk is None:
        _require_coordinator(actor)
    else:
        stored = Committee.objects.get(pk=committee.pk)
        if not can_record_for(actor, stored):
            raise PermissionDenied("Only the coordinator and the committee's chair change this committee.")
    if members is not None:
        members = list(members)
        refused = _not_admitted(members, committee)
        if refused:
            raise ValidationError({"members": _lane_refusal(refused, committee, "members")})
    creating = committee.pk is None
    before = {} if creating else audit.snapshot(Committee.objects.get(pk=committee.pk))
    committee.full_clean()
    if committee.pk and _not_admitted(committee.members.all(), committee) and members is None:
        raise ValidationError({"restricted_to_lanes": "Some members work in lanes this restriction excludes."})
    committee.save()
    changes = audit.diff(before, audit.snapshot(committee))
    _set_m2m(committee, "members", members, changes)
    if creating or changes:
        verb = "governance.committee_created" if creating else "governance.committee_updated"
        audit.record(verb=verb, actor=actor, target=committee, changes=changes)
    return committee


@transaction.atomic
def meeting_save(*, actor: User, meeting: Meeting) -> Meeting:
    """Schedule or update a meeting (with its agenda and minutes)."""
    if not can_record_for(actor, meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair record this committee's meetings.")
    if meeting.pk:
        stored = Meeting.objects.select_related("committee").get(pk=meeting.pk)
        if not can_record_for(actor, stored.committee):
            raise PermissionDenied("Only the coordinator and the committee's chair record this meeting.")
        if stored.committee_id != meeting.committee_id and meeting.attendance.exists():
            refused = _not_admitted([a.person for a in meeting.attendance.select_related("person")], meeting.committee)
            if refused and meeting.committee:
                raise ValidationError({"committee": _lane_refusal(refused, meeting.committee, "at its meetings")})
    if meeting.pk is None:
        meeting.created_by = actor
    _save(actor, meeting, "meeting")
    return meeting


@transaction.atomic
def meeting_set_attendance(*, actor: User, meeting: Meeting, people: Iterable[User]) -> list[Attendance]:
    """Record who attended (replacing the list), with each person's organization and discipline."""
    if not can_record_for(actor, meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair record attendance.")
    people = list(people)
    refused = _not_admitted(people, meeting.committee)
    if refused and meeting.committee:
        raise ValidationError({"people": _lane_refusal(refused, meeting.committee, "recorded as attending")})
    without_org = [p for p in people if p.organization_id is None]
    if without_org:
        raise ValidationError({"people": f"{without_org[0]} belongs to no organization."})
    current = {a.person_id: a for a in meeting.attendance.select_related("person")}
    wanted = {p.pk: p for p in people}
    removed = [a for pk, a in current.items() if pk not in wanted]
    added = [p for pk, p in wanted.items() if pk not in current]
    Attendance.objects.filter(pk__in=[a.pk for a in removed]).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=p, organization=p.organization, discipline=p.organization.sector)  # type: ignore[union-attr]
        for p in added
    )
    if added or removed:
        audit.record(
            verb="governance.attendance_recorded",
            actor=actor,
            target=meeting,
            changes={"added": _names(added), "removed": _names(a.person for a in removed), "total": len(wanted)},
        )
    return list(meeting.attendance.select_related("person", "organization"))


@transaction.atomic
def decision_add(*, actor: User, decision: Decision) -> Decision:
    if not can_record_for(actor, decision.meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair record decisions.")
    decision.recorded_by = actor
    _save(actor, decision, "decision")
    return decision


@transaction.atomic
def action_item_add(*, actor: User, item: ActionItem) -> ActionItem:
    """Give someone an action from a meeting; it appears on their home page until closed."""
    if not can_record_for(actor, item.meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair add action items.")
    if item.owner_id is None:
        raise ValidationError({"owner": "Choose who owns this action item: every action needs an owner."})
    if not item.owner.is_active:
        raise ValidationError({"owner": "Choose someone with an active account."})
    refused = _not_admitted([item.owner], item.meeting.committee)
    if refused and item.meeting.committee:
        raise ValidationError({"owner": _lane_refusal(refused, item.meeting.committee, "given its actions")})
    item.created_by = actor
    _save(actor, item, "action_item", owner=item.owner.get_username())
    return item


@transaction.atomic
def action_item_close(*, actor: User, item: ActionItem) -> ActionItem:
    if not can_close(actor, item):
        raise PermissionDenied("Only the action item's owner or the coordinator closes it.")
    if not item.meeting.admits(actor):
        raise PermissionDenied("This action item is not yours to close.")
    if item.closed_at is not None:
        return item
    item.closed_at = timezone.now()
    item.closed_by = actor
    item.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(verb="governance.action_item_closed", actor=actor, target=item, changes={"closed": True})
    return item


@transaction.atomic
def meeting_paper_upload(*, actor: User, meeting: Meeting, title: str, upload: File | None) -> MeetingPaper:
    if not can_record_for(actor, meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair add papers.")
    if upload is None:
        raise ValidationError({"document": "Choose the file to upload."})
    paper = MeetingPaper(meeting=meeting, title=title.strip() or (upload.name or "Paper"))
    _stored_document(actor, paper, upload, PAPER_TYPES, "governance/papers")
    audit.record(
        verb="governance.meeting_paper_uploaded",
        actor=actor,
        target=paper,
        changes={"meeting": meeting.pk, "file": paper.original_name, "sha256": paper.sha256},
    )
    return paper


# --- Funding, stakeholders, formation ---------------------------------------------------------------------


@transaction.atomic
def funding_save(*, actor: User, funding: Funding) -> Funding:
    _require_coordinator(actor)
    _save(actor, funding, "funding")
    return funding


@transaction.atomic
def deadline_save(*, actor: User, deadline: ReportingDeadline) -> ReportingDeadline:
    _require_coordinator(actor)
    funding = deadline.funding
    if deadline.due_date and deadline.due_date < funding.period_start:
        raise ValidationError({"due_date": "A reporting deadline cannot fall before the funding period starts."})
    _save(actor, deadline, "deadline")
    return deadline


@transaction.atomic
def stakeholder_save(*, actor: User, stakeholder: Stakeholder) -> Stakeholder:
    _require_coordinator(actor)
    _save(actor, stakeholder, "stakeholder")
    return stakeholder


@transaction.atomic
def briefing_add(*, actor: User, briefing: Briefing) -> Briefing:
    """Record a briefing; a stakeholder not yet contacted becomes "briefed"."""
    _require_coordinator(actor)
    if briefing.held_on and briefing.held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record briefings once they have been held (the date is in the future)."})
    _save(actor, briefing, "briefing")
    stakeholder = briefing.stakeholder
    if stakeholder.commitment == "not_contacted":
        stakeholder.commitment = "briefed"
        _save(actor, stakeholder, "stakeholder")
    return briefing


@transaction.atomic
def formation_step_save(*, actor: User, step: FormationStep) -> FormationStep:
    _require_coordinator(actor)
    if step.done_on and step.done_on > timezone.localdate():
        raise ValidationError({"done_on": "A step is done on or before today."})
    step.updated_by = actor
    _save(actor, step, "formation_step")
    return step


# --- Reminders and the calendar feed -------------------------------------------------------------------


@transaction.atomic
def reminder_dismiss(*, actor: User, reminder: Reminder) -> Reminder:
    _require_coordinator(actor)
    if reminder.dismissed_at is None:
        reminder.dismissed_at = timezone.now()
        reminder.dismissed_by = actor
        reminder.save(update_fields=["dismissed_at", "dismissed_by"])
        audit.record(verb="governance.reminder_dismissed", actor=actor, target=reminder)
    return reminder


@transaction.atomic
def calendar_token_reset(*, actor: User) -> str:
    """Issue a new secret feed URL for ``actor``; the old one stops working at once. Returns the raw token."""
    token, hashed = calendar.new_token()
    existed = CalendarFeedToken.objects.filter(user=actor).exists()
    CalendarFeedToken.objects.update_or_create(
        user=actor, defaults={"token_hash": hashed, "created_at": timezone.now(), "last_used_at": None}
    )
    audit.record(verb="calendar.token_reset" if existed else "calendar.token_created", actor=actor, target=actor)
    return token


@transaction.atomic
def calendar_token_revoke(*, actor: User) -> None:
    deleted = CalendarFeedToken.objects.filter(user=actor).delete()[0]
    if deleted:
        audit.record(verb="calendar.token_revoked", actor=actor, target=actor)


@transaction.atomic
def calendar_feed_open(*, token: str) -> User | None:
    """The active account a feed token belongs to, or None; each successful fetch is audited."""
    found = (
        CalendarFeedToken.objects.select_related("user__organization")
        .filter(token_hash=calendar.token_hash(token))
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    found.last_used_at = timezone.now()
    found.save(update_fields=["last_used_at"])
    audit.record(verb="calendar.feed_fetched", actor=found.user, target=found.user)
    return found.user
