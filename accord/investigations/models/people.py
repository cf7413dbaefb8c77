"""People in a case: subjects (identifying fields encrypted), identified victims (minimal), witnesses."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accord.core.crypto import EncryptedCharField, EncryptedTextField
from accord.core.models import Term
from accord.investigations.models.base import MINOR_AGE_BANDS, AgeBand, Citizenship, Gender, TraffickingType
from accord.investigations.models.cases import CaseRecord, Investigation

DOB = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Subject(CaseRecord):
    """A suspect or person of interest. Identifying fields are encrypted."""

    name = EncryptedCharField(max_length=200, help_text="Full name, or a description if the name is not known.")
    aliases = EncryptedTextField(blank=True, help_text="One per line: street names, other spellings, handles.")
    date_of_birth = EncryptedCharField(max_length=10, blank=True)
    identifiers = EncryptedTextField(
        blank=True, help_text="One per line: phone numbers, e-mail addresses, ID or licence numbers, vehicles."
    )
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    roles = models.ManyToManyField(Term, related_name="+", blank=True, verbose_name="roles in the trafficking")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Subject {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        if self.date_of_birth:
            if not DOB.match(self.date_of_birth):
                raise ValidationError({"date_of_birth": "Give the date of birth as YYYY-MM-DD."})
            try:
                born = date.fromisoformat(self.date_of_birth)
            except ValueError:
                raise ValidationError({"date_of_birth": "That is not a real date."}) from None
            if born > timezone.localdate():
                raise ValidationError({"date_of_birth": "The date of birth is in the future."})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]


class Victim(CaseRecord):
    """An identified victim, kept minimal: a reference, never a name, and never the VSP's client record."""

    reference = models.CharField(max_length=40, help_text="A code such as V-1. Never a name or initials.")
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship = models.CharField(max_length=20, choices=Citizenship.choices, default=Citizenship.UNKNOWN)
    trafficking_type = models.CharField(max_length=10, choices=TraffickingType.choices)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "reference"],
                name="inv_victim_unique_reference",
                violation_error_message="Another victim in this investigation has this reference.",
            )
        ]

    def __str__(self) -> str:
        return f"Victim {self.reference} of investigation {self.investigation_id}"

    @property
    def is_minor(self) -> bool:
        return self.age_band in MINOR_AGE_BANDS


class Witness(CaseRecord):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="witnesses")
    name = EncryptedCharField(max_length=200)
    contact = EncryptedTextField(blank=True, help_text="How to reach them safely.")
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "witnesses"

    def __str__(self) -> str:
        return f"Witness {self.pk} of investigation {self.investigation_id}"
