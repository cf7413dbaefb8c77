"""Outreach's daily job: reminders before member certifications expire."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from accord.core.jobs import daily
from accord.outreach import reminders


@daily
@task()
def outreach_certification_reminders() -> dict[str, Any]:
    return reminders.run()
