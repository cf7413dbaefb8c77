"""Objectives' progress from the registry (``accord.governance.progress``): an objective linked to an indicator
shows the indicator's task-force total over the twelve months up to its due date (up to today while it runs).

The charter page is read by every member, so a count of people below the suppression threshold is withheld
(the page then says the figure is not available), as on the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.reporting import registry
from accord.reporting.periods import Period
from accord.reporting.registry import TASK_FORCE, Scope


def value_of(code: str) -> Callable[[Any], Decimal | None]:
    def value(objective: Any) -> Decimal | None:
        from accord.reporting import privacy

        spec = registry.specs()[code]
        end = min(objective.due_date, timezone.localdate())
        start = objective.due_date - timedelta(days=364)
        if end < start:
            return None
        total = sum(spec.compute(Period(start, end), Scope()).values())
        if spec.lane != TASK_FORCE and 0 < total < privacy.threshold():
            return None
        return Decimal(total)

    return value


def register() -> None:
    from accord.governance import progress

    for code in registry.specs():
        progress.register(code, value_of(code))
