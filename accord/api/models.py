"""API tokens and organization webhooks.

A token is shown once, as ``acc_<prefix>_<secret>``; only the prefix (for lookup) and a SHA-256 of the whole
token are stored (the secret has 256 bits of entropy, so a slow hash adds nothing). Every token expires.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accord.api.scopes import Scope
from accord.core.crypto import EncryptedCharField
from accord.core.models import Organization, TimestampedModel

TOKEN_PREFIX = "acc"  # noqa: S105 (the visible start of every token, not a secret)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its lookup prefix."""
    prefix = secrets.token_hex(6)
    return f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def max_token_days() -> int:
    return int(settings.ACCORD_API_TOKEN_MAX_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(TimestampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What it is for, e.g. “RMS nightly sync”.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token {self.prefix} ({self.name})"

    def clean(self) -> None:
        unknown = set(self.scopes) - set(Scope.values)
        if not self.scopes or unknown:
            raise ValidationError({"scopes": "Choose at least one scope from the list."})
        if self.expires_at and self.pk is None:
            now = timezone.now()
            if self.expires_at <= now:
                raise ValidationError({"expires_at": "The expiry must be in the future."})
            if self.expires_at > now + timedelta(days=max_token_days(), minutes=5):
                raise ValidationError({"expires_at": f"A token may run at most {max_token_days()} days."})

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"


class Event(models.TextChoices):
    REFERRAL_SENT = "referral.sent", "A referral was sent to your organization"
    REFERRAL_ACCEPTED = "referral.accepted", "Your referral was accepted"
    REFERRAL_DECLINED = "referral.declined", "Your referral was declined"
    REFERRAL_COMPLETED = "referral.completed", "Your referral was completed"
    DECONFLICTION_HIT = "deconfliction.hit", "A deconfliction hit involves your organization"
    AGREEMENT_SIGNED = "agreement.signed", "An agreement your organization is party to was signed"
    AGREEMENT_EXPIRING = "agreement.expiring", "An agreement your organization is party to is expiring"


class WebhookEndpoint(TimestampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField("address", max_length=500, help_text="An https address on your system.")
    secret = EncryptedCharField(max_length=200, editable=False)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Webhook {self.pk} of organization {self.organization_id}"

    def clean(self) -> None:
        if not self.events or set(self.events) - set(Event.values):
            raise ValidationError({"events": "Choose at least one event from the list."})


class WebhookDelivery(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="api_delivery_due")]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.event})"

    def body(self) -> dict[str, Any]:
        return {"id": self.pk, "event": self.event, "created_at": self.created_at.isoformat(), "data": self.payload}
