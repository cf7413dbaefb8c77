"""The daily jobs: the 28 CFR Part 23 purge (counts only in the log) and Continued Presence renewal reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from accord.core.models import AuditEvent
from accord.investigations import tasks
from accord.investigations.models import IntelligenceRecord, Task, add_years
from accord.investigations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_unreviewed_intelligence_older_than_five_years_is_purged_and_only_counted(personas):
    today = f.days_ago(0)
    old = f.intelligence(
        personas.agency_a, entered_on=add_years(today, -5) - timedelta(days=1), review_due_on=add_years(today, -4)
    )
    reviewed = f.intelligence(personas.agency_a, entered_on=add_years(today, -6), review_due_on=f.days_ago(-200))
    IntelligenceRecord.objects.filter(pk=reviewed.pk).update(last_reviewed_on=f.days_ago(30))
    overdue = f.intelligence(personas.agency_a, entered_on=f.days_ago(500), review_due_on=f.days_ago(100))
    fresh = f.intelligence(personas.agency_a)
    result = tasks.purge_intelligence.call()
    assert result == {"purged": 1, "review_overdue": 1}
    assert set(IntelligenceRecord.objects.values_list("pk", flat=True)) == {reviewed.pk, overdue.pk, fresh.pk}
    assert not IntelligenceRecord.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(verb="intelligence.retention_run")
    assert event.changes == {"purged": 1, "review_overdue": 1}
    assert event.target_id == "" and event.target_label == ""


def test_renewal_reminders_once_per_grant_and_not_after_a_renewal(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    due = f.continued_presence(inv, status="granted", decided_on=f.days_ago(700), expires_on=f.days_ago(-40))
    f.continued_presence(inv, status="granted", decided_on=f.days_ago(10), expires_on=f.days_ago(-700))  # not yet
    assert tasks.continued_presence_reminders.call() == {"created": 1}
    assert tasks.continued_presence_reminders.call() == {"created": 0}
    task = Task.objects.get()
    assert "V-1" in task.title and task.investigation == inv and task.status == "open"
    assert AuditEvent.objects.filter(verb="task.created", actor_label="daily job").count() == 1
    from accord.investigations import actions

    actions.continued_presence_renew(actor=personas.investigator, granted=due, requested_on=f.days_ago(0))
    task.refresh_from_db()
    assert task.status == "done"
    assert tasks.continued_presence_reminders.call() == {"created": 0}


def test_accord_daily_queues_both_jobs(db, capsys):
    call_command("daily")
    out = capsys.readouterr().out
    assert "purge_intelligence" in out and "continued_presence_reminders" in out
    assert AuditEvent.objects.filter(verb="intelligence.retention_run").exists()
