"""Trainings: what was taught, to whom, by whom, with which materials; sign-in, test scores and approval.

A training is either for task-force members (``SignIn.NAMED``: each attendee is recorded by name, with
their organization, and may earn a certification) or for professionals and the public
(``SignIn.COUNTS``: only counts by discipline and anonymous test scores are kept, never names).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Organization, Term, TimestampedModel, User

AUDIENCE_VOCABULARY = "audience"
TOPIC_VOCABULARY = "training-topic"


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid (in person and virtual)"


class SessionType(models.TextChoices):
    STANDARD = "standard", "Training"
    ONBOARDING = "onboarding", "Onboarding of new members"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train-the-trainer"


class SignIn(models.TextChoices):
    NAMED = "named", "Named sign-in (a training for task-force members)"
    COUNTS = "counts", "Counts only (a training for professionals or the public)"


class Approval(models.TextChoices):
    PENDING = "pending", "Awaiting the training committee"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class TrainingQuerySet(models.QuerySet["Training"]):
    def live(self) -> TrainingQuerySet:
        return self.filter(is_cancelled=False)

    def upcoming(self) -> TrainingQuerySet:
        return self.live().filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def held(self) -> TrainingQuerySet:
        return self.live().filter(starts_at__lt=timezone.now())

    def held_between(self, start: date, end: date) -> TrainingQuerySet:
        """Trainings held (not cancelled, already started) on a day from ``start`` to ``end`` inclusive."""
        return self.held().filter(starts_at__date__gte=start, starts_at__date__lte=end)


class Training(TimestampedModel):
    title = models.CharField(max_length=200, help_text="Shown in members' calendar feeds.")
    description = models.TextField("Learning objectives", blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=12, choices=TrainingFormat.choices, default=TrainingFormat.IN_PERSON)
    location = models.CharField(max_length=200, blank=True, help_text="A place, or the video-call platform.")
    session_type = models.CharField(max_length=20, choices=SessionType.choices, default=SessionType.STANDARD)
    sign_in = models.CharField(
        "Sign-in",
        max_length=10,
        choices=SignIn.choices,
        default=SignIn.COUNTS,
        help_text="Member trainings record attendees by name; public ones keep counts only, never names.",
    )
    topics = models.ManyToManyField(Term, blank=True, related_name="outreach_trainings")
    materials = models.ManyToManyField("outreach.Material", blank=True, related_name="trainings")
    total_attendees = models.PositiveIntegerField(
        null=True, blank=True, help_text="Everyone who attended; the counts by discipline must add up to it."
    )
    max_score = models.PositiveSmallIntegerField(
        "Highest possible test score", default=100, help_text="The pre- and post-tests are scored out of this."
    )
    pre_test_on = models.DateField("Pre-test given on", null=True, blank=True)
    post_test_on = models.DateField("Post-test given on", null=True, blank=True)
    feedback = models.TextField("Feedback summary", blank=True)
    satisfaction = models.DecimalField(
        "Average satisfaction (1 to 5)", max_digits=3, decimal_places=2, null=True, blank=True
    )
    feedback_responses = models.PositiveIntegerField("Feedback forms returned", null=True, blank=True)
    certifies = models.ForeignKey(
        "outreach.RequiredTraining",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name="Completing it certifies",
        help_text="Named attendees who complete it hold this required training from the training day.",
    )
    approval = models.CharField(max_length=10, choices=Approval.choices, default=Approval.PENDING, editable=False)
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.CharField(max_length=300, blank=True, editable=False)
    is_cancelled = models.BooleanField("Cancelled", default=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="outreach_training_ends_after_start",
                violation_error_message="The training must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(pre_test_on__isnull=True)
                | Q(post_test_on__isnull=True)
                | Q(post_test_on__gte=F("pre_test_on")),
                name="outreach_training_tests_in_order",
                violation_error_message="The post-test cannot come before the pre-test.",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="outreach_training_satisfaction_1_to_5",
                violation_error_message="Average satisfaction is between 1 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(max_score__gte=1),
                name="outreach_training_max_score_positive",
                violation_error_message="The highest possible score must be at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:training_detail", args=[self.pk])

    @property
    def day(self) -> date:
        return timezone.localdate(self.starts_at)

    @property
    def is_named(self) -> bool:
        return self.sign_in == SignIn.NAMED

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The training must end after it starts."
        if self.starts_at:
            day = self.day
            if self.post_test_on and self.post_test_on < day:
                errors["post_test_on"] = (
                    f"The post-test ({self.post_test_on:%B %-d, %Y}) cannot come before the training "
                    f"({day:%B %-d, %Y})."
                )
            if self.pre_test_on and self.pre_test_on > day:
                errors["pre_test_on"] = (
                    f"The pre-test ({self.pre_test_on:%B %-d, %Y}) is taken on or before the training day "
                    f"({day:%B %-d, %Y})."
                )
        if self.pre_test_on and self.post_test_on and self.post_test_on < self.pre_test_on:
            errors.setdefault("post_test_on", "The post-test cannot come before the pre-test.")
        if self.certifies_id and self.sign_in != SignIn.NAMED:
            errors["certifies"] = "Only a training with a named sign-in can certify member staff."
        if errors:
            raise ValidationError(errors)


class TrainingAudience(models.Model):
    """How many attendees came from one discipline (the audience vocabulary)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="audience_counts")
    discipline = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    attendees = models.PositiveIntegerField()

    class Meta:
        ordering = ["discipline__sort_order", "discipline__label"]
        constraints = [
            models.UniqueConstraint(fields=["training", "discipline"], name="outreach_audience_once_per_discipline"),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="outreach_audience_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.discipline}: {self.attendees}"


class Trainer(models.Model):
    """Who taught: a member organization's staff (``organization``) or someone from outside (``affiliation``)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(max_length=150)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    affiliation = models.CharField(max_length=200, blank=True, help_text="For trainers from outside the task force.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        where = self.organization_label
        return f"{self.name}, {where}" if where else self.name

    @property
    def organization_label(self) -> str:
        return str(self.organization) if self.organization_id and self.organization else self.affiliation


class AttendeeQuerySet(models.QuerySet["TrainingAttendee"]):
    def visible_to(self, user: Any) -> AttendeeQuerySet:
        """Names are personal data: see ``accord.outreach.access.attendee_scope``."""
        from accord.outreach.access import attendee_scope

        return self.filter(attendee_scope(user))


class TrainingAttendee(models.Model):
    """A named attendee of a member training: member staff, with their organization and discipline that day."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="outreach_attendance"
    )
    name = models.CharField(max_length=150)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    discipline = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    completed = models.BooleanField(default=True, help_text="Stayed to the end (and passed, where there is a pass).")
    source_import = models.ForeignKey(
        "outreach.AttendanceImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="attendees"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AttendeeQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person"], condition=Q(person__isnull=False), name="outreach_attendee_person_once"
            ),
            models.UniqueConstraint(fields=["training", "organization", "name"], name="outreach_attendee_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


class TestResult(models.Model):
    """One attendee's pre- and post-test scores. Anonymous (no attendee) for counts-only trainings."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="results")
    attendee = models.OneToOneField(
        TrainingAttendee, on_delete=models.CASCADE, null=True, blank=True, related_name="result"
    )
    discipline = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    pre_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    post_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    source_import = models.ForeignKey(
        "outreach.AttendanceImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_score__isnull=False) | Q(post_score__isnull=False),
                name="outreach_result_has_a_score",
            ),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__gte=0))
                & (Q(post_score__isnull=True) | Q(post_score__gte=0)),
                name="outreach_result_scores_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training}: {self.pre_score} → {self.post_score}"


class AttendanceImport(models.Model):
    """An uploaded attendance sheet, kept between its dry run and its apply.

    The file is kept only while it waits to be applied: applying or refusing it empties ``content``. For a
    counts-only training the name and e-mail columns are dropped before it is stored at all.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    content = models.BinaryField(blank=True)
    sha256 = models.CharField(max_length=64, help_text="Of the file as uploaded: the same sheet twice is refused.")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "sha256"],
                condition=Q(status="applied"),
                name="outreach_import_sheet_applied_once",
            )
        ]

    def __str__(self) -> str:
        return f"Attendance sheet {self.filename}"
