"""What each record class would lose to the purge today: records past their period and under no legal hold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.investigations.models import IntelligenceRecord, Investigation
from accord.retention.models import LegalHold, RecordClass, RetentionRule
from accord.victim_services.models import Client, ClientStatus, Release

UPLOAD_FOLDERS = ("victim_services", "investigations", "governance", "outreach")


def rules() -> list[RetentionRule]:
    return list(RetentionRule.objects.order_by("record_class"))


def cutoff(rule: RetentionRule, today: date | None = None) -> date:
    """Records whose anchor date falls before this day are past the period."""
    return (today or timezone.localdate()) - timedelta(days=rule.period_days)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def closed_clients(before: date) -> QuerySet[Client]:
    return Client.objects.filter(status=ClientStatus.CLOSED, closed_on__lt=before).exclude(
        pk__in=LegalHold.objects.target_ids(Client)
    )


def intelligence(before: date) -> QuerySet[IntelligenceRecord]:
    found = IntelligenceRecord.objects.filter(
        Q(last_reviewed_on__isnull=True, entered_on__lt=before) | Q(last_reviewed_on__lt=before)
    )
    return without_held_intelligence(found)


def without_held_intelligence(found: QuerySet[IntelligenceRecord]) -> QuerySet[IntelligenceRecord]:
    """Leave out records held themselves, through their investigation, or as a class."""
    held = LegalHold.objects
    if held.on_class(RecordClass.INTELLIGENCE):
        return found.none()
    return found.exclude(pk__in=held.target_ids(IntelligenceRecord)).exclude(
        investigation_id__in=held.target_ids(Investigation)
    )


def expired_releases(before: date) -> QuerySet[Release]:
    held = LegalHold.objects
    return (
        Release.objects.filter(Q(expires_on__lt=before) | Q(revoked_at__lt=start_of(before)))
        .exclude(pk__in=held.target_ids(Release))
        .exclude(client_id__in=held.target_ids(Client))
    )


def old_audit_events(before: date) -> QuerySet[AuditEvent]:
    """Events before the period, as the unbroken prefix of the chain that ends at the first event within it."""
    limit = start_of(before)
    first_kept = AuditEvent.objects.filter(occurred_at__gte=limit).order_by("pk").values_list("pk", flat=True).first()
    old = AuditEvent.objects.filter(occurred_at__lt=limit)
    return old if first_kept is None else old.filter(pk__lt=first_kept)


def referenced_files() -> set[str]:
    """Every stored name a row refers to. By convention (accord.core.uploads) such fields end in ``storage_name``."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name.endswith("storage_name"):
                rows = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(rows)
    return names


def _walk(folder: str) -> Iterator[str]:
    if not default_storage.exists(folder):
        return
    dirs, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(f"{folder}/{sub}")


def orphaned_files(before: date) -> list[str]:
    """Stored uploads no record names, stored before ``before`` (so an upload in progress is never taken)."""
    keep, limit = referenced_files(), start_of(before)
    return [
        name
        for folder in UPLOAD_FOLDERS
        for name in _walk(folder)
        if name not in keep and default_storage.get_modified_time(name) < limit
    ]


@dataclass(frozen=True)
class Due:
    rule: RetentionRule
    held: bool  # the whole class is under a legal hold
    count: int


def candidates(rule: RetentionRule, today: date | None = None) -> Any:
    """The records (or file names) of this class past the period and not held, or None when the class is held."""
    if LegalHold.objects.on_class(rule.record_class):
        return None
    before = cutoff(rule, today)
    finder = {
        RecordClass.CLOSED_CLIENTS: closed_clients,
        RecordClass.INTELLIGENCE: intelligence,
        RecordClass.EXPIRED_RELEASES: expired_releases,
        RecordClass.AUDIT_EVENTS: old_audit_events,
        RecordClass.UPLOADS: orphaned_files,
    }[RecordClass(rule.record_class)]
    return finder(before)


def count_of(found: Any) -> int:
    return 0 if found is None else len(found) if isinstance(found, list) else int(found.count())


def due(today: date | None = None) -> list[Due]:
    """Per class, how many records a purge run today would remove (the page's dry run)."""
    result = []
    for rule in rules():
        found = candidates(rule, today)
        result.append(Due(rule, found is None, count_of(found)))
    return result


def active_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.active().select_related("organization", "placed_by")
