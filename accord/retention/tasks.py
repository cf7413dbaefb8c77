"""The daily purge, queued by ``accord daily`` (registered in AppConfig.ready())."""

from __future__ import annotations

from django_tasks import task

from accord.retention import actions


@task()
def purge_expired() -> dict[str, int]:
    """Purge what the retention rules say is past its period and under no legal hold; log counts only."""
    return actions.purge()
