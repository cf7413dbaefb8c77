"""Tokens for tests, and requests carrying them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.api.actions import token_create
from accord.api.scopes import Scope
from accord.core.models import User

ALL_SCOPES = list(Scope.values)


def token_for(user: User, scopes: list[str] | None = None, *, days: int = 30) -> str:
    _, secret = token_create(
        actor=user, name="test", scopes=scopes or ALL_SCOPES, expires_at=timezone.now() + timedelta(days=days)
    )
    return secret


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
