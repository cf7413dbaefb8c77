"""Enforcement and court: arrests, charges, prosecution referrals, court events, dispositions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import JurisdictionLevel, Lane, Organization
from accord.investigations.models.base import CONVICTIONS, CourtEventKind, Decision, Outcome, not_future, term_field
from accord.investigations.models.cases import CaseRecord
from accord.investigations.models.people import Subject


class Arrest(CaseRecord):
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="arrests")
    arrested_on = models.DateField()
    arresting_agency = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["arrested_on", "pk"]

    def __str__(self) -> str:
        return f"Arrest {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self._same_case(errors, subject=getattr(self, "subject", None))
        not_future(self.arrested_on, "arrested_on", errors)
        if self.arresting_agency_id and self.arresting_agency.lane != Lane.LAW_ENFORCEMENT:
            errors["arresting_agency"] = "Choose a law-enforcement agency."
        if errors:
            raise ValidationError(errors)


class Charge(CaseRecord):
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="charges")
    statute = term_field("statute", "Statute")
    nibrs_offense = term_field("nibrs-offense", "NIBRS offense", null=True, blank=True)
    is_trafficking_charge = models.BooleanField(
        default=False,
        verbose_name="This is a human-trafficking charge",
        help_text="Leave unticked for other charges brought in the case (prostitution, fraud, weapons…).",
    )
    counts = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    filed_on = models.DateField(verbose_name="filed on")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"Charge {self.pk} of investigation {self.investigation_id}"

    @property
    def is_federal(self) -> bool:
        return self.statute.code.startswith("usc-")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self._same_case(errors, subject=getattr(self, "subject", None))
        not_future(self.filed_on, "filed_on", errors)
        if errors:
            raise ValidationError(errors)


class ProsecutionReferral(CaseRecord):
    office = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="prosecutor's office"
    )
    level = models.CharField(max_length=10, choices=JurisdictionLevel.choices, editable=False)
    referred_on = models.DateField(default=timezone.localdate)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True, verbose_name="reason or note")

    class Meta:
        ordering = ["referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "office"],
                name="inv_referral_one_per_office",
                violation_error_message="The investigation has already been referred to this office.",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("referred_on")),
                name="inv_referral_decided_after_referred",
                violation_error_message="The decision cannot come before the referral.",
            ),
        ]

    def __str__(self) -> str:
        return f"Prosecution referral {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.office_id and self.office.lane != Lane.PROSECUTION:
            errors["office"] = "Choose a prosecutor's office."
        not_future(self.referred_on, "referred_on", errors)
        if self.decision == Decision.PENDING and self.decided_on:
            errors["decided_on"] = "A pending referral has no decision date."
        if self.decision != Decision.PENDING and not self.decided_on:
            errors["decided_on"] = "Give the date of the decision."
        if self.decided_on and self.referred_on and self.decided_on < self.referred_on:
            errors["decided_on"] = "The decision cannot come before the referral."
        if self.decision == Decision.DECLINED and not self.decision_note.strip():
            errors["decision_note"] = "Say why the referral was declined, so the agency can follow up."
        if errors:
            raise ValidationError(errors)


class CourtEvent(CaseRecord):
    kind = models.CharField(max_length=20, choices=CourtEventKind.choices)
    occurs_on = models.DateField(verbose_name="date")
    court = models.CharField(max_length=200, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    outcome_note = models.TextField(blank=True, verbose_name="what happened")

    class Meta:
        ordering = ["occurs_on", "pk"]

    def __str__(self) -> str:
        return f"Court event {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self._same_case(errors, subject=getattr(self, "subject", None))
        if errors:
            raise ValidationError(errors)


class Disposition(CaseRecord):
    """How one charge ended. A disposition always names its charge."""

    charge = models.OneToOneField(Charge, on_delete=models.PROTECT, related_name="disposition")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    disposed_on = models.DateField(verbose_name="date of disposition")
    sentence = models.CharField(max_length=300, blank=True, help_text="As pronounced, e.g. 120 months and 5 years.")
    custody_months = models.PositiveIntegerField(null=True, blank=True, verbose_name="custody (months)")
    restitution_ordered = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name="restitution ordered (US$)",
    )

    class Meta:
        ordering = ["disposed_on", "pk"]

    def __str__(self) -> str:
        return f"Disposition {self.pk} of investigation {self.investigation_id}"

    @property
    def is_conviction(self) -> bool:
        return self.outcome in CONVICTIONS

    def clean(self) -> None:
        errors: dict[str, str] = {}
        charge = getattr(self, "charge", None) if self.charge_id else None
        if charge is None:
            raise ValidationError({"charge": "A disposition must name the charge it disposes of."})
        self._same_case(errors, charge=charge)
        not_future(self.disposed_on, "disposed_on", errors)
        if self.disposed_on and self.disposed_on < charge.filed_on:
            errors["disposed_on"] = "The disposition cannot come before the charge was filed."
        if self.outcome and self.outcome not in CONVICTIONS:
            if self.sentence or self.custody_months:
                errors["sentence"] = "Only a conviction or a plea carries a sentence."
            if self.restitution_ordered:
                errors["restitution_ordered"] = "Restitution is ordered only on a conviction or a plea."
        if errors:
            raise ValidationError(errors)
