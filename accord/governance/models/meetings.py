"""Committees, meetings, attendance, decisions, action items and papers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Lane, Organization, Sector, TimestampedModel, User
from accord.governance.models.agreements import StoredDocument


class CommitteeKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", "Law-enforcement committee"
    VICTIM_SERVICES = "victim_services", "Victim-services committee"
    TRAINING = "training", "Training committee"
    OUTREACH = "outreach", "Outreach and awareness committee"
    OTHER = "other", "Other committee"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    AS_NEEDED = "as_needed", "As needed"


def lane_admits(lanes: list[str], user: Any) -> bool:
    """Whether a person may see something restricted to ``lanes`` (an empty list restricts nothing)."""
    if not lanes:
        return True
    return bool(getattr(user, "is_authenticated", False)) and user.lane in lanes


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def visible_to(self, user: User) -> CommitteeQuerySet:
        return self.filter(pk__in=visible_committee_ids(user))


class Committee(TimestampedModel):
    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=CommitteeKind.choices)
    purpose = models.TextField(blank=True)
    chair = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="governance_chaired_committees"
    )
    members = models.ManyToManyField(User, blank=True, related_name="governance_committees")
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    restricted_to_lanes = models.JSONField(
        default=list,
        blank=True,
        help_text="If set, only staff of organizations in these lanes see the committee, its meetings and papers.",
    )
    is_active = models.BooleanField(default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee_detail", args=[self.pk])

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted_to_lanes)

    def restricted_lane_labels(self) -> list[str]:
        return [Lane(lane).label for lane in self.restricted_to_lanes if lane in Lane.values]

    def admits(self, user: Any) -> bool:
        return lane_admits(self.restricted_to_lanes, user)

    def clean(self) -> None:
        lanes = self.restricted_to_lanes
        if not isinstance(lanes, list) or any(lane not in Lane.values for lane in lanes):
            raise ValidationError({"restricted_to_lanes": "Choose lanes from the list."})
        if self.chair_id and self.chair and not self.admits(self.chair):
            raise ValidationError(
                {"chair": f"{self.chair} works in a lane that may not see this committee, so cannot chair it."}
            )


def visible_committee_ids(user: Any) -> list[int]:
    """Committees ``user`` may see: one query reading only the restriction of each (a few dozen rows)."""
    return [
        pk
        for pk, lanes in Committee.objects.values_list("pk", "restricted_to_lanes")
        if lane_admits(list(lanes or []), user)
    ]


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        return self.filter(Q(committee__isnull=True) | Q(committee_id__in=visible_committee_ids(user)))

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(TimestampedModel):
    """A meeting of a committee, or of the whole task force when ``committee`` is empty."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="Leave empty for a meeting of the whole task force.",
    )
    title = models.CharField(max_length=200, help_text="Shown in members' calendar feeds: keep case details out of it.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    is_cancelled = models.BooleanField("Cancelled", default=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="governance_meeting_ends_after_start",
                violation_error_message="The meeting must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})

    @property
    def body(self) -> str:
        return self.committee.name if self.committee_id and self.committee else "Whole task force"

    def admits(self, user: Any) -> bool:
        return self.committee is None or self.committee.admits(user)


class Attendance(models.Model):
    """Who attended, with their organization and discipline as they were on the day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="governance_attendance")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=30, choices=Sector.choices)

    class Meta:
        ordering = ["organization__name", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="governance_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


class Decision(models.Model):
    """One entry of the decision log: what was decided, when and by whom."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("Decision")
    decided_on = models.DateField()
    decided_by = models.CharField(
        max_length=200, help_text="Who decided, e.g. “task force members present, by consensus”."
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def visible_to(self, user: User) -> ActionItemQuerySet:
        return self.filter(
            Q(meeting__committee__isnull=True) | Q(meeting__committee_id__in=visible_committee_ids(user))
        )

    def open(self) -> ActionItemQuerySet:
        return self.filter(closed_at__isnull=True)

    def overdue(self, today: date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ActionItem(TimestampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField("Action", max_length=200)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="governance_action_items")
    due_date = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class MeetingPaper(StoredDocument):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
