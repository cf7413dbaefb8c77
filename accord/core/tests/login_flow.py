"""Signing in the way a person does: the login page (with the notice), then the authenticator code.

Unlike ``accord.core.testing.sign_in`` (which forces a session), these helpers go through
django-allauth, django-axes and Accord's middleware, so tests of authentication test the real thing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import time_machine
from django.http import HttpResponse
from django.test import Client

from accord.core.models import AuditEvent
from accord.core.testing import PASSWORD, totp_now

LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"
MFA_SETUP_URL = "/accounts/2fa/totp/activate/"
LOGOUT_URL = "/accounts/logout/"
REAUTH_URL = "/accounts/reauthenticate/"
HOME_URL = "/"

# The start of a TOTP period. Tests that sign in run from here with the clock ticking, so a code
# computed in the test cannot go stale before the server checks it (allauth allows no tolerance);
# tests that move the clock freeze it here and shift it.
START = datetime(2030, 3, 4, 9, 0, 0, tzinfo=UTC)


def clock_at_start_of_a_code_period() -> time_machine.travel:
    return time_machine.travel(START, tick=True)


def submit_password(
    client: Client, username: str, password: str = PASSWORD, *, acknowledge: bool = True, **extra: Any
) -> HttpResponse:
    """The first step: username, password and (unless told otherwise) the notice acknowledged."""
    data = {"login": username, "password": password}
    if acknowledge:
        data["acknowledge"] = "on"
    return client.post(LOGIN_URL, data, **extra)  # type: ignore[return-value]


def submit_code(client: Client, code: str) -> HttpResponse:
    """The second step: the authenticator app's code."""
    return client.post(MFA_URL, {"code": code})  # type: ignore[return-value]


def sign_in_with_both_factors(client: Client, username: str, password: str = PASSWORD) -> Client:
    """Password, then the current TOTP code; fails the test if either step is refused."""
    response = submit_password(client, username, password)
    assert response.status_code == 302 and response["Location"] == MFA_URL, "password step refused"
    response = submit_code(client, totp_now(username))
    assert response.status_code == 302 and response["Location"] == HOME_URL, "code step refused"
    return client


def confirm_password(client: Client, password: str = PASSWORD) -> None:
    """Re-enter the password, as privileged pages ask (allauth's reauthentication)."""
    response = client.post(REAUTH_URL, {"password": password})
    assert response.status_code == 302, "reauthentication refused"


def sent_to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def session_key(client: Client) -> str:
    return client.cookies["sessionid"].value


def client_with_session(key: str) -> Client:
    """A fresh browser that presents someone's (perhaps old) session cookie."""
    client = Client()
    client.cookies["sessionid"] = key
    return client


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("id"))
