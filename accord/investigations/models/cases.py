"""Investigations, their need-to-know shares, and the base of every record inside one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from accord.core.crypto import EncryptedTextField
from accord.core.models import Lane, Organization, TimestampedModel
from accord.investigations.models.base import (
    CASE_LANES,
    STAGE_ORDER,
    Decision,
    Origin,
    Stage,
    Status,
    TraffickingType,
    is_case_staff,
    not_future,
    term_field,
)


class InvestigationQuerySet(models.QuerySet["Investigation"]):
    def visible_to(self, user: Any) -> InvestigationQuerySet:
        """Investigations of the user's agency and those shared with it; none for anyone but case staff."""
        if not is_case_staff(user):
            return self.none()
        shared = InvestigationShare.objects.active().filter(
            investigation=OuterRef("pk"), organization_id=user.organization_id
        )
        return self.filter(Q(owner_id=user.organization_id) | Exists(shared))

    def shared(self) -> InvestigationQuerySet:
        """Matters shared with at least one other organization: the task-force case log."""
        return self.filter(Exists(InvestigationShare.objects.active().filter(investigation=OuterRef("pk"))))

    def with_stage(self) -> InvestigationQuerySet:
        from accord.investigations.models.court import Arrest, Charge, CourtEvent, Disposition, ProsecutionReferral

        def has(model: type[models.Model], **criteria: Any) -> Exists:
            return Exists(model._default_manager.filter(investigation=OuterRef("pk"), **criteria))

        referral = ProsecutionReferral
        stage = Case(
            When(status=Status.CLOSED, then=Value(Stage.CLOSED.value)),
            When(has(Disposition), then=Value(Stage.ADJUDICATED.value)),
            When(
                has(referral, decision=Decision.ACCEPTED) | has(CourtEvent),
                then=Value(Stage.PROSECUTION.value),
            ),
            When(has(referral, decision=Decision.PENDING), then=Value(Stage.REFERRED.value)),
            When(has(referral, decision=Decision.DECLINED), then=Value(Stage.DECLINED.value)),
            When(has(Charge) | has(Arrest), then=Value(Stage.CHARGED.value)),
            default=Value(Stage.INVESTIGATION.value),
            output_field=models.CharField(),
        )
        order = Case(
            *[When(stage=value, then=Value(n)) for value, n in STAGE_ORDER.items()],
            output_field=IntegerField(),
        )
        return self.annotate(stage=stage).annotate(stage_order=order)


class Investigation(TimestampedModel):
    owner = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="investigations", verbose_name="owning agency"
    )
    case_number = models.CharField(max_length=60, help_text="The owning agency's own case number.")
    name = models.CharField(
        max_length=120,
        blank=True,
        verbose_name="operation or case name",
        help_text="Optional. Never the name of a person.",
    )
    trafficking_type = models.CharField(max_length=10, choices=TraffickingType.choices)
    polaris_type = term_field("polaris-type", "Polaris typology type", null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, verbose_name="how it began")
    lead_source = term_field("lead-source", "Lead source")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(default=timezone.localdate, verbose_name="opened on")
    closed_on = models.DateField(null=True, blank=True, verbose_name="closed on")
    lead_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = EncryptedTextField(blank=True, help_text="What the case is about. Stored encrypted.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "case_number"],
                name="inv_investigation_unique_case_number",
                violation_error_message="Your agency already has an investigation with this case number.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="inv_investigation_closed_after_opened",
                violation_error_message="The closing date cannot be before the opening date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Investigation {self.case_number}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        not_future(self.opened_on, "opened_on", errors)
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "The closing date cannot be before the opening date."
        elif self.status == Status.CLOSED and not self.closed_on:
            errors["closed_on"] = "Give the date the investigation was closed."
        elif self.closed_on and self.status != Status.CLOSED:
            errors["closed_on"] = "Only a closed investigation has a closing date."
        if self.owner_id and self.owner.lane != Lane.LAW_ENFORCEMENT:
            errors["owner"] = "Only a law-enforcement agency can own an investigation."
        if (
            self.lead_investigator_id
            and self.lead_investigator
            and (self.lead_investigator.organization_id != self.owner_id)
        ):
            errors["lead_investigator"] = "The lead investigator must work for the owning agency."
        if errors:
            raise ValidationError(errors)


class ShareQuerySet(models.QuerySet["InvestigationShare"]):
    def active(self) -> ShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class InvestigationShare(models.Model):
    """An explicit, need-to-know share with a participating agency or a prosecutor's office."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="shares")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, verbose_name="need to know", help_text="Why they need to see it.")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "organization"],
                condition=Q(revoked_at__isnull=True),
                name="inv_share_one_active_per_organization",
                violation_error_message="The investigation is already shared with this organization.",
            )
        ]

    def __str__(self) -> str:
        return f"Share of investigation {self.investigation_id} with organization {self.organization_id}"

    def clean(self) -> None:
        if self.organization_id and self.organization.lane not in CASE_LANES:
            raise ValidationError(
                {"organization": "Investigations are shared only with law-enforcement agencies and prosecutors."}
            )
        if self.organization_id and self.organization_id == self.investigation.owner_id:
            raise ValidationError({"organization": "The owning agency already sees its own investigation."})


class CaseRecord(TimestampedModel):
    """Something recorded in an investigation, by someone of some organization."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="%(class)ss")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def _same_case(self, errors: dict[str, str], **related: Any) -> None:
        for field, obj in related.items():
            if obj is not None and obj.investigation_id != self.investigation_id:
                errors[field] = "Choose one from this investigation."
