"""Background jobs and the daily schedule.

Jobs are django-tasks ``@task`` functions, queued in the database and run by ``accord worker``. Jobs that
must run every day (reminders, checks) are listed in DAILY; ``accord daily`` (from cron or a systemd timer,
once a day) queues them all. Apps append their own in ``AppConfig.ready()``.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from accord.core import audit
from accord.core.models import AuditEvent

log = logging.getLogger("accord.jobs")

DAILY: list[Any] = []


def daily(job: Any) -> Any:
    """Register a task to be queued by ``accord daily``."""
    DAILY.append(job)
    return job


@daily
@task()
def verify_audit_trail() -> dict[str, Any]:
    """Check the audit chain and record the head hash, so a break is noticed within a day (CJIS AU-5, AU-6)."""
    result = audit.verify()
    if result.ok:
        audit.record(
            verb="audit.verified", actor_label="daily job", changes={"events": result.checked, "head": result.head}
        )
    else:
        log.error("Audit trail broken at event %s: %s", result.broken_at, result.reason)
        audit.record(
            verb="audit.broken",
            actor_label="daily job",
            outcome=AuditEvent.Outcome.FAILURE,
            changes={"broken_at": result.broken_at, "reason": result.reason},
        )
    return {"ok": result.ok, "checked": result.checked}
