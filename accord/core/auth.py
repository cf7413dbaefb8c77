"""How Accord plugs into django-allauth and django-axes: no sign-up, audited sign-in, encrypted MFA secrets."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from accord.core import audit, crypto, rows
from accord.core.models import AuditEvent, Organization, Role, User

MFA_SECRET_CONTEXT = "mfa_authenticator.secret"  # noqa: S105 (a label, not a secret)
AUTH_AT = "accord_auth_at"  # session key: when sign-in completed; the 12-hour limit counts from it
RENEWED_AT = "accord_renewed_at"  # session key: when the idle limit last restarted (the session was saved)
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
_KNOWN_SECOND_FACTOR = "_accord_has_second_factor"  # set on the user by load_for_request()


def has_second_factor(user: Any) -> bool:
    known = getattr(user, _KNOWN_SECOND_FACTOR, None)
    if known is not None:
        return bool(known)
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def load_for_request(user_id: Any) -> User | None:
    """The signed-in account with everything each request asks of it, in two small fixed statements.

    Its organization (lane), its roles and whether it has a second factor come from the database on every
    request, never from the session, so a role change, deactivation or factor removal counts at once. Both
    statements are fixed (``accord.core.rows``): built through the ORM (a join, ``Exists`` annotations for
    the roles) they cost more on every request than running them.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # both statements in one round trip
            rows.execute(cursor, _ACCOUNT_AND_GRANTS_SQL, [user_id, user_id, user_id, *SECOND_FACTORS])
            row = cursor.fetchone()
            cursor.nextset()
        else:
            cursor.execute(_ACCOUNT_SQL, [user_id])
            row = cursor.fetchone()
            if row is not None:
                cursor.execute(_GRANTS_SQL, [user_id, user_id, *SECOND_FACTORS])
        if row is None:
            return None
        held = {grant for (grant,) in cursor.fetchall()}
    split = rows.width(User)
    user = rows.instance(User, row[:split])
    if user.organization_id is not None:
        user.organization = rows.instance(Organization, row[split:])
    user.__dict__[_KNOWN_SECOND_FACTOR] = _SECOND_FACTOR_MARK in held
    roles = frozenset(role for role in Role if role in held)
    user.__dict__["roles"] = roles if user.is_active else frozenset()  # fills User.roles (a cached_property)
    return user


# The account and its organization (parameter: the account's id).
_ACCOUNT = """SELECT {users_columns}, {organizations_columns} FROM {users}
    LEFT JOIN {organizations} ON {organizations}.id = {users}.organization_id WHERE {users}.id = %s"""
_ACCOUNT_SQL = rows.statement(_ACCOUNT, users=User, organizations=Organization)
_SECOND_FACTOR_MARK = "#second-factor"  # not a role name (roles are words)
# The user's role names, and the mark if they hold a second factor (parameters: user, user, the factor types).
_GRANTS_SQL = (
    "SELECT role FROM core_rolegrant WHERE user_id = %s "
    "UNION ALL SELECT '#second-factor' FROM mfa_authenticator WHERE user_id = %s AND type IN (%s, %s)"
)
_ACCOUNT_AND_GRANTS_SQL = ";\n".join([_ACCOUNT_SQL, _GRANTS_SQL])


class AccountBackend(ModelBackend):
    """Django's model backend, loading the session's account by ``load_for_request``."""

    def get_user(self, user_id: Any) -> User | None:
        user = load_for_request(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _known_user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first() if username else None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts exist only by invitation

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)  # rotates the session key
        request.session[AUTH_AT] = request.session[RENEWED_AT] = time.time()
        _count_sign_in_as_reauthentication(request)
        audit.record(verb="auth.login", actor=user)  # type: ignore[arg-type]

    def get_reauthentication_methods(self, user: Any) -> list[dict]:
        """Privileged actions ask for the second factor again, not the password alone (CJIS IA-11)."""
        methods = super().get_reauthentication_methods(user)
        second_factor = [m for m in methods if m["id"].startswith("mfa_")]
        return second_factor or methods

    def logout(self, request: HttpRequest) -> None:
        if request.user.is_authenticated:
            audit.record(verb="auth.logout", actor=request.user)
        super().logout(request)

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """Password change and reset both end here; the new password is never in the audit row."""
        with transaction.atomic():
            super().set_password(user, password)
            audit.record(verb="auth.password_changed", actor=user)  # type: ignore[arg-type]

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


def _count_sign_in_as_reauthentication(request: HttpRequest) -> None:
    """A sign-in that just passed both factors is as fresh as a re-authentication: privileged pages
    opened in the next few minutes need not ask again."""
    records = request.session.get("account_authentication_methods")
    if isinstance(records, list) and records:
        records[-1] = {**records[-1], "reauthenticated": True}
        request.session["account_authentication_methods"] = records


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, so lockouts count per account.

    A failed attempt passes allauth's credentials (``username``); a completed sign-in, whose last
    request is the second-factor step with no username in the form, passes axes' own (``login``).
    """
    for key in ("username", settings.AXES_USERNAME_FORM_FIELD):
        if credentials and credentials.get(key):
            return str(credentials[key])
    return str(request.POST.get(settings.AXES_USERNAME_FORM_FIELD, ""))


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
