"""The member directory: organization profiles, trained points of contact and service offerings.

The needs taxonomy (ServiceCategory) and the places served (Area) are data the coordinator edits,
not code constants. Eligibility lists are stored as JSON lists of the codes below, because the
matching and the coverage grid read whole offerings into Python anyway (a few hundred at most
per search), and JSON lists behave the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import Organization, TimestampedModel
from accord.directory.phones import is_e164

ADULT_AGE = 18


def stale_after() -> timedelta:
    """Availability not confirmed for this long is shown as stale (setting ACCORD_DIRECTORY_STALE_DAYS)."""
    return timedelta(days=settings.ACCORD_DIRECTORY_STALE_DAYS)


class Gender(models.TextChoices):
    WOMEN = "women", "Women"
    MEN = "men", "Men"
    TRANSGENDER_NONBINARY = "transgender_nonbinary", "Transgender and non-binary people"


class TraffickingType(models.TextChoices):
    SEX = "sex", "Sex trafficking"
    LABOR = "labor", "Labor trafficking"


class Citizenship(models.TextChoices):
    US_CITIZEN = "us_citizen", "U.S. citizens"
    PERMANENT_RESIDENT = "permanent_resident", "Lawful permanent residents"
    FOREIGN_WITH_STATUS = "foreign_with_status", "Foreign nationals with status or certification"
    FOREIGN_WITHOUT_STATUS = "foreign_without_status", "Foreign nationals without status"


FOREIGN_NATIONAL = frozenset({Citizenship.FOREIGN_WITH_STATUS, Citizenship.FOREIGN_WITHOUT_STATUS})


class Minors(models.TextChoices):
    NONE = "none", "Adults only"
    ACCOMPANIED = "accompanied", "Minors with a parent or guardian"
    ANY = "any", "Minors, accompanied or not"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    SLIDING = "sliding_scale", "Sliding scale"
    INSURANCE = "insurance", "Insurance or benefits accepted"
    FEE = "fee", "Fee"


class CapacityUnit(models.TextChoices):
    NONE = "none", "Not tracked"
    BEDS = "beds", "Beds"
    SLOTS = "slots", "Slots"


class Availability(models.TextChoices):
    OPEN = "open", "Has space"
    LIMITED = "limited", "Limited space"
    FULL = "full", "Full"
    UNKNOWN = "unknown", "Not stated"


class MouStatus(models.TextChoices):
    NONE = "none", "No MOU"
    DRAFT = "draft", "In negotiation"
    SIGNED = "signed", "Signed"
    EXPIRED = "expired", "Expired"


class Situation(models.TextChoices):
    """Kinds of situation an organization names a contact to call first for."""

    GENERAL = "general", "Any situation"
    AFTER_HOURS = "after_hours", "After hours or emergency"
    MINOR = "minor", "A minor"
    SEX = "sex", "Sex trafficking"
    LABOR = "labor", "Labor trafficking"
    FOREIGN_NATIONAL = "foreign_national", "A foreign national (immigration)"
    LAW_ENFORCEMENT = "law_enforcement", "A law-enforcement referral"


# ISO 639-1 where one exists, else ISO 639-3 (as HSDS's language.code allows).
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ko", "Korean"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ht", "Haitian Creole"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("hi", "Hindi"),
    ("pa", "Punjabi"),
    ("uk", "Ukrainian"),
    ("so", "Somali"),
    ("am", "Amharic"),
    ("th", "Thai"),
    ("km", "Khmer"),
    ("ne", "Nepali"),
    ("sw", "Swahili"),
    ("mam", "Mam"),
    ("quc", "K'iche'"),
    ("ase", "American Sign Language"),
]
LANGUAGE_NAMES = dict(LANGUAGES)


def _check_codes(field: str, values: Any, allowed: Any, errors: dict[str, str], *, required: bool = False) -> None:
    if not isinstance(values, list) or any(v not in allowed for v in values):
        errors[field] = f"Unknown value in {field.replace('_', ' ')}."
    elif required and not values:
        errors[field] = "Choose at least one."
    elif len(set(values)) != len(values):
        errors[field] = "A value is listed twice."


class Area(models.Model):
    """A county (or tribal land, region, or the whole state) that organizations serve."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County"
        TRIBAL = "tribal", "Tribal land"
        REGION = "region", "Region"
        STATEWIDE = "statewide", "Statewide"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COUNTY)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def covers_everywhere(self) -> bool:
        return self.kind == self.Kind.STATEWIDE


class ServiceCategory(models.Model):
    """One term of the victim-needs taxonomy (seeded by a data migration; the coordinator edits it)."""

    code = models.SlugField(max_length=50, unique=True, help_text="Stable code used in imports and exports.")
    name = models.CharField(max_length=100, unique=True)
    group = models.CharField(max_length=60, help_text="Heading the term is listed under, e.g. Housing or Legal.")
    description = models.TextField(blank=True)
    capacity_unit = models.CharField(
        max_length=10,
        choices=CapacityUnit.choices,
        default=CapacityUnit.NONE,
        help_text="What a provider counts when it reports space (offerings start with this unit).",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        default=True, help_text="Inactive terms keep their offerings but are not offered for new ones."
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "service categories"

    def __str__(self) -> str:
        return self.name


class DirectoryProfile(TimestampedModel):
    """What the directory says about one member organization."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="directory_profile")
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="profiles", verbose_name="areas served")
    address_line1 = models.CharField("street address", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    main_phone = models.CharField(max_length=20, blank=True, help_text="Stored in international (E.164) form.")
    hotline = models.CharField("24/7 number", max_length=20, blank=True, help_text="Answered around the clock.")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="Languages staff speak (codes).")
    mou_status = models.CharField("MOU status", max_length=10, choices=MouStatus.choices, default=MouStatus.NONE)
    mou_note = models.CharField("MOU note", max_length=200, blank=True)

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"Directory profile of {self.organization}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("main_phone", "hotline"):
            value = getattr(self, name)
            if value and not is_e164(value):
                errors[name] = "Enter a valid phone number."
        _check_codes("languages", self.languages, LANGUAGE_NAMES, errors)
        if errors:
            raise ValidationError(errors)

    @property
    def address(self) -> str:
        parts = [
            self.address_line1,
            self.address_line2,
            self.city,
            " ".join(p for p in [self.state, self.postal_code] if p),
        ]
        return ", ".join(p for p in parts if p)

    def language_names(self) -> list[str]:
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


class ContactQuerySet(models.QuerySet["Contact"]):
    def active(self) -> ContactQuerySet:
        return self.filter(is_active=True)


class Contact(TimestampedModel):
    """A person at a member organization trained in human trafficking, whom partners may call."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="directory_contacts")
    name = models.CharField(max_length=150)
    title = models.CharField("role", max_length=150, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    availability = models.CharField(
        max_length=150, blank=True, help_text="When to reach them, e.g. Weekdays 8–5, or 24/7 on call."
    )
    ht_trained = models.BooleanField("trained in human trafficking", default=True)
    is_active = models.BooleanField(default=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="directory_contact_unique_name_per_org",
                violation_error_message="This organization already lists a contact with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.phone and not is_e164(self.phone):
            raise ValidationError({"phone": "Enter a valid phone number."})
        if not self.phone and not self.email:
            raise ValidationError("Give a phone number or an e-mail address, or both.")


class FirstCall(models.Model):
    """The contact an organization wants called first in one kind of situation (at most one per kind)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="directory_first_calls")
    situation = models.CharField(max_length=20, choices=Situation.choices)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="first_calls")

    class Meta:
        ordering = ["situation"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "situation"], name="directory_firstcall_one_per_situation"),
        ]

    def __str__(self) -> str:
        return f"{self.get_situation_display()}: {self.contact}"


class OfferingTerms:
    """Read helpers over an offering's terms, shared by the model and find help's light rows."""

    minors: str
    capacity_unit: str
    availability_confirmed_at: datetime | None
    min_age: int | None
    max_age: int | None
    genders: list[str]
    trafficking_types: list[str]
    citizenship: list[str]
    languages: list[str]

    @property
    def serves_minors(self) -> bool:
        return self.minors != Minors.NONE

    @property
    def tracks_capacity(self) -> bool:
        return self.capacity_unit != CapacityUnit.NONE

    @property
    def is_stale(self) -> bool:
        if not self.tracks_capacity:
            return False
        return self.availability_confirmed_at is None or timezone.now() - self.availability_confirmed_at > stale_after()

    @property
    def days_since_confirmed(self) -> int | None:
        if self.availability_confirmed_at is None:
            return None
        return (timezone.now() - self.availability_confirmed_at).days

    def serves_adults(self) -> bool:
        return self.max_age is None or self.max_age >= ADULT_AGE

    def age_range_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return "Any age"
        if self.max_age is None:
            return f"{self.min_age} and over"
        if self.min_age is None:
            return f"Up to {self.max_age}"
        return f"{self.min_age}–{self.max_age}"

    def gender_labels(self) -> list[str]:
        return [Gender(g).label for g in self.genders if g in Gender.values]

    def trafficking_labels(self) -> list[str]:
        return [TraffickingType(t).label for t in self.trafficking_types if t in TraffickingType.values]

    def citizenship_labels(self) -> list[str]:
        return [Citizenship(c).label for c in self.citizenship if c in Citizenship.values]

    def language_names(self) -> list[str]:
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


class OfferingQuerySet(models.QuerySet["Offering"]):
    def active(self) -> OfferingQuerySet:
        return self.filter(is_active=True, organization__is_active=True)

    def stale(self) -> OfferingQuerySet:
        """Offerings that count capacity but whose availability nobody confirmed recently."""
        cutoff = timezone.now() - stale_after()
        return self.exclude(capacity_unit=CapacityUnit.NONE).filter(
            Q(availability_confirmed_at__isnull=True) | Q(availability_confirmed_at__lt=cutoff)
        )


class Offering(OfferingTerms, TimestampedModel):
    """A service one organization provides, who it serves, and how much room it has."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="directory_offerings")
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="offerings", verbose_name="service"
    )
    name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Only needed when the organization offers this service more than once, e.g. two shelters.",
    )
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(Area, related_name="offerings", verbose_name="areas served")
    # Eligibility.
    genders = models.JSONField(default=list)
    min_age = models.PositiveSmallIntegerField("minimum age", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("maximum age", null=True, blank=True)
    minors = models.CharField("minors", max_length=12, choices=Minors.choices, default=Minors.NONE)
    families = models.BooleanField("families with children", default=False)
    trafficking_types = models.JSONField(default=list)
    citizenship = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    interpretation = models.BooleanField("interpreters for other languages", default=False)
    disability_access = models.BooleanField("accessible to people with disabilities", default=False)
    lgbtq_affirming = models.BooleanField("LGBTQ+ affirming", default=False)
    cost = models.CharField(max_length=15, choices=Cost.choices, default=Cost.FREE)
    # Hours and capacity.
    open_24_7 = models.BooleanField("open 24/7", default=False)
    hours = models.CharField(max_length=150, blank=True, help_text="e.g. Mon–Fri 9:00–17:00.")
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.NONE)
    capacity_total = models.PositiveIntegerField("total capacity", null=True, blank=True)
    available_units = models.PositiveIntegerField("available now", null=True, blank=True)
    availability = models.CharField(max_length=10, choices=Availability.choices, default=Availability.UNKNOWN)
    availability_confirmed_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["category__sort_order", "category__name", "name"]
        indexes = [models.Index(fields=["category", "is_active"], name="directory_offering_cat_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category", "name"],
                name="directory_offering_natural_key",
                violation_error_message="This organization already lists this service under this name.",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=models.F("max_age")),
                name="directory_offering_age_range",
                violation_error_message="The minimum age cannot be above the maximum age.",
            ),
        ]

    def __str__(self) -> str:
        label = self.category.name if self.category_id else "Service"
        return f"{label}: {self.name}" if self.name else label

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _check_codes("genders", self.genders, Gender.values, errors, required=True)
        _check_codes("trafficking_types", self.trafficking_types, TraffickingType.values, errors, required=True)
        _check_codes("citizenship", self.citizenship, Citizenship.values, errors, required=True)
        _check_codes("languages", self.languages, LANGUAGE_NAMES, errors, required=True)
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "The maximum age cannot be below the minimum age."
        serves_children = (self.min_age or 0) < ADULT_AGE
        if self.minors == Minors.NONE and self.min_age is not None and self.min_age < ADULT_AGE:
            errors["minors"] = "The minimum age admits minors: say whether minors must be accompanied."
        if self.minors != Minors.NONE and not serves_children:
            errors["minors"] = "The minimum age is 18 or over, so no minors are served."
        if self.capacity_unit == CapacityUnit.NONE and (self.capacity_total or self.available_units):
            errors["capacity_unit"] = "Say what the capacity counts (beds or slots)."
        if (
            self.capacity_total is not None
            and self.available_units is not None
            and self.available_units > self.capacity_total
        ):
            errors["available_units"] = "More available than the total capacity."
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """An uploaded directory spreadsheet, kept between its dry run and its apply."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected"

    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"
