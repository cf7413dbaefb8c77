"""The ways client information may leave the owning VSP: a release (consent), a compelled disclosure, break-glass.

A release is the client's informed, written, reasonably time-limited consent naming ONE recipient organization,
the purpose, the data categories and an expiry (VAWA 34 U.S.C. 12291(b)(2)(B)(ii); 28 CFR 94.115(a)). Access
through it stops the moment it expires or is revoked: liveness is computed at every read, never copied.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.crypto import EncryptedCharField, EncryptedTextField
from accord.core.models import Organization, TimestampedModel
from accord.victim_services.models.clients import Client, RelatedPerson


def release_max_days() -> int:
    """The longest a release may run (setting ACCORD_RELEASE_MAX_DAYS, default 90)."""
    return int(settings.ACCORD_RELEASE_MAX_DAYS)


def break_glass_max_hours() -> int:
    return int(settings.ACCORD_BREAK_GLASS_MAX_HOURS)


class DataCategory(models.TextChoices):
    """What a release can name. Each maps to a fixed set of fields (see ``CATEGORY_FIELDS``)."""

    IDENTITY = "identity", "Identity (names, date of birth)"
    CONTACT = "contact", "Contact details (phone, e-mail, how to contact safely)"
    LOCATION = "location", "Location (address)"
    CASE_STATUS = "case_status", "Case status (open or closed, trafficking status)"
    NEEDS = "needs", "Needs"
    SERVICES = "services", "Services received"
    DOCUMENTS = "documents", "Documents"


CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    DataCategory.IDENTITY: ("legal_name", "preferred_name", "date_of_birth"),
    DataCategory.CONTACT: ("phone", "email", "safe_contact"),
    DataCategory.LOCATION: ("address",),
    DataCategory.CASE_STATUS: ("status", "trafficking_status"),
    DataCategory.NEEDS: ("needs",),
    DataCategory.SERVICES: ("services",),
    DataCategory.DOCUMENTS: ("documents",),
}


class Grantor(models.TextChoices):
    CLIENT = "client", "The client"
    CLIENT_AND_GUARDIAN = "client_and_guardian", "The client and their parent or guardian"
    COURT_GUARDIAN = "court_guardian", "A court-appointed guardian (legal incapacity)"


class ConsentRecord(models.TextChoices):
    UPLOADED = "uploaded", "Signed form uploaded"
    PAPER = "paper", "Signed paper form kept in the client file"
    ELECTRONIC = "electronic", "Signed electronically"


class ReleaseQuerySet(models.QuerySet["Release"]):
    def live(self, on: date | None = None) -> ReleaseQuerySet:
        today = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, signed_on__lte=today, expires_on__gte=today)

    def for_recipient(self, organization_id: int | None) -> ReleaseQuerySet:
        return self.filter(recipient_id=organization_id or 0)


class Release(TimestampedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="releases")
    recipient = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="vs_releases_received", verbose_name="shared with"
    )
    purpose = models.TextField(help_text="Why the client agrees to share, in plain words, e.g. to get legal help.")
    categories = models.JSONField(default=list, help_text="What may be shared.")
    grantor = models.CharField("who gives consent", max_length=24, choices=Grantor.choices, default=Grantor.CLIENT)
    guardian = models.ForeignKey(
        RelatedPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="guardian"
    )
    minor_consents_alone = models.BooleanField(
        "the law lets this minor consent alone",
        default=False,
        help_text="Only where the minor may receive these services without a parent's consent.",
    )
    signed_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField(help_text="Required. Access stops at the end of this day.")
    consent_record = models.CharField(
        "how consent was recorded", max_length=12, choices=ConsentRecord.choices, default=ConsentRecord.PAPER
    )
    consent_note = EncryptedTextField(blank=True, help_text="Anything about how consent was explained and given.")
    form_storage_name = models.CharField(max_length=200, blank=True)
    form_name = EncryptedCharField(max_length=200, blank=True)
    form_content_type = models.CharField(max_length=120, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", blank=True
    )
    revocation_note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", blank=True
    )
    expiry_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("signed_on")),
                name="vs_release_expires_after_signed",
                violation_error_message="The release cannot expire before it was signed.",
            )
        ]

    def __str__(self) -> str:
        return f"Release {self.pk} of client {self.client_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        cats = self.categories if isinstance(self.categories, list) else None
        if cats is None or any(c not in DataCategory.values for c in cats):
            errors["categories"] = "Unknown data category."
        elif not cats:
            errors["categories"] = "Choose at least one kind of information to share."
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = "The signing date is in the future."
        if self.signed_on and self.expires_on:
            if self.expires_on < self.signed_on:
                errors["expires_on"] = "The release cannot expire before it was signed."
            elif self.expires_on > self.signed_on + timedelta(days=release_max_days()):
                latest = self.signed_on + timedelta(days=release_max_days())
                errors["expires_on"] = (
                    f"A release may run at most {release_max_days()} days from signing "
                    f"(until {latest:%B} {latest.day}, {latest.year})."
                )
        if self.client_id and self.recipient_id and self.recipient_id == self.client.organization_id:
            errors["recipient"] = "Your own organization needs no release."
        errors.update(self._consent_errors())
        if self.consent_record == ConsentRecord.UPLOADED and not self.form_storage_name:
            errors["consent_record"] = "Attach the signed form, or say where the signed form is kept."
        if errors:
            raise ValidationError(errors)

    def _consent_errors(self) -> dict[str, str]:
        """VAWA/VOCA: a minor consents with a parent or guardian unless the law lets them consent alone;
        legal incapacity needs a court-appointed guardian; a person recorded as the abuser never consents."""
        errors: dict[str, str] = {}
        guardian = self.guardian if self.guardian_id else None
        if guardian is not None and self.client_id and guardian.client_id != self.client_id:
            errors["guardian"] = "This person is not recorded with this client."
        elif guardian is not None and guardian.is_abuser:
            errors["guardian"] = "A person recorded as the abuser cannot give consent."
        elif guardian is not None and not guardian.may_consent_for_client:
            errors["guardian"] = "Only a parent or guardian can consent for the client."
        if self.grantor in {Grantor.CLIENT_AND_GUARDIAN, Grantor.COURT_GUARDIAN} and guardian is None:
            errors.setdefault("guardian", "Name the parent or guardian who consents.")
        if (
            self.grantor == Grantor.COURT_GUARDIAN
            and guardian is not None
            and guardian.relationship != RelatedPerson.Relationship.COURT_GUARDIAN
        ):
            errors.setdefault("guardian", "Consent for a person under guardianship comes from the court-appointed one.")
        client = self.client if self.client_id else None
        if client is not None and client.is_minor and self.grantor == Grantor.CLIENT and not self.minor_consents_alone:
            errors["grantor"] = (
                "The client is a minor: a parent or guardian consents too, unless the law lets the minor consent "
                "alone for these services (tick that box)."
            )
        return errors

    def is_live(self, at: datetime | None = None) -> bool:
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.revoked_at is None and self.signed_on <= today <= self.expires_on

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        today = timezone.localdate()
        if self.expires_on < today:
            return "expired"
        if self.signed_on > today:
            return "not yet in force"
        return "live"

    def covers(self, category: str) -> bool:
        return category in (self.categories or [])

    def category_labels(self) -> list[str]:
        return [DataCategory(c).label for c in self.categories if c in DataCategory.values]


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def live(self) -> BreakGlassQuerySet:
        now = timezone.now()
        return self.filter(ended_at__isnull=True, starts_at__lte=now, expires_at__gt=now)

    def awaiting_review(self) -> BreakGlassQuerySet:
        return self.filter(reviewed_at__isnull=True)


class BreakGlass(TimestampedModel):
    """Emergency read access to one client for one person, for hours; granted by a VSP supervisor and reviewed."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="break_glass")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why access cannot wait for the client's consent. Required.")
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", blank=True
    )
    review_note = models.TextField(blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "break-glass grant"

    def __str__(self) -> str:
        return f"Break-glass grant {self.pk} on client {self.client_id}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Give the reason in writing."})
        if self.expires_at and self.starts_at:
            if self.expires_at <= self.starts_at:
                raise ValidationError({"expires_at": "The grant must end after it starts."})
            if self.expires_at - self.starts_at > timedelta(hours=break_glass_max_hours()):
                raise ValidationError({"expires_at": f"A grant may last at most {break_glass_max_hours()} hours."})

    def is_live(self) -> bool:
        now = timezone.now()
        return self.ended_at is None and self.starts_at <= now < self.expires_at


class DisclosureBasis(models.TextChoices):
    COURT_ORDER = "court_order", "Court order signed by a judge"
    STATUTE = "statute", "Statutory mandate (e.g. mandatory child-abuse reporting)"


# Fields a compelled disclosure may name: (code, label, how to read it from the client).
DISCLOSURE_FIELDS: list[tuple[str, str]] = [
    ("code", "Client code"),
    ("legal_name", "Legal name"),
    ("preferred_name", "Name they use"),
    ("date_of_birth", "Date of birth"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("address", "Address or location"),
    ("intake_date", "Intake date"),
    ("status", "Case status"),
    ("trafficking_status", "Trafficking status"),
    ("services", "Services received (dates and kinds)"),
]
DISCLOSURE_FIELD_LABELS = dict(DISCLOSURE_FIELDS)


class CompelledDisclosure(TimestampedModel):
    """Information released because a court order or statute compels it, limited to the fields named."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="disclosures")
    basis = models.CharField(max_length=12, choices=DisclosureBasis.choices)
    authority = models.CharField(
        "issued by or statute", max_length=200, help_text="The court and case number, or the statute's citation."
    )
    received_on = models.DateField(default=timezone.localdate)
    recipient = models.CharField("released to", max_length=200)
    fields = models.JSONField(default=list)
    note = EncryptedTextField(blank=True)
    order_storage_name = models.CharField(max_length=200, blank=True)
    order_name = models.CharField(max_length=200, blank=True)
    order_content_type = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Compelled disclosure {self.pk} of client {self.client_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.basis not in DisclosureBasis.values:
            errors["basis"] = "Give the legal basis: a court order or a statute. A subpoena alone is not enough."
        if not isinstance(self.fields, list) or any(f not in DISCLOSURE_FIELD_LABELS for f in self.fields):
            errors["fields"] = "Unknown field."
        elif not self.fields:
            errors["fields"] = "Name the fields the order or statute requires; only those go out."
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "The date is in the future."
        if errors:
            raise ValidationError(errors)

    def field_labels(self) -> list[str]:
        return [DISCLOSURE_FIELD_LABELS[f] for f in self.fields if f in DISCLOSURE_FIELD_LABELS]


class NotificationTaskQuerySet(models.QuerySet["NotificationTask"]):
    def open(self) -> NotificationTaskQuerySet:
        return self.filter(done_at__isnull=True)


class NotificationTask(TimestampedModel):
    """A task to tell the victim that their information was released under compulsion (34 U.S.C. 12291(b)(2)(C))."""

    disclosure = models.OneToOneField(CompelledDisclosure, on_delete=models.CASCADE, related_name="task")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", blank=True
    )
    outcome = models.CharField(max_length=200, blank=True, help_text="e.g. told in person; could not reach safely.")

    objects = NotificationTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Notify the client of disclosure {self.disclosure_id}"


def categories_clean(values: Any) -> list[str]:
    if not isinstance(values, list | tuple):
        raise ValidationError("Unknown data category.")
    unknown = [v for v in values if v not in DataCategory.values]
    if unknown:
        raise ValidationError(f"Unknown data category: {', '.join(map(str, unknown))}.")
    return [c for c in DataCategory.values if c in values]
