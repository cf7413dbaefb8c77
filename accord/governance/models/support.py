"""Funding and reporting deadlines, the stakeholder register and the formation path."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accord.core.models import Organization, Term, TimestampedModel, User

STAKEHOLDER_VOCABULARY = "stakeholder-category"


class FundingKind(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    IN_KIND = "in_kind", "In-kind support"
    OTHER = "other", "Other"


class Funding(TimestampedModel):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FundingKind.choices, default=FundingKind.GRANT)
    funder = models.CharField(max_length=200, help_text="E.g. Office for Victims of Crime (OVC).")
    program = models.CharField(max_length=200, blank=True, help_text="E.g. Enhanced Collaborative Model (ECM).")
    award_number = models.CharField(max_length=60, blank=True)
    recipient = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="governance_funding"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    match_amount = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal(0), help_text="Match the recipient must contribute."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="governance_funding_period_in_order",
                violation_error_message="The period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(match_amount__gte=0),
                name="governance_funding_amounts_not_negative",
                violation_error_message="Amounts cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:funding_detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The period must end after it starts."})


class ReportingDeadline(models.Model):
    funding = models.ForeignKey(Funding, on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(max_length=200, help_text="E.g. “Quarterly performance report (PMT), Q2”.")
    due_date = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%b %-d, %Y})"


class Commitment(models.TextChoices):
    NOT_CONTACTED = "not_contacted", "Not yet contacted"
    BRIEFED = "briefed", "Briefed"
    INTERESTED = "interested", "Interested"
    COMMITTED = "committed", "Committed"
    DECLINED = "declined", "Declined"


class Stakeholder(TimestampedModel):
    """A leader whose support the task force seeks (chief, sheriff, executive director, USAO…)."""

    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    organization_name = models.CharField("Organization", max_length=200)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="If the organization is a member of the task force.",
    )
    category = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    commitment = models.CharField(max_length=20, choices=Commitment.choices, default=Commitment.NOT_CONTACTED)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["organization_name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organization_name}"

    def clean(self) -> None:
        if self.category_id and self.category.vocabulary.code != STAKEHOLDER_VOCABULARY:
            raise ValidationError({"category": "Choose a stakeholder category."})


class Briefing(models.Model):
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="briefings")
    held_on = models.DateField()
    held_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    findings_presented = models.BooleanField("Assessment findings presented", default=False)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Briefing of {self.stakeholder} on {self.held_on}"


def validate_evidence_link(value: str) -> None:
    if value and not (value.startswith("/") and not value.startswith("//")) and not value.startswith("https://"):
        raise ValidationError("Give a page of Accord (starting with /) or an https:// address.")


class FormationStep(models.Model):
    """One of the e-Guide's initial responsibilities of a new task force (rows from a data migration)."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    done_on = models.DateField(null=True, blank=True)
    evidence_url = models.CharField("Evidence link", max_length=500, blank=True, validators=[validate_evidence_link])
    evidence_note = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
