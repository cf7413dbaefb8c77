"""Every write to victim-services records. Keyword-only ``actor``; one transaction; rules, clean, save, audit.

Audit rows never carry identifying values: encrypted fields appear only as "(encrypted)" in diffs, and every
target label is a client code.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accord.core import audit, uploads
from accord.core.models import Organization, Term, User
from accord.victim_services.locking import claim
from accord.victim_services.models import (
    BreakGlass,
    Client,
    ClientDocument,
    ClientStatus,
    CompelledDisclosure,
    ConsentRecord,
    Goal,
    InstrumentVersion,
    Need,
    Note,
    NotificationTask,
    Option,
    RelatedPerson,
    Release,
    Screening,
    ServiceDelivery,
    is_client_staff,
    is_vsp_supervisor,
    score,
)

NOTIFY_WITHIN_DAYS = 7


def _require_owner(actor: User, client: Client) -> None:
    if not is_client_staff(actor, client.organization_id):
        raise PermissionDenied("Only the client's own organization can change the record.")


def next_client_code(organization: Organization) -> str:
    prefix = "".join(ch for ch in (organization.short_name or organization.name) if ch.isalnum())[:6].upper() or "C"
    taken = set(Client.objects.filter(organization=organization).values_list("code", flat=True))
    number = len(taken) + 1
    while f"{prefix}-{number:04d}" in taken:
        number += 1
    return f"{prefix}-{number:04d}"


def _check_terms(terms: Iterable[Term], vocabulary: str, label: str) -> list[Term]:
    found = list(terms)
    if any(t.vocabulary.code != vocabulary for t in found):
        raise ValidationError(f"Unknown {label}.")
    return found


@transaction.atomic
def client_create(*, actor: User, client: Client, control_methods: Iterable[Term] = ()) -> Client:
    """Open a client record in the actor's own VSP (intake)."""
    if not is_client_staff(actor):
        raise PermissionDenied("Only victim-services staff keep client records.")
    client.organization = actor.organization  # type: ignore[assignment]
    client.created_by = actor
    if not client.code:
        client.code = next_client_code(client.organization)
    methods = _check_terms(control_methods, "control-method", "method of control")
    client.full_clean()
    client.save()
    client.control_methods.set(methods)
    audit.record(
        verb="client.created",
        actor=actor,
        target=client,
        changes=audit.diff({}, audit.snapshot(client)) | {"control_methods": [t.code for t in methods]},
    )
    return client


@transaction.atomic
def client_update(
    *, actor: User, client: Client, expected_version: int | None, control_methods: Iterable[Term] | None = None
) -> Client:
    _require_owner(actor, client)
    before = audit.snapshot(Client.objects.get(pk=client.pk))
    methods_before = sorted(client.control_methods.values_list("code", flat=True))
    claim(client, expected_version)
    client.full_clean()
    client.save()
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(client))
    changes.pop("version", None)
    if control_methods is not None:
        methods = _check_terms(control_methods, "control-method", "method of control")
        client.control_methods.set(methods)
        after = sorted(t.code for t in methods)
        if after != methods_before:
            changes["control_methods"] = [methods_before, after]
    audit.record(verb="client.updated", actor=actor, target=client, changes=changes)
    return client


@transaction.atomic
def client_close(
    *,
    actor: User,
    client: Client,
    expected_version: int | None,
    closed_on: Any,
    reason: Term,
    living_situation: Term | None = None,
    immigration_outcome: Term | None = None,
) -> Client:
    _require_owner(actor, client)
    if client.status == ClientStatus.CLOSED:
        raise ValidationError("This client record is already closed.")
    _check_terms([reason], "closure-reason", "closure reason")
    if living_situation is not None:
        _check_terms([living_situation], "living-situation", "living situation")
    if immigration_outcome is not None:
        _check_terms([immigration_outcome], "immigration-outcome", "immigration outcome")
    claim(client, expected_version)
    client.status = ClientStatus.CLOSED
    client.closed_on = closed_on
    client.closure_reason = reason
    client.living_situation = living_situation
    client.immigration_outcome = immigration_outcome
    client.full_clean()
    client.save()
    audit.record(
        verb="client.closed",
        actor=actor,
        target=client,
        changes={"closed_on": closed_on, "reason": reason.code},
    )
    return client


@transaction.atomic
def client_reopen(*, actor: User, client: Client, expected_version: int | None) -> Client:
    _require_owner(actor, client)
    if client.status != ClientStatus.CLOSED:
        raise ValidationError("This client record is open.")
    claim(client, expected_version)
    client.status = ClientStatus.OPEN
    client.closed_on = None
    client.closure_reason = None
    client.save()
    audit.record(verb="client.reopened", actor=actor, target=client)
    return client


def _save_item(actor: User, item: Any, verb: str) -> Any:
    _require_owner(actor, item.client)
    creating = item.pk is None
    before = {} if creating else audit.snapshot(type(item).objects.get(pk=item.pk))
    item.full_clean()
    item.save()
    audit.record(
        verb=f"{verb}.{'created' if creating else 'updated'}",
        actor=actor,
        target=item.client,
        changes={"id": item.pk, **audit.diff(before, audit.snapshot(item))},
    )
    return item


@transaction.atomic
def person_save(*, actor: User, person: RelatedPerson) -> RelatedPerson:
    result: RelatedPerson = _save_item(actor, person, "client.person")
    return result


@transaction.atomic
def need_save(*, actor: User, need: Need) -> Need:
    result: Need = _save_item(actor, need, "client.need")
    return result


@transaction.atomic
def goal_save(*, actor: User, goal: Goal) -> Goal:
    result: Goal = _save_item(actor, goal, "client.goal")
    return result


@transaction.atomic
def service_record(*, actor: User, service: ServiceDelivery) -> ServiceDelivery:
    """Record a service delivered. No release is needed or looked at: consent is never a condition of service."""
    service.recorded_by = service.recorded_by or actor
    if not service.provider_id:
        service.provider = actor.organization  # type: ignore[assignment]
    result: ServiceDelivery = _save_item(actor, service, "client.service")
    return result


@transaction.atomic
def note_add(*, actor: User, client: Client, text: str) -> Note:
    _require_owner(actor, client)
    if not text.strip():
        raise ValidationError("The note is empty.")
    note = Note(client=client, author=actor, text=text)
    note.full_clean()
    note.save()
    audit.record(verb="client.note_added", actor=actor, target=client, changes={"note_id": note.pk})
    return note


@transaction.atomic
def document_add(*, actor: User, client: Client, title: str, upload: UploadedFile) -> ClientDocument:
    _require_owner(actor, client)
    checked = uploads.check(upload, allowed=uploads.MATERIALS)
    name = uploads.store(upload, checked, folder="victim_services/documents")
    document = ClientDocument(
        client=client,
        title=title,
        storage_name=name,
        original_name=checked.original_name,
        content_type=checked.file_type.content_type,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit.record(verb="client.document_added", actor=actor, target=client, changes={"document_id": document.pk})
    return document


@transaction.atomic
def screening_record(
    *, actor: User, client: Client, version: InstrumentVersion, options: Iterable[Option], administered_on: Any = None
) -> Screening:
    """Record a screen and its domain scores. It changes nothing on the client: a screen is not a determination."""
    _require_owner(actor, client)
    chosen = list(options)
    by_question: dict[int, int] = {}
    for option in chosen:
        if option.question.section.version_id != version.pk:
            raise ValidationError("An answer does not belong to this version of the instrument.")
        by_question[option.question_id] = by_question.get(option.question_id, 0) + 1
    if any(n > 1 for n in by_question.values()):
        raise ValidationError("A question has more than one answer.")
    results = score(version, chosen)
    screening = Screening(
        client=client,
        version=version,
        organization=client.organization,
        administered_by=actor,
        administered_on=administered_on or timezone.localdate(),
        flagged_domains=[r.domain.code for r in results if r.flagged],
    )
    screening.full_clean()
    screening.save()
    screening.options.set(chosen)
    audit.record(
        verb="client.screened",
        actor=actor,
        target=client,
        changes={
            "screening_id": screening.pk,
            "instrument": str(version),
            "answered": len(chosen),
            "flagged_domains": screening.flagged_domains,
        },
    )
    return screening


@transaction.atomic
def release_create(*, actor: User, release: Release, upload: UploadedFile | None = None) -> Release:
    """Record the client's written consent to share named categories with ONE organization until a date."""
    _require_owner(actor, release.client)
    if upload is not None:
        checked = uploads.check(upload, allowed=(uploads.PDF, uploads.PNG, uploads.JPEG))
        release.form_storage_name = uploads.store(upload, checked, folder="victim_services/releases")
        release.form_name = checked.original_name
        release.form_content_type = checked.file_type.content_type
        release.consent_record = ConsentRecord.UPLOADED
    if (
        release.recipient_id
        and Release.objects.live().filter(client=release.client, recipient_id=release.recipient_id).exists()
    ):
        raise ValidationError(
            {"recipient": "A live release to this organization already exists. Revoke it first to replace it."}
        )
    release.created_by = actor
    release.full_clean()
    release.save()
    audit.record(
        verb="release.created",
        actor=actor,
        target=release.client,
        changes={
            "release_id": release.pk,
            "recipient": release.recipient.name,
            "recipient_id": release.recipient_id,
            "categories": release.categories,
            "signed_on": release.signed_on,
            "expires_on": release.expires_on,
            "grantor": release.grantor,
            "consent_record": release.consent_record,
        },
    )
    return release


@transaction.atomic
def release_revoke(*, actor: User, release: Release, expected_version: int | None, note: str = "") -> Release:
    """The client withdrew consent: access through the release stops at once."""
    _require_owner(actor, release.client)
    if release.revoked_at is not None:
        raise ValidationError("This release was already revoked.")
    claim(release, expected_version)
    release.revoked_at = timezone.now()
    release.revoked_by = actor
    release.revocation_note = note[:200]
    release.save()
    audit.record(
        verb="release.revoked",
        actor=actor,
        target=release.client,
        changes={"release_id": release.pk, "recipient_id": release.recipient_id},
    )
    return release


@transaction.atomic
def disclosure_record(
    *, actor: User, disclosure: CompelledDisclosure, upload: UploadedFile | None = None
) -> CompelledDisclosure:
    """A release compelled by a court order or statute: only the named fields, and a task to notify the victim."""
    _require_owner(actor, disclosure.client)
    if upload is not None:
        checked = uploads.check(upload, allowed=(uploads.PDF, uploads.PNG, uploads.JPEG))
        disclosure.order_storage_name = uploads.store(upload, checked, folder="victim_services/orders")
        disclosure.order_name = checked.original_name
        disclosure.order_content_type = checked.file_type.content_type
    disclosure.recorded_by = actor
    disclosure.full_clean()
    disclosure.save()
    task = NotificationTask.objects.create(
        disclosure=disclosure,
        organization=disclosure.client.organization,
        due_on=timezone.localdate() + timedelta(days=NOTIFY_WITHIN_DAYS),
    )
    audit.record(
        verb="disclosure.recorded",
        actor=actor,
        target=disclosure.client,
        changes={
            "disclosure_id": disclosure.pk,
            "basis": disclosure.basis,
            "authority": disclosure.authority,
            "recipient": disclosure.recipient,
            "fields": disclosure.fields,
            "notification_task_id": task.pk,
        },
    )
    return disclosure


@transaction.atomic
def task_complete(*, actor: User, task: NotificationTask, outcome: str) -> NotificationTask:
    if not is_client_staff(actor, task.organization_id):
        raise PermissionDenied("Not your organization's task.")
    if task.done_at is not None:
        raise ValidationError("This task is already done.")
    if not outcome.strip():
        raise ValidationError("Say how the client was notified, or why they could not be reached safely.")
    task.done_at = timezone.now()
    task.done_by = actor
    task.outcome = outcome[:200]
    task.save()
    audit.record(
        verb="disclosure.victim_notified",
        actor=actor,
        target=task.disclosure.client,
        changes={"task_id": task.pk, "disclosure_id": task.disclosure_id, "outcome": task.outcome},
    )
    return task


@transaction.atomic
def break_glass_grant(*, actor: User, client: Client, grantee: User, reason: str, hours: int) -> BreakGlass:
    """A VSP supervisor opens a client to one person for a few hours, in writing; reviewed afterwards."""
    if not is_vsp_supervisor(actor, client.organization_id):
        raise PermissionDenied("Only a supervisor of the client's organization can grant emergency access.")
    if not grantee.is_active:
        raise ValidationError({"grantee": "This account is not active."})
    if is_client_staff(grantee, client.organization_id):
        raise ValidationError({"grantee": "This person already works with the client's records."})
    now = timezone.now()
    grant = BreakGlass(
        client=client,
        grantee=grantee,
        granted_by=actor,
        reason=reason,
        starts_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    grant.full_clean()
    grant.save()
    audit.record(
        verb="break_glass.granted",
        actor=actor,
        target=client,
        changes={"grant_id": grant.pk, "grantee_id": grantee.pk, "hours": hours, "reason": reason},
    )
    return grant


@transaction.atomic
def break_glass_end(*, actor: User, grant: BreakGlass) -> BreakGlass:
    if not is_vsp_supervisor(actor, grant.client.organization_id):
        raise PermissionDenied("Only a supervisor of the client's organization can end emergency access.")
    if not grant.is_live():
        raise ValidationError("This grant has already ended.")
    grant.ended_at = timezone.now()
    grant.save(update_fields=["ended_at", "updated_at"])
    audit.record(verb="break_glass.ended", actor=actor, target=grant.client, changes={"grant_id": grant.pk})
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant: BreakGlass, note: str) -> BreakGlass:
    """After the fact, a supervisor (not the person who used it) writes down whether the access was justified."""
    if not is_vsp_supervisor(actor, grant.client.organization_id):
        raise PermissionDenied("Only a supervisor of the client's organization reviews emergency access.")
    if actor.pk == grant.grantee_id:
        raise ValidationError("Someone other than the person who used the access must review it.")
    if grant.reviewed_at is not None:
        raise ValidationError("This grant was already reviewed.")
    if not note.strip():
        raise ValidationError({"review_note": "Write down what the review found."})
    grant.reviewed_at = timezone.now()
    grant.reviewed_by = actor
    grant.review_note = note
    if grant.is_live():
        grant.ended_at = grant.reviewed_at
    grant.save()
    audit.record(
        verb="break_glass.reviewed", actor=actor, target=grant.client, changes={"grant_id": grant.pk, "note": note}
    )
    return grant
