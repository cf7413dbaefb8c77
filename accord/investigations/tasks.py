"""Daily jobs: the 28 CFR Part 23 retention purge and Continued Presence renewal reminders.

Registered with ``accord.core.jobs.DAILY`` in AppConfig.ready(); ``accord daily`` queues them.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from accord.investigations import actions


@task()
def purge_intelligence() -> dict[str, Any]:
    """Purge criminal-intelligence records not validated by a review within five years; log counts only."""
    return actions.intelligence_purge_expired()


@task()
def continued_presence_reminders() -> dict[str, Any]:
    """Create a renewal task for each Continued Presence grant nearing its expiry."""
    return {"created": actions.continued_presence_reminders()}
