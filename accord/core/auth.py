"""How Accord plugs into django-allauth and django-axes: no sign-up, audited sign-in, encrypted MFA secrets."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse

from accord.core import audit, crypto
from accord.core.models import AuditEvent

MFA_SECRET_CONTEXT = "mfa_authenticator.secret"  # noqa: S105 (a label, not a secret)


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def _known_user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first() if username else None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts exist only by invitation

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)  # rotates the session key
        audit.record(verb="auth.login", actor=user)  # type: ignore[arg-type]

    def logout(self, request: HttpRequest) -> None:
        if request.user.is_authenticated:
            audit.record(verb="auth.logout", actor=request.user)
        super().logout(request)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        username = str(credentials.get("username", ""))[:150]
        user = _known_user(username)
        audit.record(
            verb="auth.login_failed",
            actor=user,
            actor_label=username,
            outcome=AuditEvent.Outcome.FAILURE,
            changes={"factor": "password"},
        )


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored AES-256-GCM encrypted, like every other secret Accord keeps."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, context=MFA_SECRET_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, context=MFA_SECRET_CONTEXT)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, so lockouts count per account."""
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    return str(request.POST.get("login", ""))


def lockout_response(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None, **kwargs: Any
) -> HttpResponse:
    from accord.core.views.errors import render_error

    username = axes_username(request, credentials)
    audit.record(
        verb="auth.locked_out",
        actor=_known_user(username),
        actor_label=username,
        outcome=AuditEvent.Outcome.DENIED,
    )
    return render_error(
        request,
        403,
        "This account is locked after too many failed sign-in attempts. "
        "Ask your organization's administrator or the task-force coordinator to unlock it.",
        title="Account locked",
    )
