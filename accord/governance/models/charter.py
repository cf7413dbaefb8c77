"""The charter: mission, purpose, principles, leadership and its history; goals and SMART objectives."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import TaskForce, TimestampedModel, User


class LeadershipModel(models.TextChoices):
    CO_LED = "co_led", "Co-led leadership team"
    BIFURCATED = "bifurcated", "Bifurcated teams"
    SINGLE_LEADER = "single_leader", "Single leader"
    INTELLIGENCE = "intelligence", "Intelligence task force"


class Charter(TimestampedModel):
    """The task force's mission, purpose, principles and leadership model (one per task force)."""

    task_force = models.OneToOneField(TaskForce, on_delete=models.CASCADE, related_name="charter")
    mission = models.TextField(blank=True)
    purpose = models.TextField(blank=True)
    guiding_principles = models.TextField(blank=True, help_text="One principle per line.")
    leadership_model = models.CharField(max_length=20, choices=LeadershipModel.choices, blank=True)
    leadership_notes = models.TextField(
        blank=True, help_text="How the model works here, e.g. which teams a bifurcated task force runs."
    )
    adopted_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Charter of {self.task_force}"

    def principles(self) -> list[str]:
        return [line.strip() for line in self.guiding_principles.splitlines() if line.strip()]


class LeadershipRole(models.TextChoices):
    LEADER = "leader", "Task force leader"
    CO_CHAIR = "co_chair", "Co-chair"
    COORDINATOR = "coordinator", "Coordinator / project manager"


class Leader(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="leaders")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=LeadershipRole.choices)
    since = models.DateField(default=date.today)

    class Meta:
        ordering = ["role", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "person", "role"],
                name="governance_leader_unique",
                violation_error_message="This person already holds this role.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class CharterRevision(models.Model):
    """One change to the charter or its leadership, with what changed: the charter's history."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="revisions")
    revised_at = models.DateTimeField(default=timezone.now)
    revised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    summary = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-revised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.revised_at:%Y-%m-%d}: {self.summary}"


class Goal(TimestampedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Objective(TimestampedModel):
    """A SMART objective: what, measured how, to which target, by when, owned by whom.

    ``indicator_code`` links it to a reporting indicator; its progress then comes from the records
    through ``accord.governance.progress`` (filled by the reporting app), not from ``current_value``.
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    description = models.CharField("Objective", max_length=300)
    measure = models.CharField(max_length=200, help_text="What is counted, e.g. “officers trained”.")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    current_value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Progress so far, if not from an indicator."
    )
    due_date = models.DateField()
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="governance_objectives")
    status = models.CharField(max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.NOT_STARTED)
    indicator_code = models.CharField(
        max_length=60,
        blank=True,
        help_text="Code of a reporting indicator; progress then updates from the records.",
    )

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="governance_objective_target_positive",
                violation_error_message="The target must be more than zero.",
            )
        ]

    def __str__(self) -> str:
        return self.description
