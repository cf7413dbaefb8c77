"""Reminders before review and expiry dates and funding deadlines: written once per item, date and threshold
by the daily job, e-mailed to the coordinators without case data, shown on the coordinator's home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.governance import actions, reminders
from accord.governance.models import Agreement, Reminder
from accord.governance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring_mou(personas, today):
    return f.agreement(personas, title="Task force MOU", expiry_date=today + timedelta(days=20))


def test_an_expiring_mou_gets_one_reminder_and_one_email(personas, expiring_mou, today):
    assert reminders.run(today=today) == {"created": 1, "existing": 0}
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.threshold_days, reminder.due_date) == (
        "agreement_expiry",
        30,
        today + timedelta(days=20),
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.coordinator.email]
    assert "in 20 days" in mail.outbox[0].subject and "Task force MOU" in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="governance.reminder_created").count() == 1


def test_running_the_job_again_reminds_no_one_twice(personas, expiring_mou, today):
    reminders.run(today=today)
    assert reminders.run(today=today) == {"created": 0, "existing": 1}
    assert reminders.run(today=today + timedelta(days=3)) == {"created": 0, "existing": 1}
    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1


def test_each_threshold_reminds_once_and_a_new_date_starts_a_new_series(personas, expiring_mou, today):
    expiring_mou.expiry_date = today + timedelta(days=60)
    expiring_mou.save()
    reminders.run(today=today)  # 60 days out: the 90-day reminder
    reminders.run(today=today + timedelta(days=31))  # 29 days out: the 30-day reminder
    reminders.run(today=today + timedelta(days=55))  # 5 days out: the 7-day reminder
    assert sorted(Reminder.objects.values_list("threshold_days", flat=True)) == [7, 30, 90]
    expiring_mou.expiry_date = today + timedelta(days=400)  # renewed
    expiring_mou.save()
    reminders.run(today=today + timedelta(days=330))
    assert Reminder.objects.count() == 4


def test_funding_deadlines_are_reminded_until_submitted(personas, today):
    deadline = f.deadline(personas, days=5)
    reminders.run(today=today)
    assert Reminder.objects.filter(kind="funding_deadline", threshold_days=7).exists()
    deadline.submitted_on = today
    deadline.save()
    reminders.run(today=today + timedelta(days=6))  # past due, but submitted: nothing more
    assert Reminder.objects.filter(kind="funding_deadline").count() == 1


def test_a_missed_deadline_is_reminded_once_as_overdue(personas, today):
    f.deadline(personas, days=-3)
    reminders.run(today=today)
    reminders.run(today=today + timedelta(days=1))
    assert list(Reminder.objects.filter(kind="funding_deadline").values_list("threshold_days", flat=True)) == [0]
    assert "3 days ago" in mail.outbox[0].subject


def test_the_daily_command_runs_the_job_and_expires_lapsed_agreements(personas, expiring_mou, today):
    lapsed = f.agreement(
        personas,
        title="Old protocol",
        kind="protocol",
        effective_date=today - timedelta(days=800),
        expiry_date=today - timedelta(days=1),
    )
    call_command("daily")
    lapsed.refresh_from_db()
    assert lapsed.status == "expired"
    assert AuditEvent.objects.filter(verb="governance.agreement_expired", target_id=str(lapsed.pk)).exists()
    assert Reminder.objects.filter(key__startswith=f"agreement:{expiring_mou.pk}:expiry").exists()


def test_the_coordinators_home_page_shows_the_reminder_until_dismissed(client, personas, expiring_mou, today):
    reminders.run(today=today)
    sign_in(client, personas.coordinator)
    body = client.get(reverse("core:home")).content.decode()
    assert "Agreement and funding reminders" in body and "Expiry of “Task force MOU”" in body
    reminder = Reminder.objects.get()
    response = client.post(reverse("governance:reminder_dismiss", args=[reminder.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert "Expiry of “Task force MOU”" not in client.get(reverse("core:home")).content.decode()
    assert AuditEvent.objects.filter(verb="governance.reminder_dismissed", actor_id=personas.coordinator.pk).exists()


@pytest.mark.parametrize("persona", ["investigator", "advocate", "vsp_admin", "member", "auditor"])
def test_other_people_do_not_see_reminders(client, personas, expiring_mou, persona, today):
    reminders.run(today=today)
    sign_in(client, personas.user(persona))
    assert "Agreement and funding reminders" not in client.get(reverse("core:home")).content.decode()


def test_the_agreement_page_warns_of_the_coming_expiry(client, personas, expiring_mou):
    sign_in(client, personas.member)
    body = client.get(reverse("governance:agreement_detail", args=[expiring_mou.pk])).content.decode()
    assert "This agreement expires in 20 days" in body


def test_superseded_and_draft_agreements_are_not_reminded(personas, today):
    f.agreement(personas, title="Draft", status="draft", expiry_date=today + timedelta(days=5))
    assert reminders.run(today=today) == {"created": 0, "existing": 0}
    assert Agreement.objects.count() == 1
    actions.agreements_expire_lapsed(today=today)
    assert Agreement.objects.get().status == "draft"
