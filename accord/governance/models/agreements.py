"""Agreements (MOUs, protocols, data-sharing) with parties, signatories and document versions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Organization, Term, TimestampedModel, User

PROTOCOL_TOPIC_VOCABULARY = "protocol-topic"


def _dates_in_order(earlier: date | None, later: date | None) -> bool:
    return earlier is None or later is None or later >= earlier


class AgreementKind(models.TextChoices):
    MOU = "mou", "Memorandum of understanding"
    PROTOCOL = "protocol", "Operational protocol"
    DATA_SHARING = "data_sharing", "Data-sharing agreement"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_SIGNATURE = "in_signature", "In signature"
    IN_FORCE = "in_force", "In force"
    EXPIRED = "expired", "Expired"
    SUPERSEDED = "superseded", "Superseded"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def current(self) -> AgreementQuerySet:
        return self.exclude(status__in=[AgreementStatus.EXPIRED, AgreementStatus.SUPERSEDED])


class Agreement(TimestampedModel):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    summary = models.TextField(blank=True)
    parties = models.ManyToManyField(Organization, related_name="governance_agreements")
    approval_body = models.CharField(
        max_length=200, blank=True, help_text="Who must approve it, e.g. city council, board, headquarters."
    )
    effective_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    topics = models.ManyToManyField(
        Term,
        blank=True,
        related_name="governance_agreements",
        help_text="Protocol topics this agreement covers.",
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(expiry_date__gte=F("effective_date")),
                name="governance_agreement_expiry_after_effective",
                violation_error_message="The expiry date must be on or after the effective date.",
            ),
            models.CheckConstraint(
                condition=Q(review_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(review_date__gte=F("effective_date")),
                name="governance_agreement_review_after_effective",
                violation_error_message="The review date must be on or after the effective date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not _dates_in_order(self.effective_date, self.expiry_date):
            errors["expiry_date"] = "The expiry date must be on or after the effective date."
        if not _dates_in_order(self.effective_date, self.review_date):
            errors["review_date"] = "The review date must be on or after the effective date."
        if self.review_date and self.expiry_date and self.review_date > self.expiry_date:
            errors["review_date"] = "The review date must come before the agreement expires."
        if self.status == AgreementStatus.IN_FORCE and not self.effective_date:
            errors["effective_date"] = "An agreement in force needs its effective date."
        if self.status == AgreementStatus.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = "Say which agreement replaces this one."
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = "An agreement cannot replace itself."
        if errors:
            raise ValidationError(errors)

    def days_to_expiry(self, today: date | None = None) -> int | None:
        if self.expiry_date is None:
            return None
        return (self.expiry_date - (today or timezone.localdate())).days


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    signed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organization__name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organization}"


class StoredDocument(models.Model):
    """A file kept by accord.core.uploads: generated storage name, served only by an authorised view."""

    storage_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(max_length=160, editable=False)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


class AgreementVersion(StoredDocument):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True, help_text="What changed in this version.")
    is_signed = models.BooleanField("Signed copy", default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="governance_version_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"
