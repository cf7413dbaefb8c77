"""Retention rules per record class, and legal holds that stop a purge (CJIS AU-11, SI-12; 28 CFR 23.20(h))."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import Organization


class RecordClass(models.TextChoices):
    CLOSED_CLIENTS = "closed_clients", "Closed victim-services clients"
    INTELLIGENCE = "intelligence", "Criminal-intelligence records"
    AUDIT_EVENTS = "audit_events", "Audit events"
    EXPIRED_RELEASES = "expired_releases", "Expired or revoked releases of information"
    UPLOADS = "uploads", "Orphaned uploaded files"


# Bounds set by law, not by preference: audit records are kept at least a year (CJIS AU-11); criminal
# intelligence not validated by a review is purged within five years (28 CFR 23.20(h)).
MIN_DAYS = {RecordClass.AUDIT_EVENTS: 365}
MAX_DAYS = {RecordClass.INTELLIGENCE: 5 * 365 + 1}
ANCHORS = {
    RecordClass.CLOSED_CLIENTS: "after the client's record was closed",
    RecordClass.INTELLIGENCE: "after the record was entered or last reviewed",
    RecordClass.AUDIT_EVENTS: "after the event",
    RecordClass.EXPIRED_RELEASES: "after the release expired or was revoked",
    RecordClass.UPLOADS: "after the file was stored, once no record refers to it",
}


class RetentionRule(models.Model):
    """How long one class of records is kept, and whether the daily purge removes it after that."""

    record_class = models.CharField(max_length=20, choices=RecordClass.choices, unique=True)
    period_days = models.PositiveIntegerField("keep for (days)")
    enabled = models.BooleanField("purge after the period", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record_class"]

    def __str__(self) -> str:
        return self.get_record_class_display()

    @property
    def anchor(self) -> str:
        return ANCHORS[RecordClass(self.record_class)]

    @property
    def period_in_words(self) -> str:
        """ "7 years (2555 days)" for whole years of 365 days (how the defaults and the laws count), else days."""
        years, rest = divmod(self.period_days, 365)
        if years and not rest:
            return f"{years} year{'s' if years > 1 else ''} ({self.period_days} days)"
        return f"{self.period_days} days"

    def clean(self) -> None:
        low = MIN_DAYS.get(RecordClass(self.record_class), 1)
        high = MAX_DAYS.get(RecordClass(self.record_class))
        name = self.get_record_class_display().lower()
        if self.period_days is None:
            return
        if self.period_days < low:
            raise ValidationError({"period_days": f"Keep {name} at least {low} days (CJIS AU-11)."})
        if high and self.period_days > high:
            raise ValidationError({"period_days": f"Keep {name} at most {high} days unreviewed (28 CFR 23.20(h))."})


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(released_at__isnull=True)

    def on_class(self, record_class: str) -> bool:
        return self.active().filter(record_class=record_class, target_type__isnull=True).exists()

    def target_ids(self, model: type[models.Model]) -> models.QuerySet[Any]:
        """Ids of the ``model`` records under an active hold, as a subquery."""
        kind = ContentType.objects.get_for_model(model)
        return self.active().filter(target_type=kind).values("target_id")


class LegalHold(models.Model):
    """Stops the purge of one record (and what hangs from it) or of a whole record class until released."""

    record_class = models.CharField(max_length=20, choices=RecordClass.choices, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(help_text="The matter, order or request behind the hold. No names of people.")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, target_id__isnull=True) & ~Q(record_class="")
                | Q(target_type__isnull=False, target_id__isnull=False),
                name="retention_hold_on_class_or_record",
            )
        ]

    def __str__(self) -> str:
        return self.target_label or f"All {self.get_record_class_display().lower()}"

    @property
    def active(self) -> bool:
        return self.released_at is None
