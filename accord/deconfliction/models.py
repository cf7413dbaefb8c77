"""Deconfliction: targets and planned operations of law-enforcement agencies, their matching keys, and hits.

Identifying values are stored encrypted; matching uses only keyed hashes of their normalized forms
(``TargetKey``), so the matching table holds no plaintext identifier. Victim-services data never enters.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q

from accord.core import rows
from accord.core.crypto import EncryptedCharField, EncryptedTextField
from accord.core.models import Lane, Organization, TimestampedModel
from accord.deconfliction import names
from accord.investigations.models import Investigation


class Kind(models.TextChoices):
    PERSON = "person", "Person"
    PHONE = "phone", "Phone number"
    EMAIL = "email", "E-mail address"
    ADDRESS = "address", "Address"
    VEHICLE = "vehicle", "Vehicle"
    HANDLE = "handle", "Online handle"
    ADVERT = "advert", "Advertisement"
    BUSINESS = "business", "Business"


class OperationKind(models.TextChoices):
    SEARCH_WARRANT = "search_warrant", "Search or arrest warrant"
    UNDERCOVER = "undercover", "Undercover meeting or buy"
    SURVEILLANCE = "surveillance", "Surveillance"
    STING = "sting", "Sting or reverse sting"
    INTERVIEW = "interview", "Interview or knock-and-talk"
    OTHER = "other", "Other"


class Settings(models.Model):
    """The task force's deconfliction settings (one row): how sure a person match must be, how near an operation."""

    match_threshold = models.FloatField(
        default=names.Thresholds.match,
        validators=[MinValueValidator(0.5), MaxValueValidator(1.0)],
        help_text="A person match scoring at least this is a hit (0.5–1.0).",
    )
    possible_threshold = models.FloatField(
        default=names.Thresholds.possible,
        validators=[MinValueValidator(0.3), MaxValueValidator(1.0)],
        help_text="At least this, but under the hit threshold: a possible match both agencies are told to review.",
    )
    operation_distance_km = models.FloatField(
        "operation distance (km)",
        default=1.0,
        validators=[MinValueValidator(0.05), MaxValueValidator(100)],
        help_text="Two agencies' operations this close, overlapping in time, are a conflict.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(possible_threshold__lte=models.F("match_threshold")),
                name="deconfliction_settings_possible_below_match",
                violation_error_message="The possible-match threshold cannot be above the hit threshold.",
            )
        ]

    def __str__(self) -> str:
        return "Deconfliction settings"

    @classmethod
    def current(cls) -> Settings:
        """The task force's settings (made with the defaults on first use); a fixed statement, since every
        person check that has candidates reads them (``accord.core.rows``)."""
        with connection.cursor() as cursor:
            cursor.execute(CURRENT_SETTINGS_SQL)
            row = cursor.fetchone()
        return rows.instance(cls, row) if row else cls.objects.create()


_CURRENT_SETTINGS = "SELECT {settings_columns} FROM {settings} ORDER BY {settings}.id LIMIT 1"
CURRENT_SETTINGS_SQL = rows.statement(_CURRENT_SETTINGS, settings=Settings)


class TargetQuerySet(models.QuerySet["Target"]):
    def active(self) -> TargetQuerySet:
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user: Any) -> TargetQuerySet:
        """Targets in investigations the user may see: their agency's and those shared with it."""
        return self.filter(investigation__in=Investigation.objects.visible_to(user))


class Target(TimestampedModel):
    """One identifier or person an agency works, tied to one of its investigations."""

    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="agency")
    # Looked up through the (investigation, kind) index, which leads with it: no index of its own to keep up.
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="targets", db_index=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = EncryptedCharField(max_length=300, help_text="As entered. Stored encrypted.")
    normalized = EncryptedCharField(max_length=300, blank=True, help_text="The canonical form that is matched.")
    flagged = models.CharField(
        max_length=200, blank=True, help_text="Why the value could not be normalized; it is still matched exactly."
    )
    aliases = EncryptedTextField(blank=True, help_text="People: other names, one per line.")
    date_of_birth = EncryptedCharField(max_length=10, blank=True)
    profile = EncryptedTextField(blank=True, help_text="People: the parsed name forms the matcher compares.")
    person = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="identifiers",
        limit_choices_to={"kind": Kind.PERSON},
        help_text="The person this identifier belongs to, if known.",
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["investigation", "kind"], name="deconfliction_target_inv_kind")]

    def __str__(self) -> str:
        # Never the value: this label reaches the audit trail and e-mails.
        return f"{self.get_kind_display()} target {self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.investigation_id and self.owner_id and self.investigation.owner_id != self.owner_id:
            errors["investigation"] = "Targets are entered in your own agency's investigations."
        if self.owner_id and self.owner.lane != Lane.LAW_ENFORCEMENT:
            errors["owner"] = "Only law-enforcement agencies enter targets."
        if self.person_id and self.person and self.person.investigation_id != self.investigation_id:
            errors["person"] = "The person must be a target in the same investigation."
        if errors:
            raise ValidationError(errors)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]


class TargetKey(models.Model):
    """A keyed hash of a target's normalized identifier or of a person's blocking key. No plaintext."""

    # Every check writes a key per identifier: no index is kept that nothing reads, and no reference checked
    # twice. The target's keys are found through the (target, digest) constraint's index. The owner and the
    # investigation are the target's, copied (the owner is compared, the investigation read from one index
    # when two investigations' shared identifiers are asked for): the target's own references vouch for
    # them, so the database checks only the target's (an agency or a case with targets cannot be deleted).
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="keys", db_index=False)
    owner = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    investigation = models.ForeignKey(
        Investigation, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    exact = models.BooleanField(default=True, help_text="An identifier (a hit on equality) or a person blocking key.")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["digest"], name="deconfliction_key_digest"),
            models.Index(fields=["investigation", "exact", "digest", "kind"], name="deconfliction_key_inv_digest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["target", "digest"], name="deconfliction_key_once_per_target"),
        ]

    def __str__(self) -> str:
        return f"Key of target {self.target_id}"


class OperationQuerySet(models.QuerySet["Operation"]):
    def planned(self) -> OperationQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def visible_to(self, user: Any) -> OperationQuerySet:
        return self.filter(investigation__in=Investigation.objects.visible_to(user))


class Operation(TimestampedModel):
    """A planned event (warrant, buy, surveillance) at a place and time window."""

    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="agency")
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="operations")
    kind = models.CharField(max_length=20, choices=OperationKind.choices)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    place = EncryptedCharField(max_length=300, help_text="Address or description of the place. Stored encrypted.")
    latitude = EncryptedCharField(max_length=20, help_text="Decimal degrees, e.g. 30.2672. Stored encrypted.")
    longitude = EncryptedCharField(max_length=20, help_text="Decimal degrees, e.g. -97.7431. Stored encrypted.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="deconfliction_op_window")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="deconfliction_operation_ends_after_start",
                violation_error_message="The operation must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Operation {self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The operation must end after it starts."
        for name, limit in (("latitude", 90), ("longitude", 180)):
            try:
                number = float(getattr(self, name))
            except (TypeError, ValueError):
                errors[name] = "Give decimal degrees, such as 30.2672."
                continue
            if not -limit <= number <= limit:
                errors[name] = f"Must be between -{limit} and {limit}."
        if self.investigation_id and self.owner_id and self.investigation.owner_id != self.owner_id:
            errors["investigation"] = "Operations are planned in your own agency's investigations."
        if errors:
            raise ValidationError(errors)

    @property
    def point(self) -> tuple[float, float]:
        return float(self.latitude), float(self.longitude)


class HitKind(models.TextChoices):
    TARGET = "target", "Target"
    OPERATION = "operation", "Operation"


class Strength(models.TextChoices):
    HIT = "hit", "Conflict"
    POSSIBLE = "possible", "Possible conflict: review"


class HitQuerySet(models.QuerySet["Hit"]):
    def for_organization(self, organization_id: int) -> HitQuerySet:
        return self.filter(sides__organization_id=organization_id).distinct()

    def open_for(self, organization_id: int) -> HitQuerySet:
        return self.filter(sides__organization_id=organization_id, sides__resolved_at__isnull=True).distinct()


class Hit(models.Model):
    """Two agencies work the same identifier, person or place and time. Each side sees only its own part."""

    kind = models.CharField(max_length=10, choices=HitKind.choices)
    matched = models.CharField(
        "what matched", max_length=10, help_text="The kind of identifier, 'person', or 'operation'."
    )
    strength = models.CharField(max_length=10, choices=Strength.choices, default=Strength.HIT)
    score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=list, help_text="Why it matched, in terms that name no value.")
    found_by = models.CharField(max_length=10, default="entry", help_text="'entry' (online) or 'nightly' (batch).")
    created_at = models.DateTimeField(auto_now_add=True)
    pair = models.CharField(max_length=60, unique=True, help_text="The two records, so a pair is hit only once.")

    objects = HitQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Deconfliction hit {self.pk}"

    @property
    def matched_label(self) -> str:
        if self.kind == HitKind.OPERATION:
            return "Operations overlap in time and place"
        return Kind(self.matched).label if self.matched in Kind.values else self.matched

    def side_for(self, organization_id: int | None) -> HitSide | None:
        return next((s for s in self.sides.all() if s.organization_id == organization_id), None)

    def other_side(self, organization_id: int | None) -> HitSide | None:
        return next((s for s in self.sides.all() if s.organization_id != organization_id), None)


class HitSide(models.Model):
    """One agency's part of a hit: its own record, whom the other agency should call, and whether it is resolved."""

    hit = models.ForeignKey(Hit, on_delete=models.CASCADE, related_name="sides")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="This agency's point of contact for the investigation: the lead investigator, else who entered it.",
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(blank=True, help_text="What was agreed. Only your agency sees this note.")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["hit", "organization"], name="deconfliction_one_side_per_agency"),
        ]

    def __str__(self) -> str:
        return f"Side of hit {self.hit_id} for organization {self.organization_id}"


class LinkageRun(models.Model):
    """One finished nightly batch: how far it got and with which settings, so the next run need only score
    pairs with a record entered since (``batch.link_all``). Holds counts only, never a value."""

    finished_at = models.DateTimeField(auto_now_add=True)
    last_target_id = models.PositiveBigIntegerField(help_text="Every pair of targets up to this id was scored.")
    match_threshold = models.FloatField()
    possible_threshold = models.FloatField()
    matcher = models.CharField(max_length=20, help_text="names.MATCHER_VERSION: a new matcher scores everything again.")
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"Nightly linkage {self.pk}"
