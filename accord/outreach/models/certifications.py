"""Member training records: required trainings, who holds them until when, reminders, and the referral network.

The coordinated service referral network (e-Guide 3.1, domain.md §2.8) requires training certification
before an organization joins. Accord had no such concept before this app, so outreach owns it:
``NetworkMembership`` is granted only by an action that checks every active staff account of the
organization holds a current certification in each training the network requires.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accord.core.models import Organization, TimestampedModel, User
from accord.outreach.models.trainings import Training, TrainingAttendee


class RequiredTraining(TimestampedModel):
    """A training member staff must hold, e.g. onboarding, renewed every ``valid_for_months``."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    valid_for_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty if it never needs renewing."
    )
    required_for_network = models.BooleanField(
        "Required to join the referral network",
        default=True,
        help_text="An organization joins the referral network only when all its active staff hold it.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_for_months__isnull=True) | Q(valid_for_months__gte=1),
                name="outreach_required_validity_positive",
                violation_error_message="A training stays valid for at least one month.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CertificationQuerySet(models.QuerySet["Certification"]):
    def current(self, today: date | None = None) -> CertificationQuerySet:
        today = today or timezone.localdate()
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class Certification(models.Model):
    """A person holds a required training from ``completed_on`` until ``expires_on`` (empty: no expiry)."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="outreach_certifications")
    required_training = models.ForeignKey(RequiredTraining, on_delete=models.PROTECT, related_name="certifications")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    training = models.ForeignKey(
        Training, on_delete=models.SET_NULL, null=True, blank=True, related_name="certifications"
    )
    attendee = models.OneToOneField(
        TrainingAttendee, on_delete=models.CASCADE, null=True, blank=True, related_name="certification"
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Where it was taken, if not at a task-force training."
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
                name="outreach_certification_expires_after_completion",
                violation_error_message="A certification expires after it was completed.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.required_training}"

    def clean(self) -> None:
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "Record a training once it has been completed (the date is ahead)."})
        if self.completed_on and self.expires_on and self.expires_on <= self.completed_on:
            raise ValidationError({"expires_on": "A certification expires after it was completed."})

    def days_left(self, today: date | None = None) -> int | None:
        if self.expires_on is None:
            return None
        return (self.expires_on - (today or timezone.localdate())).days


class CertificationReminder(models.Model):
    """One reminder per certification and threshold, written (and e-mailed) by the daily job."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="reminders")
    threshold_days = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    emailed = models.PositiveSmallIntegerField(default=0, help_text="How many people were e-mailed.")

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "threshold_days"], name="outreach_certification_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder: {self.certification} expires {self.due_date}"


class NetworkStatus(models.TextChoices):
    ACTIVE = "active", "Member"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NetworkMembership(TimestampedModel):
    """An organization's place in the coordinated service referral network."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="referral_network")
    status = models.CharField(max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.ACTIVE)
    joined_on = models.DateField(default=timezone.localdate)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    withdrawn_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.organization} in the referral network"

    @property
    def is_active(self) -> bool:
        return self.status == NetworkStatus.ACTIVE
