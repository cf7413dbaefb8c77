"""Every write of the api app: tokens created and revoked, webhooks added and turned off. Audited."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.api.models import ApiToken, WebhookEndpoint, new_token, token_digest
from accord.core import audit
from accord.core.models import Role, User


@transaction.atomic
def token_create(*, actor: User, name: str, scopes: list[str], expires_at: datetime) -> tuple[ApiToken, str]:
    """A new token for the actor; returns it with the secret, which is never stored and shown only this once."""
    if not actor.is_active:
        raise PermissionDenied("Only active accounts hold tokens.")
    secret, prefix = new_token()
    token = ApiToken(
        user=actor, name=name, prefix=prefix, digest=token_digest(secret), scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )  # fmt: skip
    token.full_clean()
    token.save()
    audit.record(
        verb="api.token_created",
        actor=actor,
        target=token,
        changes={"scopes": token.scopes, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        raise ValidationError("This token is already revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit.record(
        verb="api.token_revoked",
        actor=actor,
        target=token,
        organization_id=token.user.organization_id,
        changes={"holder": token.user.username},
    )
    return token


@transaction.atomic
def webhook_create(*, actor: User, url: str, events: list[str]) -> tuple[WebhookEndpoint, str]:
    """A webhook for the actor's organization; returns it with its signing secret (shown once)."""
    if not actor.has_role(Role.ORG_ADMIN) or not actor.organization_id:
        raise PermissionDenied("Only an organization's administrator adds its webhooks.")
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        organization_id=actor.organization_id, url=url, secret=secret, events=sorted(set(events)), created_by=actor
    )
    endpoint.full_clean()
    if (
        not url.startswith("https://")
        and not url.startswith("http://127.0.0.1")
        and not url.startswith("http://localhost")
    ):
        raise ValidationError({"url": "Use an https address (http only for this machine, when testing)."})
    endpoint.save()
    audit.record(verb="api.webhook_created", actor=actor, target=endpoint, changes={"url": url, "events": events})
    return endpoint, secret


@transaction.atomic
def webhook_disable(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    if endpoint.organization_id != actor.organization_id or not actor.has_role(Role.ORG_ADMIN):
        raise PermissionDenied("Only the organization's administrator turns its webhooks off.")
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active", "updated_at"])
    audit.record(verb="api.webhook_disabled", actor=actor, target=endpoint)
    return endpoint
