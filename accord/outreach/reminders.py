"""Reminders before member certifications expire, written and e-mailed by the daily job.

For each certification that is the person's latest in its required training (not yet renewed), the job finds
the tightest threshold reached (governance's: 90, 30 and 7 days before, the day itself and up to 30 days
after) and writes one ``CertificationReminder`` for that certification and threshold, e-mailing the person
and their organization's administrators. A unique constraint makes the job idempotent; a renewal is a new
certification, which starts a fresh series. E-mails name the training and the date, nothing else.
The home page shows expiring certifications live (``queries.expiring_certifications``), job or no job.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accord.core import audit
from accord.core.models import Role, TaskForce, User
from accord.governance.reminders import OVERDUE_WINDOW, THRESHOLDS, threshold_for
from accord.outreach.models import Certification, CertificationReminder
from accord.outreach.queries import superseded


def due_certifications(today: date) -> list[Certification]:
    return list(
        Certification.objects.filter(
            person__is_active=True,
            required_training__is_active=True,
            expires_on__gte=today - timedelta(days=OVERDUE_WINDOW),
            expires_on__lte=today + timedelta(days=max(THRESHOLDS)),
        )
        .exclude(superseded())
        .select_related("person__organization", "required_training")
    )


def _recipients(certification: Certification) -> list[str]:
    person = certification.person
    admins = User.objects.filter(
        is_active=True, organization_id=person.organization_id, role_grants__role=Role.ORG_ADMIN
    ).exclude(email="")
    return sorted({person.email, *admins.values_list("email", flat=True)} - {""})


def _when(days_left: int) -> str:
    if days_left > 1:
        return f"expires in {days_left} days"
    if days_left == 1:
        return "expires tomorrow"
    if days_left == 0:
        return "expires today"
    return f"expired {-days_left} days ago"


def _email(certification: Certification, recipients: list[str], today: date) -> int:
    if not recipients or certification.expires_on is None:
        return 0
    when = _when((certification.expires_on - today).days)
    send_mail(
        subject=f"Reminder from {TaskForce.current().name}: a training certification {when}",
        message=(
            f"{certification.person}'s certification in “{certification.required_training}” {when} "
            f"({certification.expires_on:%B %-d, %Y}).\n\n"
            f"Sign in to Accord and open {reverse('outreach:records')} to see the upcoming trainings that renew it.\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


def run(*, today: date | None = None, send_email: bool = True) -> dict[str, Any]:
    """Write (and e-mail) the certification reminders that are due; returns how many were new and how many existed."""
    today = today or timezone.localdate()
    created = existing = 0
    for certification in due_certifications(today):
        assert certification.expires_on is not None
        threshold = threshold_for((certification.expires_on - today).days)
        if threshold is None:
            continue
        if CertificationReminder.objects.filter(certification=certification, threshold_days=threshold).exists():
            existing += 1
            continue
        try:
            with transaction.atomic():
                reminder = CertificationReminder.objects.create(
                    certification=certification, threshold_days=threshold, due_date=certification.expires_on
                )
                audit.record(
                    verb="outreach.certification_reminder_created",
                    actor_label="daily job",
                    target=certification,
                    changes={"threshold_days": threshold, "expires_on": certification.expires_on},
                )
        except IntegrityError:  # another run wrote it a moment ago
            existing += 1
            continue
        if send_email:
            reminder.emailed = _email(certification, _recipients(certification), today)
            if reminder.emailed:
                reminder.save(update_fields=["emailed"])
        created += 1
    return {"created": created, "existing": existing}
