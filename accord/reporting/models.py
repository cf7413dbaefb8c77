"""The indicator registry as data, report pack templates, and generated packs.

The query of an indicator is code (``accord.<app>.indicators``); its row here says which code runs and holds
what the coordinator may edit: name, definition, whether it is shown, and its order. Pack templates map grant
questions (BJA PMT, OVC TIMS style) to indicators; a generated pack is the result of a background job.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accord.core.models import Organization, TimestampedModel


class Indicator(models.Model):
    """One indicator of the registry. ``lane``, ``dimensions`` and ``period_type`` follow the code on every sync."""

    code = models.CharField(max_length=60, unique=True, editable=False)
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, in plain words, as shown beside every figure.")
    lane = models.CharField(max_length=30, editable=False)
    dimensions = models.JSONField(default=list, editable=False)
    period_type = models.CharField(max_length=10, editable=False)
    active = models.BooleanField("shown on dashboards", default=True)
    order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    TASK_FORCE = "task_force", "Whole task force (small cells suppressed)"
    ORGANIZATION = "organization", "My organization (unsuppressed)"


class PackTemplate(TimestampedModel):
    """A grant report's questions, e.g. the law-enforcement (PMT style) or victim-services (TIMS style) pack."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PackItem(models.Model):
    """One question of a pack, answered by an indicator, broken down by one of its dimensions (or none)."""

    template = models.ForeignKey(PackTemplate, on_delete=models.CASCADE, related_name="items")
    number = models.CharField("item number", max_length=12)
    question = models.CharField(max_length=300)
    indicator_code = models.CharField("indicator", max_length=60)
    dimension = models.CharField(
        max_length=40, blank=True, help_text="Break the answer down by this dimension; empty for the total only."
    )
    grant_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The grant year it was asked.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.question}"

    def clean(self) -> None:
        from accord.reporting.registry import specs

        spec = specs().get(self.indicator_code)
        if spec is None:
            raise ValidationError({"indicator_code": "Choose an indicator from the registry."})
        if self.dimension and self.dimension not in spec.dimensions:
            raise ValidationError({"dimension": f"“{spec.name}” cannot be broken down this way."})


class PackState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class GeneratedPack(models.Model):
    """A pack generated for one period and scope; ``result`` holds the answers as shown (already suppressed)."""

    template = models.ForeignKey(PackTemplate, on_delete=models.PROTECT, related_name="generated")
    period_key = models.CharField(max_length=12)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=PackState.choices, default=PackState.QUEUED)
    items_done = models.PositiveIntegerField(default=0)
    items_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=list, blank=True)
    suppression_k = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.template.name}, {self.period_key}"

    @property
    def percent(self) -> int:
        return int(self.items_done * 100 / self.items_total) if self.items_total else 0

    @property
    def finished(self) -> bool:
        return self.state in (PackState.DONE, PackState.FAILED)
