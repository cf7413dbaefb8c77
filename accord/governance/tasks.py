"""Governance's daily job: expire lapsed agreements, then write and send the reminders that are due."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from accord.core.jobs import daily
from accord.governance import actions, reminders


@daily
@task()
def governance_reminders() -> dict[str, Any]:
    expired = actions.agreements_expire_lapsed()
    return {"expired": expired, **reminders.run()}
