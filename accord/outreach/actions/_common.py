"""What every outreach action shares: validate, save and audit in one step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models

from accord.core import audit
from accord.core.models import User


def save_audited(actor: User, instance: models.Model, verb: str, **extra: Any) -> dict[str, Any]:
    """Validate, save and audit a create or update (``outreach.<verb>_created|updated``); returns the changes."""
    model = type(instance)
    creating = instance.pk is None
    before = {} if creating else audit.snapshot(model._default_manager.get(pk=instance.pk))
    instance.full_clean()
    instance.save()
    changes = {**audit.diff(before, audit.snapshot(instance)), **extra}
    if creating or changes:
        audit.record(
            verb=f"outreach.{verb}_{'created' if creating else 'updated'}",
            actor=actor,
            target=instance,
            changes=changes,
        )
    return changes


def names(items: Iterable[Any]) -> list[str]:
    return sorted(str(item) for item in items)


def set_m2m(instance: Any, field: str, wanted: Iterable[Any] | None, changes: dict[str, Any]) -> None:
    """Replace a many-to-many field and note the change (by names) when there is one."""
    if wanted is None:
        return
    wanted = list(wanted)
    manager = getattr(instance, field)
    before = names(manager.all())
    manager.set(wanted)
    if names(wanted) != before:
        changes[field] = [before, names(wanted)]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (Jan 31 + 1 → Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover (28 always exists)
