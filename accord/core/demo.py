"""The demo task force's known accounts, and how a demo user passes the second factor.

Demo accounts share one published password and have authenticator secrets derived from their
usernames, so the demo login page (and the browser tests) can show or compute the current code.
None of this is reachable outside demo mode.
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from accord.core.crypto import decrypt

DEMO_PASSWORD = "accord-demo-2026"  # noqa: S105 (published on purpose: synthetic demo data only)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("coordinator", "task-force coordinator: governance, accounts, settings"),
    DemoAccount("auditor", "auditor: reads the audit trail, changes nothing"),
    DemoAccount("investigator", "investigator, Riverside Police Department (law enforcement)"),
    DemoAccount("supervisor", "supervisor and administrator, Riverside Police Department"),
    DemoAccount("analyst", "analyst, State Bureau of Investigation"),
    DemoAccount("prosecutor", "prosecutor, Cedar County District Attorney"),
    DemoAccount("ausa", "Assistant U.S. Attorney, United States Attorney's Office, Eastern District"),
    DemoAccount("advocate", "advocate, Harbor House (victim services)"),
    DemoAccount("vspadmin", "administrator, Harbor House (victim services)"),
    DemoAccount("member", "member, Legal Aid of the Valley (partner)"),
]


def totp_secret_for(username: str) -> str:
    digest = hashlib.sha256(f"accord-demo-totp:{username}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def totp_code(secret: str, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int((at or time.time()) // 30)))


def current_totp_code(user: Any) -> str | None:
    from accord.core.auth import MFA_SECRET_CONTEXT

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return totp_code(decrypt(authenticator.data["secret"], context=MFA_SECRET_CONTEXT))
