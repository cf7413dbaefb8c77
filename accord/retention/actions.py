"""Every write of the retention app: rules, legal holds, and the purge itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import AuditEvent, Organization, Role, User
from accord.investigations.models import IntelligenceRecord, Investigation
from accord.referrals.models import Referral
from accord.retention import queries
from accord.retention.models import LegalHold, RecordClass, RetentionRule
from accord.victim_services.models import Client, ClientDocument, CompelledDisclosure, Release

JOB = "retention job"
BATCH = 500  # records per transaction: a long purge never holds locks for long
AUDIT_BATCH = 20_000
CHECKPOINT = audit.CHECKPOINT_VERB


def _require_coordinator(actor: User) -> None:
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("Only the task-force coordinator sets retention and legal holds.")


# Rules ------------------------------------------------------------------------------------------------------


@transaction.atomic
def rule_update(*, actor: User, rule: RetentionRule) -> RetentionRule:
    _require_coordinator(actor)
    audit.save_recorded(actor, rule, "retention.rule")
    return rule


# Legal holds ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldKind:
    label: str
    model: type[models.Model]
    owner: str  # the field naming the owning organization
    key: str  # the field the reference is matched against
    covers: RecordClass


HOLD_KINDS = {
    "client": HoldKind(
        "Victim-services client (by client code)", Client, "organization", "code", RecordClass.CLOSED_CLIENTS
    ),
    "investigation": HoldKind(
        "Investigation (by case number)", Investigation, "owner", "case_number", RecordClass.INTELLIGENCE
    ),
    "intelligence": HoldKind(
        "Criminal-intelligence record (by record number)", IntelligenceRecord, "owner", "pk", RecordClass.INTELLIGENCE
    ),
}


@transaction.atomic
def hold_place(
    *,
    actor: User,
    reason: str,
    record_class: str = "",
    kind: str = "",
    organization: Organization | None = None,
    reference: str = "",
) -> LegalHold:
    """Hold a whole record class, or one organization's record named by its reference; refuse what matches nothing."""
    _require_coordinator(actor)
    hold = LegalHold(reason=reason.strip(), placed_by=actor)
    if kind:
        found = _find_target(kind, organization, reference.strip())
        hold.organization, hold.record_class = organization, HOLD_KINDS[kind].covers
        hold.target_type = ContentType.objects.get_for_model(found)
        hold.target_id, hold.target_label = found.pk, f"{found} ({organization})"[:200]
        already = LegalHold.objects.active().filter(target_type=hold.target_type, target_id=found.pk)
    else:
        if record_class not in RecordClass.values:
            raise ValidationError({"record_class": "Choose the record class to hold, or a record."})
        hold.record_class = record_class
        already = LegalHold.objects.active().filter(record_class=record_class, target_type__isnull=True)
    if already.exists():
        raise ValidationError("That is already under an active legal hold.")
    hold.full_clean()
    hold.save()
    audit.record(verb="retention.hold_placed", actor=actor, target=hold, changes={"record_class": hold.record_class})
    return hold


def _find_target(kind: str, organization: Organization | None, reference: str) -> models.Model:
    spec = HOLD_KINDS.get(kind)
    if spec is None or organization is None or not reference:
        raise ValidationError("Choose the kind of record, its organization and its reference.")
    if spec.key == "pk" and not reference.isdigit():
        raise ValidationError({"reference": "A record number is digits only."})
    found = spec.model._default_manager.filter(**{spec.owner: organization, spec.key: reference}).first()
    if found is None:
        raise ValidationError({"reference": f"{organization} has no such record: check the reference."})
    return found


@transaction.atomic
def hold_release(*, actor: User, hold: LegalHold) -> LegalHold:
    _require_coordinator(actor)
    if not hold.active:
        raise ValidationError("This hold was already released.")
    hold.released_at, hold.released_by = timezone.now(), actor
    hold.save(update_fields=["released_at", "released_by"])
    audit.record(verb="retention.hold_released", actor=actor, target=hold, changes={"record_class": hold.record_class})
    return hold


# The purge --------------------------------------------------------------------------------------------------


def purge(*, today: date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Remove what each enabled rule says is past its period and is not held; log counts per class, nothing else.

    Each batch is its own transaction, so a run stopped half-way leaves whole records and a later run finishes
    the work. A second run the same day finds nothing.
    """
    counts: dict[str, int] = {}
    for rule in queries.rules():
        found = queries.candidates(rule, today) if rule.enabled else None
        if found is None:
            counts[rule.record_class] = 0
        elif dry_run:
            counts[rule.record_class] = queries.count_of(found)
        else:
            counts[rule.record_class] = PURGERS[RecordClass(rule.record_class)](found)
    if not dry_run:
        audit.record(verb="retention.purged", actor_label=JOB, changes={"counts": counts})
    return counts


def _in_batches(found: models.QuerySet[Any], remove: Callable[[list[int]], None]) -> int:
    total = 0
    while True:
        with transaction.atomic():  # choose and remove in one transaction, so a hold placed meanwhile counts
            ids = list(found.order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            remove(ids)
        total += len(ids)


def _delete_files_after_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def _stored(model: type[models.Model], field: str, **lookup: Any) -> list[str]:
    return list(model._default_manager.filter(**lookup).exclude(**{field: ""}).values_list(field, flat=True))


def _remove_clients(ids: list[int]) -> None:
    names = [
        *_stored(ClientDocument, "storage_name", client_id__in=ids),
        *_stored(Release, "form_storage_name", client_id__in=ids),
        *_stored(CompelledDisclosure, "order_storage_name", client_id__in=ids),
    ]
    # Another organization's referral outlives the client: it describes a need, and loses its link to the person.
    Referral.objects.filter(client_id__in=ids).update(client=None, share_identity=False)
    Client.objects.filter(pk__in=ids).delete()
    _delete_files_after_commit(names)


def _remove_releases(ids: list[int]) -> None:
    names = _stored(Release, "form_storage_name", pk__in=ids)
    Release.objects.filter(pk__in=ids).delete()
    _delete_files_after_commit(names)


def _remove_intelligence(ids: list[int]) -> None:
    IntelligenceRecord.objects.filter(pk__in=ids).delete()


def _purge_audit_events(found: models.QuerySet[AuditEvent]) -> int:
    """Remove the oldest events as a prefix of the chain, and append a checkpoint naming the last one removed.

    ``audit.verify`` then starts at the first remaining event and accepts it only if a checkpoint later in the
    (verified) chain names its predecessor: removing old events without one, or any event in the middle, still
    shows as a break. PostgreSQL's trigger lets the DELETE through for that statement only (core migration 0002).
    """
    total = 0
    while True:
        with transaction.atomic():
            audit.lock_chain()
            prefix = found.order_by("pk")  # ends before the first event within the period (queries.old_audit_events)
            batch = list(prefix.values("pk", "hash")[AUDIT_BATCH - 1 : AUDIT_BATCH]) or list(
                prefix.reverse().values("pk", "hash")[:1]
            )
            if not batch:
                return total
            last = batch[0]
            removed = _delete_audit_prefix(last["pk"])
            audit.record(
                verb=CHECKPOINT,
                actor_label=JOB,
                changes={"last_id": last["pk"], "last_hash": last["hash"], "purged": removed},
            )
        total += removed


def _delete_audit_prefix(last_pk: int) -> int:
    """Lift PostgreSQL's append-only rule for this one statement, then put it back at once."""
    switch = "SET LOCAL accord.audit_purge = %s"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(switch, ["on"])
        removed, _ = AuditEvent.objects.filter(pk__lte=last_pk).delete()
        if connection.vendor == "postgresql":
            cursor.execute(switch, ["off"])
    return removed


def _purge_uploads(names: list[str]) -> int:
    for name in names:
        default_storage.delete(name)
    return len(names)


PURGERS: dict[RecordClass, Callable[[Any], int]] = {
    RecordClass.CLOSED_CLIENTS: lambda found: _in_batches(found, _remove_clients),
    RecordClass.INTELLIGENCE: lambda found: _in_batches(found, _remove_intelligence),
    RecordClass.EXPIRED_RELEASES: lambda found: _in_batches(found, _remove_releases),
    RecordClass.AUDIT_EVENTS: _purge_audit_events,
    RecordClass.UPLOADS: _purge_uploads,
}
