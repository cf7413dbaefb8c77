"""Every reporting write, and the audited reads (pack views and downloads, the de-identified export).

Each action takes a keyword-only ``actor``, runs in one transaction, checks the rules, validates with
``full_clean()``, saves and writes its audit event. Rule failures raise PermissionDenied; bad input raises
ValidationError with a message a person can act on, and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.jobs import enqueue_in_transaction
from accord.core.models import User
from accord.reporting.models import GeneratedPack, Indicator, PackItem, PackTemplate, Scope
from accord.reporting.periods import Period
from accord.reporting.queries import can_edit_registry

INDICATOR_FIELDS = ("name", "definition", "active", "order")
ITEM_FIELDS = ("number", "question", "indicator_code", "dimension", "grant_year", "order")


def _require_coordinator(actor: User) -> None:
    if not can_edit_registry(actor):
        raise PermissionDenied("Only the coordinator can change the registry and the packs.")


def _update(actor: User, instance: Any, fields: tuple[str, ...], values: dict[str, Any], verb: str) -> Any:
    before = audit.snapshot(instance)
    for name in fields:
        if name in values:
            setattr(instance, name, values[name])
    instance.full_clean()
    instance.save()
    audit.record(verb=verb, actor=actor, target=instance, changes=audit.diff(before, audit.snapshot(instance)))
    return instance


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, **values: Any) -> Indicator:
    """Rename, redefine, show or hide, or reorder an indicator (its query is code and does not change)."""
    _require_coordinator(actor)
    return _update(actor, indicator, INDICATOR_FIELDS, values, "reporting.indicator.updated")


@transaction.atomic
def pack_item_update(*, actor: User, item: PackItem, **values: Any) -> PackItem:
    """Change which indicator answers a pack question, its wording or its number."""
    _require_coordinator(actor)
    return _update(actor, item, ITEM_FIELDS, values, "reporting.pack_item.updated")


@transaction.atomic
def pack_item_add(*, actor: User, template: PackTemplate, **values: Any) -> PackItem:
    _require_coordinator(actor)
    item = PackItem(template=template, **{k: v for k, v in values.items() if k in ITEM_FIELDS})
    item.full_clean()
    item.save()
    audit.record(verb="reporting.pack_item.created", actor=actor, target=item, changes=audit.snapshot(item))
    return item


def _check_period(period_key: str) -> Period:
    try:
        period = Period.parse(period_key)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    if period.kind not in ("quarter", "half_year"):
        raise ValidationError({"period": "Packs are generated for a quarter or a half-year."})
    if period.start > timezone.localdate():
        raise ValidationError({"period": "Choose a period that has begun."})
    return period


@transaction.atomic
def pack_generate(*, actor: User, template: PackTemplate, period_key: str, scope: str) -> GeneratedPack:
    """Queue a pack for a quarter or half-year, over the task force (suppressed) or the actor's organization."""
    _check_period(period_key)
    if scope not in Scope.values:
        raise ValidationError({"scope": "Choose the whole task force or your organization."})
    if scope == Scope.ORGANIZATION and not actor.organization_id:
        raise PermissionDenied("You do not belong to an organization.")
    pack = GeneratedPack(
        template=template,
        period_key=period_key,
        scope=scope,
        organization_id=actor.organization_id if scope == Scope.ORGANIZATION else None,
        requested_by=actor,
        items_total=template.items.count(),
    )
    pack.full_clean()
    pack.save()
    audit.record(
        verb="reporting.pack.requested",
        actor=actor,
        target=pack,
        changes={"template": template.code, "period": period_key, "scope": scope},
    )
    from accord.reporting.tasks import generate_pack

    enqueue_in_transaction(generate_pack, pack.pk)
    return pack


def pack_viewed(*, actor: User, pack: GeneratedPack, download: bool = False) -> None:
    """Record that a generated pack was opened or downloaded (its figures leave the system from here)."""
    verb = "reporting.pack.downloaded" if download else "reporting.pack.viewed"
    audit.record(verb=verb, actor=actor, target=pack, changes={"scope": pack.scope, "period": pack.period_key})


def export_downloaded(*, actor: User, report: dict[str, Any]) -> None:
    """Record a de-identified export: who, and what the export did to the data (its report)."""
    _require_coordinator(actor)
    audit.record(verb="reporting.deidentified_export.downloaded", actor=actor, changes=report)
