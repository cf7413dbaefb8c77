"""Reminders written by the daily job, and calendar-feed tokens."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

from accord.core.models import User


class ReminderKind(models.TextChoices):
    AGREEMENT_REVIEW = "agreement_review", "Agreement review due"
    AGREEMENT_EXPIRY = "agreement_expiry", "Agreement expires"
    FUNDING_DEADLINE = "funding_deadline", "Funding reporting deadline"
    FUNDING_PERIOD_END = "funding_period_end", "Funding period ends"


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def pending(self) -> ReminderQuerySet:
        return self.filter(dismissed_at__isnull=True)


class Reminder(models.Model):
    """A reminder written by the daily job; one per item, date and threshold (the job is idempotent)."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    key = models.CharField(max_length=120, help_text="Item and date, e.g. agreement:4:expiry:2026-05-01")
    threshold_days = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    subject = models.CharField(max_length=200)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    emailed = models.PositiveSmallIntegerField(default=0, help_text="How many people were e-mailed.")
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "threshold_days"], name="governance_reminder_once_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def days_left(self, today: date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days


class CalendarFeedToken(models.Model):
    """A person's secret calendar-feed URL, kept only as a hash (see accord.core.calendar)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
