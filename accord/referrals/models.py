"""Closed-loop referrals between member organizations.

A referral carries a need, an urgency and non-identifying descriptors. It may point at the sender's own client
record (``client``: only when the sender is the client's VSP), but it never copies identity: the recipient sees
the client's identity only while a live release names the recipient with the identity category, decided at every
read by ``accord.victim_services.access``. ``__str__`` is non-identifying (it is the audit label).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import Organization, Term, TimestampedModel
from accord.victim_services.models import AgeBand, Family, Gender, TraffickingType


def stale_hours() -> int:
    """A sent referral nobody accepted or declined for this long is stale (ACCORD_REFERRAL_STALE_HOURS, 48)."""
    return int(settings.ACCORD_REFERRAL_STALE_HOURS)


def accepted_stale_days() -> int:
    """An accepted referral not completed for this long is stale (ACCORD_REFERRAL_OPEN_DAYS, 30)."""
    return int(settings.ACCORD_REFERRAL_OPEN_DAYS)


MATCH_WINDOW = timedelta(hours=48)


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent, waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATES = frozenset({State.DRAFT, State.SENT, State.ACCEPTED})

# Allowed moves: state → {action: new state}.
TRANSITIONS: dict[str, dict[str, str]] = {
    State.DRAFT: {"send": State.SENT, "withdraw": State.WITHDRAWN},
    State.SENT: {"accept": State.ACCEPTED, "decline": State.DECLINED, "withdraw": State.WITHDRAWN},
    State.ACCEPTED: {"complete": State.COMPLETED, "withdraw": State.WITHDRAWN},
}


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "Today (emergency)"
    SOON = "soon", "Within 48 hours"
    ROUTINE = "routine", "Routine"


class Outcome(models.TextChoices):
    PROVIDED = "provided", "Service provided"
    PARTLY = "partly", "Partly provided"
    NOT_PROVIDED = "not_provided", "Not provided"
    CLIENT_DECLINED = "client_declined", "The person chose not to continue"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        """Both sides see the referral: staff of the sending and of the receiving organization."""
        org = getattr(user, "organization_id", None) or 0
        return self.filter(Q(sender_id=org) | Q(recipient_id=org))

    def open(self) -> ReferralQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def stale(self) -> ReferralQuerySet:
        now = timezone.now()
        return self.filter(
            Q(state=State.SENT, sent_at__lt=now - timedelta(hours=stale_hours()))
            | Q(state=State.ACCEPTED, accepted_at__lt=now - timedelta(days=accepted_stale_days()))
        )


class Referral(TimestampedModel):
    sender = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="referrals_sent")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referrals_received", verbose_name="refer to"
    )
    need = models.ForeignKey(
        "directory.ServiceCategory", on_delete=models.PROTECT, related_name="+", verbose_name="service needed"
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # Non-identifying descriptors.
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    language = models.CharField(max_length=8, blank=True)
    family = models.CharField(max_length=16, choices=Family.choices, default=Family.UNKNOWN)
    trafficking_type = models.CharField(max_length=10, choices=TraffickingType.choices, default=TraffickingType.UNKNOWN)
    details = models.TextField(
        "what help is needed",
        blank=True,
        help_text="Describe the need, not the person: no names, dates of birth, phone numbers or addresses.",
    )
    client = models.ForeignKey(
        "victim_services.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    share_identity = models.BooleanField(
        "share the client's identity under their release",
        default=False,
        help_text="Only with a live release naming this organization and identity. Shown only while it lives.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decline_note = models.CharField(max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(max_length=300, blank=True)
    service_delivery = models.OneToOneField(
        "victim_services.ServiceDelivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="referral"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_note = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")),
                name="ref_not_to_self",
                violation_error_message="A referral goes to another organization, not your own.",
            )
        ]
        indexes = [models.Index(fields=["state", "sent_at"], name="ref_state_sent")]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    def clean(self) -> None:
        if self.sender_id and self.sender_id == self.recipient_id:
            raise ValidationError({"recipient": "A referral goes to another organization, not your own."})
        if self.client is not None and self.client.organization_id != self.sender_id:
            raise ValidationError({"client": "Only the client's own organization can refer its client."})
        if self.share_identity and not self.client_id:
            raise ValidationError({"share_identity": "Choose the client whose identity the release covers."})
        if self.recipient_id and not self.recipient.is_active:
            raise ValidationError({"recipient": "This organization is no longer active."})

    @property
    def time_to_acceptance(self) -> timedelta | None:
        if self.sent_at and self.accepted_at:
            return self.accepted_at - self.sent_at
        return None

    @property
    def hours_to_acceptance(self) -> float | None:
        found = self.time_to_acceptance
        return round(found.total_seconds() / 3600, 1) if found is not None else None

    @property
    def matched_within_48_hours(self) -> bool | None:
        """Accepted within 48 hours of sending; None while still waiting inside the window."""
        if not self.sent_at:
            return None
        if self.accepted_at:
            return self.accepted_at - self.sent_at <= MATCH_WINDOW
        if self.state == State.SENT and timezone.now() - self.sent_at <= MATCH_WINDOW:
            return None
        return False

    @property
    def is_stale(self) -> bool:
        now = timezone.now()
        if self.state == State.SENT and self.sent_at:
            return now - self.sent_at > timedelta(hours=stale_hours())
        if self.state == State.ACCEPTED and self.accepted_at:
            return now - self.accepted_at > timedelta(days=accepted_stale_days())
        return False

    def allowed(self, action: str) -> bool:
        return action in TRANSITIONS.get(self.state, {})

    def language_name(self) -> str:
        from accord.directory.models import LANGUAGE_NAMES

        return LANGUAGE_NAMES.get(self.language, self.language) if self.language else "Not stated"
