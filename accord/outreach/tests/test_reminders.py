"""Reminders before member certifications expire: written once per certification and threshold by the daily
job, e-mailed to the person and their organization's administrators, gone once renewed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from accord.core.jobs import DAILY
from accord.core.models import AuditEvent
from accord.outreach import reminders, tasks
from accord.outreach.models import Certification, CertificationReminder
from accord.outreach.tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_expiring_certification_is_reminded_once_by_email(personas, today):
    certification = f.certification(personas, personas.advocate, days_left=20)
    assert reminders.run(today=today) == {"created": 1, "existing": 0}
    reminder = CertificationReminder.objects.get()
    assert (reminder.certification, reminder.threshold_days, reminder.due_date) == (
        certification,
        30,
        certification.expires_on,
    )
    [message] = mail.outbox
    assert sorted(message.to) == sorted([personas.advocate.email, personas.vsp_admin.email])  # and her org admin
    assert "expires in 20 days" in message.subject and "Human trafficking fundamentals" in message.body
    assert AuditEvent.objects.filter(verb="outreach.certification_reminder_created").count() == 1
    assert reminders.run(today=today) == {"created": 0, "existing": 1} and len(mail.outbox) == 1


def test_each_threshold_reminds_once_and_a_renewal_ends_the_series(personas, today):
    certification = f.certification(personas, personas.member, days_left=80)
    reminders.run(today=today)  # 80 days: the 90-day reminder
    reminders.run(today=today + timedelta(days=55))  # 25 days: the 30-day reminder
    reminders.run(today=today + timedelta(days=76))  # 4 days: the 7-day reminder
    assert sorted(CertificationReminder.objects.values_list("threshold_days", flat=True)) == [7, 30, 90]
    Certification.objects.create(
        person=personas.member,
        required_training=certification.required_training,
        completed_on=today,
        expires_on=today + timedelta(days=730),
    )
    assert reminders.run(today=today + timedelta(days=80)) == {"created": 0, "existing": 0}


def test_far_off_or_long_lapsed_certifications_are_left_alone(personas, today):
    f.certification(personas, personas.advocate, days_left=200)
    f.certification(personas, personas.member, days_left=-45, name="Old training")
    f.certification(personas, personas.investigator, days_left=None, name="Never expires")
    assert reminders.run(today=today) == {"created": 0, "existing": 0} and not mail.outbox


def test_the_daily_job_is_registered_and_runs(personas):
    f.certification(personas, personas.advocate, days_left=5)
    assert tasks.outreach_certification_reminders in DAILY
    tasks.outreach_certification_reminders.enqueue()
    assert CertificationReminder.objects.filter(threshold_days=7).exists()
