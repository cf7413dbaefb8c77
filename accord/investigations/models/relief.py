"""Immigration relief for foreign-national victims: Continued Presence, T and U visa forms, and the settings."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from accord.core.models import JurisdictionLevel, Organization
from accord.investigations.models.base import (
    CASE_LANES,
    CertificationForm,
    CertificationStatus,
    Citizenship,
    ReliefStatus,
    add_months,
    not_future,
)
from accord.investigations.models.cases import CaseRecord
from accord.investigations.models.people import Victim


def _federal_case_organization(organization: Organization | None) -> bool:
    return bool(
        organization is not None
        and organization.jurisdiction_level == JurisdictionLevel.FEDERAL
        and organization.lane in CASE_LANES
    )


class ContinuedPresence(CaseRecord):
    """Continued Presence (22 U.S.C. 7105(c)(3)): only federal law enforcement submits it."""

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="continued_presence")
    federal_partner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The federal agency that submits the request. Required unless your agency is federal.",
    )
    requested_on = models.DateField()
    status = models.CharField(max_length=10, choices=ReliefStatus.choices, default=ReliefStatus.REQUESTED)
    decided_on = models.DateField(null=True, blank=True, verbose_name="decided on")
    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave empty on a grant to use the task force's default duration."
    )
    renewal_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals", editable=False
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        verbose_name = "Continued Presence request"

    def __str__(self) -> str:
        return f"Continued Presence request {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        victim = getattr(self, "victim", None) if self.victim_id else None
        self._same_case(errors, victim=victim)
        if victim is not None and victim.citizenship != Citizenship.FOREIGN_NATIONAL:
            errors["victim"] = "Continued Presence is for foreign-national victims; record the victim's citizenship."
        partner = self.federal_partner if self.federal_partner_id else None
        if partner is not None and not _federal_case_organization(partner):
            errors["federal_partner"] = "The federal partner must be a federal law-enforcement agency or U.S. Attorney."
        if partner is None and self.organization_id and not _federal_case_organization(self.organization):
            errors["federal_partner"] = (
                "Your agency is not federal: name the federal partner (for example HSI or the FBI) that submits "
                "the request."
            )
        not_future(self.requested_on, "requested_on", errors)
        if self.status == ReliefStatus.REQUESTED:
            if self.decided_on or self.expires_on:
                errors["decided_on"] = "A pending request has no decision or expiry date yet."
        elif not self.decided_on:
            errors["decided_on"] = "Give the date of the decision."
        if self.decided_on and self.requested_on and self.decided_on < self.requested_on:
            errors["decided_on"] = "The decision cannot come before the request."
        if self.expires_on and self.status != ReliefStatus.GRANTED:
            errors["expires_on"] = "Only a granted request has an expiry date."
        if self.expires_on and self.decided_on and self.expires_on <= self.decided_on:
            errors["expires_on"] = "The expiry must come after the grant."
        if errors:
            raise ValidationError(errors)


class Certification(CaseRecord):
    """An I-914 Supplement B declaration or I-918 Supplement B certification for a victim."""

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="certifications")
    form = models.CharField(max_length=6, choices=CertificationForm.choices)
    requested_on = models.DateField()
    requested_by = models.CharField(
        max_length=200, blank=True, help_text="Who asked, by role: e.g. the victim's immigration attorney."
    )
    status = models.CharField(max_length=10, choices=CertificationStatus.choices, default=CertificationStatus.REQUESTED)
    certifying_agency = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certifying_official = models.CharField(
        max_length=200, blank=True, help_text="Name and title of the official who signed."
    )
    signed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"Certification {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        victim = getattr(self, "victim", None) if self.victim_id else None
        self._same_case(errors, victim=victim)
        if victim is not None and victim.citizenship == Citizenship.US_CITIZEN:
            errors["victim"] = "T and U visas are for victims who are not U.S. citizens."
        not_future(self.requested_on, "requested_on", errors)
        not_future(self.signed_on, "signed_on", errors)
        if self.status == CertificationStatus.SIGNED:
            if not self.signed_on:
                errors["signed_on"] = "Give the date it was signed."
            if not self.certifying_official.strip():
                errors["certifying_official"] = "Say who signed it."
            if not self.certifying_agency_id:
                errors["certifying_agency"] = "Say which agency certified it."
        elif self.signed_on:
            errors["signed_on"] = "Only a signed form has a signing date."
        if self.signed_on and self.requested_on and self.signed_on < self.requested_on:
            errors["signed_on"] = "It cannot be signed before it was requested."
        if self.certifying_agency is not None and self.certifying_agency.lane not in CASE_LANES:
            errors["certifying_agency"] = "Choose a law-enforcement agency or prosecutor's office."
        if errors:
            raise ValidationError(errors)


class InvestigationSettings(models.Model):
    """Task-force-wide settings of this app, edited by the coordinator (one row)."""

    continued_presence_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1)],
        verbose_name="Continued Presence default duration (months)",
        help_text="Used when a grant is recorded without an expiry date. Currently granted for 2 years.",
    )
    renewal_notice_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1)],
        verbose_name="renewal reminder (days before expiry)",
        help_text="A task to request renewal is created this many days before Continued Presence expires.",
    )

    class Meta:
        verbose_name = "investigation settings"
        verbose_name_plural = "investigation settings"

    def __str__(self) -> str:
        return "Investigation settings"

    @classmethod
    def current(cls) -> InvestigationSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls.objects.create()

    def default_expiry(self, granted_on: date) -> date:
        return add_months(granted_on, self.continued_presence_months)

    def renewal_window(self, today: date | None = None) -> date:
        return (today or timezone.localdate()) + timedelta(days=self.renewal_notice_days)
