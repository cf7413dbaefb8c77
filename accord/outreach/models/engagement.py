"""Awareness and outreach events, their follow-ups, and the community partners that are not task-force members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Organization, Term, TimestampedModel, User


class PartnerKind(models.TextChoices):
    FAITH = "faith", "Faith-based group"
    STUDENT = "student", "Student group"
    NONPROFIT = "nonprofit", "Allied nonprofit"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other community group"


class CommunityPartner(TimestampedModel):
    """A group the task force works with that is not a member organization (members live in the directory)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=PartnerKind.choices)
    description = models.TextField(blank=True, help_text="What they do and how they help.")
    city = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField("Active", default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:partner_detail", args=[self.pk])

    def clean(self) -> None:
        if self.name and Organization.objects.filter(name__iexact=self.name.strip()).exists():
            raise ValidationError(
                {"name": f"“{self.name}” is a task-force member organization: it is in the directory, not here."}
            )


class PartnerContact(models.Model):
    partner = models.ForeignKey(CommunityPartner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored in international form.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EngagementKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call or e-mail"
    EVENT = "event", "Joint event"
    TRAINING = "training", "Training"
    MATERIALS = "materials", "Materials shared"
    OTHER = "other", "Other"


class Engagement(models.Model):
    """One entry of a partner's engagement history."""

    partner = models.ForeignKey(CommunityPartner, on_delete=models.CASCADE, related_name="engagements")
    occurred_on = models.DateField("When")
    kind = models.CharField(max_length=10, choices=EngagementKind.choices)
    summary = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return self.summary[:80]

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": "Record engagement once it has happened (the date is ahead)."})


class EventKind(models.TextChoices):
    PRESENTATION = "presentation", "Presentation or talk"
    TABLING = "tabling", "Information table or booth"
    COMMUNITY = "community", "Community event"
    MEDIA = "media", "Media or press"
    CAMPAIGN = "campaign", "Campaign (print or online)"
    OTHER = "other", "Other"


class OutreachEventQuerySet(models.QuerySet["OutreachEvent"]):
    def live(self) -> OutreachEventQuerySet:
        return self.filter(is_cancelled=False)

    def upcoming(self) -> OutreachEventQuerySet:
        return self.live().filter(starts_at__gte=timezone.now()).order_by("starts_at")


class OutreachEvent(TimestampedModel):
    """An awareness or outreach event: who it reached, with whom, what was handed out, and what follows."""

    title = models.CharField(max_length=200, help_text="Shown in members' calendar feeds.")
    kind = models.CharField(max_length=14, choices=EventKind.choices, default=EventKind.PRESENTATION)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    audience = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="outreach_events", verbose_name="Audience type"
    )
    reach = models.PositiveIntegerField(
        "People reached", null=True, blank=True, help_text="Recorded after the event: attendees, listeners or viewers."
    )
    partners = models.ManyToManyField(CommunityPartner, blank=True, related_name="events")
    member_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="outreach_events", verbose_name="Member organizations involved"
    )
    materials = models.ManyToManyField("outreach.Material", blank=True, related_name="events")
    items_distributed = models.PositiveIntegerField("Copies of materials handed out", null=True, blank=True)
    notes = models.TextField(blank=True)
    is_cancelled = models.BooleanField("Cancelled", default=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    objects = OutreachEventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="outreach_event_ends_after_start",
                violation_error_message="The event must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:event_detail", args=[self.pk])

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        if self.starts_at and self.starts_at > timezone.now():
            if self.reach is not None:
                errors["reach"] = "Record the people reached after the event has taken place."
            if self.items_distributed is not None:
                errors["items_distributed"] = "Record what was handed out after the event has taken place."
        if errors:
            raise ValidationError(errors)


class FollowUp(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="outreach_follow_ups")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()
