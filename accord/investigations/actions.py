"""Every write in investigations. Views, the daily jobs and tests all call these.

Each action takes a keyword-only ``actor``, runs in one transaction, checks who may write, calls ``full_clean()``,
saves and writes one audit event (``<entity>.created`` / ``.updated`` / …). Bad input raises ValidationError
before anything is saved, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from accord.core import audit, uploads
from accord.core.models import Lane, Organization, Role, Term, User
from accord.investigations import access
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
    Document,
    IntelligenceRecord,
    Investigation,
    InvestigationSettings,
    InvestigationShare,
    ProsecutionReferral,
    ReliefStatus,
    Subject,
    Task,
    TaskStatus,
    TimelineEvent,
    Victim,
    Witness,
    is_case_staff,
)
from accord.retention.queries import without_held_intelligence

R = TypeVar("R", bound=CaseRecord)
JOB = "daily job"


def _agency(actor: User) -> int:
    """The actor's organization: every record is recorded by someone of some organization."""
    if actor.organization_id is None:
        raise PermissionDenied("Only staff of a member organization record in investigations.")
    return actor.organization_id


def _check_contributor(actor: User, investigation: Investigation) -> None:
    if not Investigation.objects.visible_to(actor).filter(pk=investigation.pk).exists():
        raise PermissionDenied("You may record only in investigations your agency owns or that are shared with it.")


def _check_manager(actor: User, investigation: Investigation) -> None:
    if not access.can_manage(actor, investigation):
        raise PermissionDenied("Only the owning agency can change the investigation itself or its sharing.")


def _record_save(*, actor: User, item: R, entity: str, extra: dict[str, Any] | None = None) -> R:
    """Create or update one record inside an investigation, with its audit event."""
    _check_contributor(actor, item.investigation)
    creating = item.pk is None
    model = type(item)
    stored = None if creating else model.objects.get(pk=item.pk)  # type: ignore[attr-defined]
    if stored is not None and stored.investigation_id != item.investigation_id:
        raise ValidationError("A record cannot move to another investigation.")
    if creating:
        item.recorded_by = actor
        item.organization_id = _agency(actor)
    before = audit.snapshot(stored) if stored is not None else {}
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item))
    changes.update(extra or {})
    if creating or changes:
        audit.record(
            verb=f"{entity}.{'created' if creating else 'updated'}",
            actor=actor,
            target=item,
            changes={"investigation": item.investigation_id, **changes},
        )
    return item


def _ensure_shared(actor: User, investigation: Investigation, organization: Organization, reason: str) -> None:
    """Naming an organization in a referral or a CP request shares the case with it (audited, once)."""
    if organization.pk == investigation.owner_id:
        return
    if investigation.shares.active().filter(organization=organization).exists():
        return
    share = InvestigationShare(investigation=investigation, organization=organization, reason=reason, shared_by=actor)
    share.full_clean()
    share.save()
    audit.record(
        verb="investigation.shared",
        actor=actor,
        target=investigation,
        changes={"organization": organization.name, "reason": reason, "automatic": True},
    )


# Investigations and sharing ----------------------------------------------------------------------------------


@transaction.atomic
def investigation_create(*, actor: User, investigation: Investigation) -> Investigation:
    """Open an investigation owned by the actor's agency."""
    if not (is_case_staff(actor) and actor.lane == Lane.LAW_ENFORCEMENT):
        raise PermissionDenied("Only law-enforcement case staff open investigations.")
    investigation.owner_id = _agency(actor)
    investigation.created_by = actor
    investigation.full_clean()
    investigation.save()
    audit.record(
        verb="investigation.created",
        actor=actor,
        target=investigation,
        changes=audit.diff({}, audit.snapshot(investigation)),
    )
    return investigation


@transaction.atomic
def investigation_update(*, actor: User, investigation: Investigation) -> Investigation:
    stored = Investigation.objects.get(pk=investigation.pk)
    _check_manager(actor, stored)
    if stored.owner_id != investigation.owner_id:
        raise ValidationError("An investigation cannot change its owning agency.")
    investigation.full_clean()
    investigation.save()
    changes = audit.diff(audit.snapshot(stored), audit.snapshot(investigation))
    if changes:
        audit.record(verb="investigation.updated", actor=actor, target=investigation, changes=changes)
    return investigation


@transaction.atomic
def investigation_share(
    *, actor: User, investigation: Investigation, organization: Organization, reason: str
) -> InvestigationShare:
    """Share with a participating agency or a prosecutor's office, saying why they need to know."""
    _check_manager(actor, investigation)
    if not reason.strip():
        raise ValidationError({"reason": "Say why they need to know."})
    share = InvestigationShare(investigation=investigation, organization=organization, reason=reason, shared_by=actor)
    share.full_clean()
    share.save()
    audit.record(
        verb="investigation.shared",
        actor=actor,
        target=investigation,
        changes={"organization": organization.name, "organization_id": organization.pk, "reason": reason},
    )
    return share


@transaction.atomic
def share_revoke(*, actor: User, share: InvestigationShare) -> None:
    investigation = share.investigation
    _check_manager(actor, investigation)
    if share.revoked_at is not None:
        raise ValidationError("This share has already ended.")
    open_referral = ProsecutionReferral.objects.filter(
        investigation=investigation, office_id=share.organization_id, decision__in=[Decision.PENDING, Decision.ACCEPTED]
    )
    if open_referral.exists():
        raise ValidationError("The case is referred to this office and not declined: it must keep seeing it.")
    if ContinuedPresence.objects.filter(
        investigation=investigation, federal_partner_id=share.organization_id, status=ReliefStatus.REQUESTED
    ).exists():
        raise ValidationError("A Continued Presence request through this agency is pending: it must keep seeing it.")
    share.revoked_at = timezone.now()
    share.revoked_by = actor
    share.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        verb="investigation.share_revoked",
        actor=actor,
        target=investigation,
        changes={"organization": share.organization.name, "organization_id": share.organization_id},
    )


# People ------------------------------------------------------------------------------------------------------


@transaction.atomic
def subject_save(*, actor: User, subject: Subject, roles: Iterable[Term] | None = None) -> Subject:
    extra: dict[str, Any] = {}
    wanted = list(roles) if roles is not None else None
    if wanted is not None and any(term.vocabulary.code != "perpetrator-role" for term in wanted):
        raise ValidationError({"roles": "Choose roles from the perpetrator-role list."})
    before_roles = sorted(subject.roles.values_list("code", flat=True)) if subject.pk else []
    if wanted is not None and sorted(t.code for t in wanted) != before_roles:
        extra["roles"] = [before_roles, sorted(t.code for t in wanted)]
    _record_save(actor=actor, item=subject, entity="subject", extra=extra)
    if wanted is not None:
        subject.roles.set(wanted)
    return subject


@transaction.atomic
def victim_save(*, actor: User, victim: Victim) -> Victim:
    return _record_save(actor=actor, item=victim, entity="victim")


@transaction.atomic
def witness_save(*, actor: User, witness: Witness) -> Witness:
    return _record_save(actor=actor, item=witness, entity="witness")


# Enforcement and court ---------------------------------------------------------------------------------------


@transaction.atomic
def arrest_save(*, actor: User, arrest: Arrest) -> Arrest:
    return _record_save(actor=actor, item=arrest, entity="arrest")


@transaction.atomic
def charge_save(*, actor: User, charge: Charge) -> Charge:
    stored_statute = Charge.objects.filter(pk=charge.pk).values_list("statute_id", flat=True).first()
    if charge.statute_id and charge.statute_id != stored_statute:
        statute = Term.objects.filter(pk=charge.statute_id).select_related("vocabulary").first()
        if statute is None or statute.vocabulary.code != "statute" or not statute.is_active:
            raise ValidationError({"statute": "Choose a statute from the task force's list of statutes."})
    if charge.nibrs_offense_id:
        offense = Term.objects.filter(pk=charge.nibrs_offense_id).select_related("vocabulary").first()
        if offense is None or offense.vocabulary.code != "nibrs-offense":
            raise ValidationError({"nibrs_offense": "Choose a NIBRS offense from the list."})
    return _record_save(actor=actor, item=charge, entity="charge")


@transaction.atomic
def referral_save(*, actor: User, referral: ProsecutionReferral) -> ProsecutionReferral:
    """Refer the case to a prosecutor's office (local, state or federal); the office then sees the case."""
    if referral.pk is None:
        referral.decision = Decision.PENDING
        referral.decided_on = None
    else:
        stored = ProsecutionReferral.objects.get(pk=referral.pk)
        if (stored.office_id, stored.decision) != (referral.office_id, referral.decision):
            raise ValidationError("The office and its decision change only through the office's own decision.")
    if referral.office_id:
        referral.level = referral.office.jurisdiction_level
    saved = _record_save(actor=actor, item=referral, entity="referral")
    _ensure_shared(actor, saved.investigation, saved.office, "Referred for prosecution")
    return saved


@transaction.atomic
def referral_decide(
    *, actor: User, referral: ProsecutionReferral, decision: str, decided_on: date, note: str = ""
) -> ProsecutionReferral:
    """The office the case was referred to accepts or declines it."""
    if referral.office_id != actor.organization_id or actor.lane != Lane.PROSECUTION:
        raise PermissionDenied("Only the office the case was referred to can accept or decline it.")
    if decision not in {Decision.ACCEPTED, Decision.DECLINED}:
        raise ValidationError({"decision": "Choose accepted or declined."})
    before = audit.snapshot(ProsecutionReferral.objects.get(pk=referral.pk))
    referral.decision, referral.decided_on, referral.decision_note = decision, decided_on, note
    referral.full_clean()
    referral.save()
    audit.record(
        verb="referral.decided",
        actor=actor,
        target=referral,
        changes={"investigation": referral.investigation_id, **audit.diff(before, audit.snapshot(referral))},
    )
    return referral


@transaction.atomic
def court_event_save(*, actor: User, court_event: CourtEvent) -> CourtEvent:
    return _record_save(actor=actor, item=court_event, entity="court_event")


@transaction.atomic
def disposition_save(*, actor: User, disposition: Disposition) -> Disposition:
    if not disposition.charge_id:
        raise ValidationError({"charge": "A disposition must name the charge it disposes of."})
    return _record_save(actor=actor, item=disposition, entity="disposition")


# Immigration relief ------------------------------------------------------------------------------------------


@transaction.atomic
def continued_presence_save(*, actor: User, request: ContinuedPresence) -> ContinuedPresence:
    """Record a CP request made through a federal partner, or its decision; a grant gets the default expiry."""
    if request.status == ReliefStatus.GRANTED and request.decided_on and not request.expires_on:
        request.expires_on = InvestigationSettings.current().default_expiry(request.decided_on)
    saved = _record_save(actor=actor, item=request, entity="continued_presence")
    if saved.federal_partner_id and saved.federal_partner is not None:
        _ensure_shared(actor, saved.investigation, saved.federal_partner, "Continued Presence requested through them")
    return saved


@transaction.atomic
def continued_presence_renew(*, actor: User, granted: ContinuedPresence, requested_on: date) -> ContinuedPresence:
    """Ask for a renewal of a granted CP: a new request linked to the grant, through the same partner."""
    if granted.status != ReliefStatus.GRANTED:
        raise ValidationError("Only a granted Continued Presence can be renewed.")
    if granted.renewals.exists():
        raise ValidationError("A renewal has already been requested for this grant.")
    renewal = ContinuedPresence(
        investigation=granted.investigation,
        victim=granted.victim,
        federal_partner=granted.federal_partner,
        requested_on=requested_on,
        renewal_of=granted,
    )
    saved = continued_presence_save(actor=actor, request=renewal)
    Task.objects.filter(source_key__startswith=f"cp-renewal:{granted.pk}:", status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_on=requested_on
    )
    return saved


@transaction.atomic
def certification_save(*, actor: User, certification: Certification) -> Certification:
    return _record_save(actor=actor, item=certification, entity="certification")


# Timeline, tasks, documents, case review ---------------------------------------------------------------------


@transaction.atomic
def timeline_event_save(*, actor: User, event: TimelineEvent) -> TimelineEvent:
    return _record_save(actor=actor, item=event, entity="timeline_event")


@transaction.atomic
def task_save(*, actor: User, task: Task) -> Task:
    return _record_save(actor=actor, item=task, entity="task")


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    if task.status == TaskStatus.DONE:
        return task
    task.status, task.completed_on = TaskStatus.DONE, timezone.localdate()
    return _record_save(actor=actor, item=task, entity="task")


@transaction.atomic
def document_upload(*, actor: User, investigation: Investigation, upload: File, title: str) -> Document:
    """Check the file (type, size, content), store it under a generated name and record it."""
    _check_contributor(actor, investigation)
    checked = uploads.check(upload)
    document = Document(
        investigation=investigation,
        recorded_by=actor,
        organization_id=_agency(actor),
        title=title.strip() or checked.original_name,
        original_name=checked.original_name,
        content_type=checked.file_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        storage_name="pending",
    )
    document.full_clean(exclude=["storage_name"])
    document.storage_name = uploads.store(upload, checked, folder="investigations")
    document.save()
    audit.record(
        verb="document.uploaded",
        actor=actor,
        target=document,
        changes={"investigation": investigation.pk, "size": checked.size, "sha256": checked.sha256},
    )
    return document


def document_download(*, actor: User, document: Document) -> FileResponse:
    """Serve a document to someone who reached it through access.py; every download is audited."""
    _check_contributor(actor, document.investigation)
    audit.record(
        verb="document.downloaded", actor=actor, target=document, changes={"investigation": document.investigation_id}
    )
    return uploads.serve(
        document.storage_name, download_name=document.original_name, content_type=document.content_type
    )


@transaction.atomic
def case_review_create(
    *, actor: User, investigation: Investigation, meeting_on: date, fields: Iterable[str], note: str = ""
) -> CaseReviewItem:
    """Freeze the chosen, non-identifying facts of a case for a multidisciplinary case review."""
    from accord.investigations.sharing import SHAREABLE, snapshot

    chosen = [key for key in SHAREABLE if key in set(fields)]
    if not chosen and not note.strip():
        raise ValidationError("Choose at least one thing to share, or write a note for the meeting.")
    unknown = set(fields) - set(SHAREABLE)
    if unknown:
        raise ValidationError(f"These cannot be shared: {', '.join(sorted(unknown))}.")
    item = CaseReviewItem(investigation=investigation, meeting_on=meeting_on, note=note)
    item.shared_fields = chosen
    item.content = snapshot(investigation, chosen)
    return _record_save(actor=actor, item=item, entity="case_review")


# Criminal intelligence (28 CFR Part 23) ----------------------------------------------------------------------


def _check_intelligence_staff(actor: User, record: IntelligenceRecord) -> None:
    if not (is_case_staff(actor) and actor.lane == Lane.LAW_ENFORCEMENT and record.owner_id == actor.organization_id):
        raise PermissionDenied("Only your own agency's case staff keep its criminal intelligence.")


@transaction.atomic
def intelligence_save(*, actor: User, record: IntelligenceRecord) -> IntelligenceRecord:
    creating = record.pk is None
    if creating:
        record.owner_id = _agency(actor)
        record.entered_by = actor
    _check_intelligence_staff(actor, record)
    stored = None if creating else IntelligenceRecord.objects.get(pk=record.pk)
    if stored is not None and stored.owner_id != record.owner_id:
        raise ValidationError("An intelligence record cannot move to another agency.")
    before = audit.snapshot(stored) if stored is not None else {}
    record.full_clean()
    record.save()
    changes = audit.diff(before, audit.snapshot(record))
    if creating or changes:
        audit.record(
            verb=f"intelligence.{'created' if creating else 'updated'}", actor=actor, target=record, changes=changes
        )
    return record


@transaction.atomic
def intelligence_review(
    *, actor: User, record: IntelligenceRecord, still_valid: bool, next_review_on: date | None
) -> IntelligenceRecord | None:
    """Review a record: keep it with a new review date, or purge it now because it no longer meets the standard."""
    _check_intelligence_staff(actor, record)
    today = timezone.localdate()
    if not still_valid:
        record_id = record.pk
        record.delete()
        audit.record(
            verb="intelligence.purged", actor=actor, changes={"purged": 1, "reason": "review", "id": record_id}
        )
        return None
    if next_review_on is None:
        raise ValidationError({"next_review_on": "Give the date of the next review."})
    record.last_reviewed_on, record.reviewed_by, record.review_due_on = today, actor, next_review_on
    record.full_clean()
    record.save()
    audit.record(verb="intelligence.reviewed", actor=actor, target=record, changes={"review_due_on": next_review_on})
    return record


@transaction.atomic
def intelligence_purge_expired(*, today: date | None = None) -> dict[str, int]:
    """Delete records not validated by a review within five years. The audit event holds counts only."""
    today = today or timezone.localdate()
    expired = without_held_intelligence(  # a legal hold outranks the purge
        IntelligenceRecord.objects.past_retention(today)
    )
    purged = expired.count()
    expired.delete()
    overdue = IntelligenceRecord.objects.review_overdue(today).count()
    counts = {"purged": purged, "review_overdue": overdue}
    audit.record(verb="intelligence.retention_run", actor_label=JOB, changes=counts)
    return counts


# Settings and reminders --------------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor: User, settings: InvestigationSettings) -> InvestigationSettings:
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("Only the coordinator changes the task force's investigation settings.")
    before = audit.snapshot(InvestigationSettings.objects.get(pk=settings.pk)) if settings.pk else {}
    settings.full_clean()
    settings.save()
    changes = audit.diff(before, audit.snapshot(settings))
    if changes:
        audit.record(verb="investigation_settings.updated", actor=actor, target=settings, changes=changes)
    return settings


@transaction.atomic
def continued_presence_reminders(*, today: date | None = None) -> int:
    """Create one renewal task per granted CP that expires within the notice period and has no renewal yet."""
    today = today or timezone.localdate()
    window = InvestigationSettings.current().renewal_window(today)
    due = (
        ContinuedPresence.objects.filter(status=ReliefStatus.GRANTED, expires_on__lte=window, renewals__isnull=True)
        .select_related("victim")
        .order_by("pk")
    )
    created = 0
    for grant in due:
        assert grant.expires_on is not None
        key = f"cp-renewal:{grant.pk}:{grant.expires_on.isoformat()}"
        if Task.objects.filter(source_key=key).exists():
            continue
        task = Task(
            investigation_id=grant.investigation_id,
            recorded_by_id=grant.recorded_by_id,
            organization_id=grant.organization_id,
            title=f"Request renewal of Continued Presence for victim {grant.victim.reference} "
            f"(expires {grant.expires_on:%d %b %Y})",
            due_on=max(today, grant.expires_on - timedelta(days=30)),
            source_key=key,
        )
        task.full_clean()
        task.save()
        audit.record(
            verb="task.created",
            actor_label=JOB,
            target=task,
            organization_id=grant.organization_id,
            changes={"investigation": grant.investigation_id, "reminder": "continued_presence_renewal"},
        )
        created += 1
    return created
