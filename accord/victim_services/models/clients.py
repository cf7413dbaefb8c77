"""Victim-services client records: owned by one VSP, identifying fields encrypted, reporting fields as categories.

Nothing here is ever matched, hashed or indexed across organizations: there is no blind index on any client
field (VAWA 34 U.S.C. 12291(b)(2)(B): a hashed identifier is still a disclosure). ``__str__`` of every model
is non-identifying because it is what the audit trail stores as the target's label.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.crypto import EncryptedCharField, EncryptedTextField
from accord.core.dimensions import MINOR_AGE_BANDS, AgeBand, Citizenship, Gender, TraffickingType
from accord.core.models import Lane, Organization, Role, Term, TimestampedModel

# Who works client records in their own VSP. Anyone else reaches a client only through access.py.
CLIENT_ROLES = frozenset({Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN})


def is_client_staff(user: Any, organization_id: int | None = None) -> bool:
    """Advocates, supervisors and administrators of a victim-services organization (optionally: of this one)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organization_id
        and user.lane == Lane.VICTIM_SERVICES
        and user.has_role(*CLIENT_ROLES)
        and (organization_id is None or user.organization_id == organization_id)
    )


def is_vsp_supervisor(user: Any, organization_id: int | None = None) -> bool:
    return is_client_staff(user, organization_id) and user.has_role(Role.SUPERVISOR)


def age_band_for(age: int) -> str:
    for band, low, high in (
        (AgeBand.UNDER_12, 0, 11),
        (AgeBand.AGE_12_14, 12, 14),
        (AgeBand.AGE_15_17, 15, 17),
        (AgeBand.AGE_18_24, 18, 24),
        (AgeBand.AGE_25_34, 25, 34),
        (AgeBand.AGE_35_44, 35, 44),
        (AgeBand.AGE_45_54, 45, 54),
    ):
        if low <= age <= high:
            return band
    return AgeBand.AGE_55_UP if age >= 55 else AgeBand.UNKNOWN


class TraffickingStatus(models.TextChoices):
    """HTCDS vic_TraffickingStatus. Set by a person, never by a screen."""

    POSSIBLE = "possible", "Possible victim of trafficking"
    ACTUAL = "actual", "Actual victim of trafficking"
    NOT_A_VICTIM = "not_a_victim", "Not a victim of trafficking"


class DecisionMaker(models.TextChoices):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg."""

    NGO = "ngo", "Victim-service provider (NGO)"
    POLICE = "police", "Police"
    COURT = "court", "Court or prosecution"
    GOVERNMENT = "government", "Non-police government organization"
    OTHER = "other", "Other"


class Family(models.TextChoices):
    ALONE = "alone", "On their own"
    WITH_CHILDREN = "with_children", "With children"
    WITH_FAMILY = "with_family", "With other family members"
    UNKNOWN = "unknown", "Not known"


class ClientStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ClientQuerySet(models.QuerySet["Client"]):
    def owned_by(self, organization_id: int | None) -> ClientQuerySet:
        return self.filter(organization_id=organization_id or 0)

    def open(self) -> ClientQuerySet:
        return self.filter(status=ClientStatus.OPEN)

    def new_in(self, start: date, end: date) -> ClientQuerySet:
        """Clients whose intake fell in the period (the others served in it are continuing)."""
        return self.filter(intake_date__gte=start, intake_date__lte=end)

    def continuing_in(self, start: date, end: date) -> ClientQuerySet:
        return self.filter(intake_date__lt=start).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))


class Client(TimestampedModel):
    """A person a VSP serves. Identified in Accord by a pseudonymous code; names and contact details encrypted."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="vs_clients")
    code = models.CharField(max_length=20, help_text="Pseudonymous client code, e.g. HH-0042. Never initials.")
    version = models.PositiveIntegerField(default=1)
    # Identity (encrypted).
    legal_name = EncryptedCharField("legal name", max_length=200, blank=True)
    preferred_name = EncryptedCharField("name they use", max_length=200, blank=True)
    date_of_birth = EncryptedCharField(
        "date of birth", max_length=10, blank=True, help_text="YYYY-MM-DD. Kept encrypted; reports use the age band."
    )
    # Contact and location (encrypted).
    phone = EncryptedCharField(max_length=40, blank=True)
    email = EncryptedCharField("e-mail", max_length=200, blank=True)
    safe_contact = EncryptedTextField(
        "how to contact safely", blank=True, help_text="e.g. text only, never leave a voicemail."
    )
    address = EncryptedTextField("address or location", blank=True)
    # Reporting categories (not identifying on their own).
    intake_date = models.DateField(default=timezone.localdate)
    referral_source = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="Who referred the person."
    )
    age_band = models.CharField("age at intake", max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship = models.CharField(max_length=20, choices=Citizenship.choices, default=Citizenship.UNKNOWN)
    primary_language = models.CharField(max_length=8, blank=True, help_text="Language code, for referrals.")
    family = models.CharField(max_length=16, choices=Family.choices, default=Family.UNKNOWN)
    trafficking_type = models.CharField(max_length=10, choices=TraffickingType.choices, default=TraffickingType.UNKNOWN)
    trafficking_status = models.CharField(
        max_length=16, choices=TraffickingStatus.choices, default=TraffickingStatus.POSSIBLE
    )
    status_decided_by = models.CharField(
        "status decided by", max_length=12, choices=DecisionMaker.choices, default=DecisionMaker.NGO
    )
    status_decided_on = models.DateField("status decided on", null=True, blank=True)
    polaris_type = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Polaris typology type"
    )
    control_methods = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name="methods of control (HTCDS)"
    )
    # Closure.
    status = models.CharField(max_length=8, choices=ClientStatus.choices, default=ClientStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    living_situation = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="living situation"
    )
    immigration_outcome = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["-intake_date", "-pk"]
        # Reports: intakes in a period, and who was open in it (the index alone answers "clients served").
        indexes = [models.Index(fields=["intake_date", "closed_on", "trafficking_type"], name="vs_client_intake_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"],
                name="vs_client_unique_code",
                violation_error_message="Another client of this organization has this code.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("intake_date")),
                name="vs_client_closed_after_intake",
                violation_error_message="The closing date cannot be before the intake date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Client {self.code}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.date_of_birth:
            try:
                born = date.fromisoformat(self.date_of_birth)
            except ValueError:
                errors["date_of_birth"] = "Enter the date as YYYY-MM-DD."
            else:
                if born > timezone.localdate():
                    errors["date_of_birth"] = "The date of birth is in the future."
        if self.intake_date and self.intake_date > timezone.localdate():
            errors["intake_date"] = "The intake date is in the future."
        if self.status == ClientStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = "Give the closing date."
        if self.closed_on and self.intake_date and self.closed_on < self.intake_date:
            errors["closed_on"] = "The closing date cannot be before the intake date."
        if self.status_decided_on and self.intake_date and self.status_decided_on < self.intake_date:
            errors["status_decided_on"] = "The status cannot be decided before intake."
        if errors:
            raise ValidationError(errors)

    @property
    def is_minor(self) -> bool:
        return self.age_band in MINOR_AGE_BANDS

    def is_new_in(self, start: date, end: date) -> bool:
        return start <= self.intake_date <= end


class RelatedPerson(TimestampedModel):
    """A parent, guardian or other person around the client. A person recorded as the abuser cannot consent."""

    class Relationship(models.TextChoices):
        PARENT = "parent", "Parent"
        GUARDIAN = "guardian", "Legal guardian"
        COURT_GUARDIAN = "court_guardian", "Court-appointed guardian"
        PARTNER = "partner", "Partner or spouse"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="people")
    name = EncryptedCharField(max_length=200)
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    is_abuser = models.BooleanField(
        "recorded as the abuser",
        default=False,
        help_text="The abuser of the client, or of the client's other parent. They can never give consent.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of client {self.client_id}"

    @property
    def may_consent_for_client(self) -> bool:
        return not self.is_abuser and self.relationship in {
            self.Relationship.PARENT,
            self.Relationship.GUARDIAN,
            self.Relationship.COURT_GUARDIAN,
        }


class Need(TimestampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        UNMET = "unmet", "Could not be met"
        DECLINED = "declined", "Declined by the client"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="needs")
    category = models.ForeignKey("directory.ServiceCategory", on_delete=models.PROTECT, related_name="+")
    identified_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["status", "-identified_on"]

    def __str__(self) -> str:
        return f"Need of client {self.client_id}"


class Goal(TimestampedModel):
    """One goal of the client's service plan."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "No longer a goal"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="goals")
    category = models.ForeignKey(
        "directory.ServiceCategory", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    description = EncryptedTextField(help_text="In the client's words where possible.")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["status", "target_date", "pk"]

    def __str__(self) -> str:
        return f"Goal of client {self.client_id}"


class ServiceDelivery(TimestampedModel):
    """A service delivered to the client: by the VSP itself or by another provider (e.g. through a referral).

    Needs no release: consent is never a condition of service.
    """

    class Unit(models.TextChoices):
        HOURS = "hours", "Hours"
        SESSIONS = "sessions", "Sessions"
        NIGHTS = "nights", "Nights"
        ITEMS = "items", "Items or vouchers"
        CONTACTS = "contacts", "Contacts"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="services")
    delivered_on = models.DateField(default=timezone.localdate)
    category = models.ForeignKey("directory.ServiceCategory", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    units = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.SESSIONS)
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        # Reports count services delivered in a period by category: the index alone answers them (category
        # first: the ORM's query joins the categories and looks up each one's days).
        indexes = [models.Index(fields=["category", "delivered_on"], name="vs_service_category_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(units__gt=0), name="vs_service_units_positive", violation_error_message="Units must be >0."
            )
        ]

    def __str__(self) -> str:
        return f"Service to client {self.client_id}"

    def clean(self) -> None:
        if self.delivered_on and self.delivered_on > timezone.localdate():
            raise ValidationError({"delivered_on": "A service cannot be delivered in the future."})
        if self.delivered_on and self.client_id and self.delivered_on < self.client.intake_date:
            raise ValidationError({"delivered_on": "The date is before the client's intake."})


class Note(TimestampedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on client {self.client_id}"


class ClientDocument(TimestampedModel):
    """A document kept with the client's record (an ID copy, a letter). Shared only under a release naming it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="documents")
    title = EncryptedCharField(max_length=200)
    storage_name = models.CharField(max_length=200)
    original_name = EncryptedCharField(max_length=200)
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Document {self.pk} of client {self.client_id}"
