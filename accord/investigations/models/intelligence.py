"""Criminal-intelligence records (28 CFR Part 23)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.crypto import EncryptedTextField
from accord.core.models import Lane, Organization, TimestampedModel
from accord.investigations.models.base import INTELLIGENCE_RETENTION_YEARS, add_years, is_case_staff, not_future
from accord.investigations.models.cases import Investigation


class IntelligenceQuerySet(models.QuerySet["IntelligenceRecord"]):
    def visible_to(self, user: Any) -> IntelligenceQuerySet:
        """Criminal intelligence stays inside the agency that holds it (28 CFR 23.20(e))."""
        if not (is_case_staff(user) and user.lane == Lane.LAW_ENFORCEMENT):
            return self.none()
        return self.filter(owner_id=user.organization_id)

    def review_overdue(self, today: date | None = None) -> IntelligenceQuerySet:
        return self.filter(review_due_on__lt=today or timezone.localdate())

    def past_retention(self, today: date | None = None) -> IntelligenceQuerySet:
        """Records neither reviewed nor entered in the last five years: 28 CFR 23.20(h) says purge them."""
        cutoff = add_years(today or timezone.localdate(), -INTELLIGENCE_RETENTION_YEARS)
        return self.filter(Q(last_reviewed_on__isnull=True, entered_on__lt=cutoff) | Q(last_reviewed_on__lt=cutoff))


class IntelligenceRecord(TimestampedModel):
    """A criminal-intelligence record: kept only with a documented criminal predicate and a review date."""

    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    investigation = models.ForeignKey(
        Investigation, on_delete=models.SET_NULL, null=True, blank=True, related_name="intelligence_records"
    )
    subject_summary = EncryptedTextField(
        verbose_name="who or what it concerns", help_text="Person, group or business. Stored encrypted."
    )
    criminal_predicate = EncryptedTextField(
        help_text="The facts that give reasonable suspicion of criminal conduct (28 CFR 23.20(a)). Required."
    )
    source = models.CharField(max_length=200, help_text="Where the information came from and how reliable it is.")
    entered_on = models.DateField(default=timezone.localdate)
    review_due_on = models.DateField(verbose_name="review by")
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = IntelligenceQuerySet.as_manager()

    class Meta:
        ordering = ["review_due_on", "pk"]

    def __str__(self) -> str:
        return f"Intelligence record {self.pk}"

    @property
    def retention_anchor(self) -> date:
        return self.last_reviewed_on or self.entered_on

    @property
    def purge_on(self) -> date:
        return add_years(self.retention_anchor, INTELLIGENCE_RETENTION_YEARS)

    @property
    def review_overdue(self) -> bool:
        return self.review_due_on < timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if len((self.criminal_predicate or "").strip()) < 20:
            errors["criminal_predicate"] = (
                "Document the criminal predicate: the facts that give reasonable suspicion (at least 20 characters)."
            )
        not_future(self.entered_on, "entered_on", errors)
        if self.review_due_on and self.entered_on:
            anchor = self.last_reviewed_on or self.entered_on
            if self.review_due_on <= anchor:
                errors["review_due_on"] = "The review date must come after the record was entered or last reviewed."
            elif self.review_due_on > add_years(anchor, INTELLIGENCE_RETENTION_YEARS):
                errors["review_due_on"] = "Review it within five years; unreviewed records are purged after five."
        if self.owner_id and self.owner.lane != Lane.LAW_ENFORCEMENT:
            errors["owner"] = "Only a law-enforcement agency holds criminal intelligence."
        if self.investigation_id and self.investigation and self.investigation.owner_id != self.owner_id:
            errors["investigation"] = "Link only your own agency's investigations."
        if errors:
            raise ValidationError(errors)
