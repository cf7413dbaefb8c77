"""Reminders before agreement review and expiry dates and funding deadlines, written by the daily job.

For each dated item the job finds the tightest threshold already reached (90, 30 or 7 days before, or
the day itself and up to 30 days after, unless the deadline was met) and writes one Reminder row for
that item, date and threshold, e-mailing the coordinators. A unique constraint on (item and date,
threshold) makes the job idempotent: running it twice, or twice in a day, reminds no one twice. Changing
a date starts a fresh series. E-mails name the item and the date only, with the page to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accord.api import webhooks
from accord.core import audit
from accord.core.models import Role, TaskForce, User
from accord.governance.models import Agreement, AgreementStatus, Funding, Reminder, ReminderKind, ReportingDeadline

THRESHOLDS = (90, 30, 7, 0)  # days before the date; 0 = the day itself or after
OVERDUE_WINDOW = 30  # days after the date during which a missed date is still reminded of


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    due_date: date
    subject: str
    url: str


def threshold_for(days_left: int) -> int | None:
    if days_left < -OVERDUE_WINDOW:
        return None
    reached = [t for t in THRESHOLDS if days_left <= t]
    return min(reached) if reached else None


def _agreement_dates(which: str, since: date, horizon: date) -> list[Due]:
    field = f"{which}_date"
    live = [AgreementStatus.IN_FORCE, AgreementStatus.IN_SIGNATURE]
    kind = ReminderKind.AGREEMENT_REVIEW if which == "review" else ReminderKind.AGREEMENT_EXPIRY
    label = "Review" if which == "review" else "Expiry"
    return [
        Due(
            kind,
            f"agreement:{a.pk}:{which}:{getattr(a, field).isoformat()}",
            getattr(a, field),
            f"{label} of “{a.title}”",
            reverse("governance:agreement_detail", args=[a.pk]),
        )
        for a in Agreement.objects.filter(status__in=live, **{f"{field}__range": (since, horizon)})
    ]


def dated_items(today: date) -> list[Due]:
    """Every dated item in the reminder window: from 30 days ago to the largest threshold ahead."""
    horizon = today + timedelta(days=max(THRESHOLDS))
    since = today - timedelta(days=OVERDUE_WINDOW)
    deadlines = ReportingDeadline.objects.filter(submitted_on__isnull=True, due_date__range=(since, horizon))
    return [
        *_agreement_dates("review", since, horizon),
        *_agreement_dates("expiry", since, horizon),
        *(
            Due(
                ReminderKind.FUNDING_DEADLINE,
                f"deadline:{d.pk}:{d.due_date.isoformat()}",
                d.due_date,
                f"{d.title} for “{d.funding.title}”",
                reverse("governance:funding_detail", args=[d.funding_id]),
            )
            for d in deadlines.select_related("funding")
        ),
        *(
            Due(
                ReminderKind.FUNDING_PERIOD_END,
                f"funding:{f.pk}:end:{f.period_end.isoformat()}",
                f.period_end,
                f"End of the funding period of “{f.title}”",
                reverse("governance:funding_detail", args=[f.pk]),
            )
            for f in Funding.objects.filter(period_end__range=(today, horizon))
        ),
    ]


def _coordinators() -> list[User]:
    return list(User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).exclude(email="").distinct())


def _when(days_left: int) -> str:
    if days_left > 1:
        return f"in {days_left} days"
    if days_left == 1:
        return "tomorrow"
    if days_left == 0:
        return "today"
    return f"{-days_left} days ago"


def _email(reminder: Reminder, recipients: list[User], today: date) -> int:
    if not recipients:
        return 0
    task_force = TaskForce.current()
    kind = reminder.get_kind_display()
    when = _when(reminder.days_left(today))
    send_mail(
        subject=f"Reminder from {task_force.name}: {kind.lower()} {when}",
        message=(
            f"{reminder.subject}: {reminder.due_date:%B %-d, %Y} ({when}).\n\n"
            f"Sign in to Accord and open {reminder.url} to act on it.\n"
            "This reminder also shows on the coordinator's home page until dismissed.\n"
        ),
        from_email=None,
        recipient_list=[person.email for person in recipients],
    )
    return len(recipients)


def _notify_expiring(item: Due, threshold: int) -> None:
    """Parties' systems hear of an agreement's coming expiry (webhooks), at each reminder threshold."""
    agreement_id = int(item.key.split(":")[1])
    payload = {"agreement_id": agreement_id, "expiry_date": item.due_date.isoformat(), "days_left": threshold}
    parties = Agreement.parties.through.objects.filter(agreement_id=agreement_id).values_list(
        "organization_id", flat=True
    )
    webhooks.emit(parties, "agreement.expiring", payload)


def run(*, today: date | None = None, send_email: bool = True) -> dict[str, Any]:
    """Write (and e-mail) the reminders that are due; returns how many were new and how many already existed."""
    today = today or timezone.localdate()
    created = existing = 0
    recipients = _coordinators() if send_email else []
    for item in dated_items(today):
        threshold = threshold_for((item.due_date - today).days)
        if threshold is None:
            continue
        if Reminder.objects.filter(key=item.key, threshold_days=threshold).exists():
            existing += 1
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    kind=item.kind,
                    key=item.key,
                    threshold_days=threshold,
                    due_date=item.due_date,
                    subject=item.subject[:200],
                    url=item.url,
                )
                audit.record(
                    verb="governance.reminder_created",
                    actor_label="daily job",
                    target=reminder,
                    changes={"key": item.key, "threshold_days": threshold},
                )
                if item.kind == ReminderKind.AGREEMENT_EXPIRY:
                    _notify_expiring(item, threshold)
        except IntegrityError:  # another run wrote it a moment ago
            existing += 1
            continue
        reminder.emailed = _email(reminder, recipients, today)
        if reminder.emailed:
            reminder.save(update_fields=["emailed"])
        created += 1
    return {"created": created, "existing": existing}
