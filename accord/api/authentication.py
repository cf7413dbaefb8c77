"""Bearer tokens: ``Authorization: Bearer acc_<prefix>_<secret>``. Expired, revoked, unknown → 401, audited."""

from __future__ import annotations

import hmac
from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from accord.api.models import TOKEN_PREFIX, ApiToken, token_digest
from accord.core import audit
from accord.core.models import AuditEvent

REFUSED = "The token is not valid: it may be mistyped, expired or revoked. Ask for a new one."


def _refuse(request: Request, reason: str, token: ApiToken | None = None) -> exceptions.AuthenticationFailed:
    audit.record(
        verb="api.token_refused",
        actor=token.user if token is not None else None,
        actor_label="API client",
        target=token,
        changes={"reason": reason, "method": request.method, "path": request.path},
        outcome=AuditEvent.Outcome.DENIED,
    )
    return exceptions.AuthenticationFailed(REFUSED)


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _, presented = header.partition(" ")
        presented = presented.strip()
        if keyword != self.keyword or not presented:
            raise _refuse(request, "malformed header")
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            raise _refuse(request, "malformed token")
        token = ApiToken.objects.select_related("user", "user__organization").filter(prefix=parts[1]).first()
        if token is None or not hmac.compare_digest(token.digest, token_digest(presented)):
            raise _refuse(request, "unknown token")
        if token.revoked_at is not None:
            raise _refuse(request, "revoked", token)
        now = timezone.now()
        if token.expires_at <= now:
            raise _refuse(request, "expired", token)
        if not token.user.is_active:
            raise _refuse(request, "account inactive", token)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="accord"'


class SignedInSession(SessionAuthentication):
    """The signed-in browser session (the documentation's “try it out”), CSRF-checked for writes."""
