"""What every outreach action shares: validate, save and audit in one step."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from accord.core import audit
from accord.core.models import User


def save_audited(actor: User, instance: models.Model, verb: str, **extra: Any) -> dict[str, Any]:
    """Validate, save and audit a create or update (``outreach.<verb>_created|updated``); returns the changes."""
    return audit.save_recorded(actor, instance, f"outreach.{verb}", **extra)


names = audit.names_of
set_m2m = audit.set_many


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
