"""Background jobs and the daily schedule.

Jobs are django-tasks ``@task`` functions, queued in the database and run by ``accord worker``. Jobs that
must run every day (reminders, checks) are listed in DAILY; ``accord daily`` (from cron or a systemd timer,
once a day) queues them all. Apps append their own in ``AppConfig.ready()``.

A worker killed mid-job (SIGKILL, a reboot) leaves its job "running" for ever; ``recover_abandoned`` (run when
``accord worker`` starts and by ``accord daily``) finds jobs running longer than ACCORD_JOB_LEASE_MINUTES.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accord.core import actions, audit
from accord.core.models import AuditEvent

log = logging.getLogger("accord.jobs")

DAILY: list[Any] = []


def daily(job: Any) -> Any:
    """Register a task to be queued by ``accord daily``."""
    DAILY.append(job)
    return job


def enqueue_in_transaction(job: Any, *args: Any) -> None:
    """Queue a job with the transaction that asks for it. The queue is a table of this database (django-tasks'
    database backend), so the job is committed with the rows it is about, or not at all: none is lost when
    the process stops between the commit and the enqueue, and the enqueue costs no commit of its own. Any
    other backend (the tests' immediate one runs the job at once) is given the job after the commit."""
    if isinstance(job.get_backend(), DatabaseBackend):
        job.enqueue(*args)
    else:
        transaction.on_commit(lambda: job.enqueue(*args))


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


@daily
@task()
def disable_inactive_accounts() -> dict[str, int]:
    """Deactivate accounts unused for ACCORD_INACTIVE_DAYS; daily, so within a day of the limit (CJIS AC-2(3))."""
    return {"deactivated": actions.users_deactivate_inactive()}


class WorkerLost(Exception):
    """The worker running a job stopped (killed, or its machine restarted): the class named on such failed jobs."""


def recover_abandoned() -> dict[str, int]:
    """Re-queue abandoned daily jobs (they are safe to run twice); mark any other failed, with a note in its log.

    Each job is one transaction, so a job that fails half-way has rolled back and starting again is safe for the
    daily ones; other jobs may have had effects outside the database (an e-mail, a webhook), so a person decides.
    """
    cutoff = timezone.now() - timedelta(minutes=settings.ACCORD_JOB_LEASE_MINUTES)
    resumable = {job.module_path for job in DAILY}
    counts = {"resumed": 0, "failed": 0}
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for job_id in list(stale.values_list("id", flat=True)):
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(id=job_id).first()
            if job is None:
                continue  # another worker recovered it, or it finished
            worker = job.worker_ids[-1] if job.worker_ids else "unknown"
            note = (
                f"Worker {worker} stopped while running this job (started {job.started_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"still running after {settings.ACCORD_JOB_LEASE_MINUTES} minutes). Found {timezone.now():%H:%M} UTC"
            )
            if job.task_path in resumable:
                job.status, job.started_at = TaskResultStatus.READY, None
                job.traceback = f"{note}; queued to run again."
                job.save(update_fields=["status", "started_at", "traceback"])
                counts["resumed"] += 1
            else:
                job.status, job.finished_at = TaskResultStatus.FAILED, timezone.now()
                job.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                job.traceback = f"{note}; marked failed. Check what it did before running it again."
                job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                counts["failed"] += 1
            log.warning("Abandoned job %s (%s): %s", job.pk, job.task_path, job.traceback)
    if any(counts.values()):
        with transaction.atomic():
            audit.record(verb="jobs.recovered", actor_label="accord worker", changes=counts)
    return counts
