"""The home page: what needs this person's attention today.

Each app contributes panels by appending a function to PANELS in its AppConfig.ready();
a panel function returns None when it has nothing for this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator

from accord.core import queries
from accord.core.models import Role, User


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


PanelSource = Callable[[User], "Panel | None"]
PANELS: list[PanelSource] = []


def panels_for(user: Any) -> list[Panel]:
    found = [panel for source in PANELS if (panel := source(user)) is not None]
    return sorted(found, key=lambda p: p.order)


def account_panel(user: User) -> Panel | None:
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    left = len(codes.wrap().get_unused_codes()) if codes else 0
    return Panel("Your account", "core/panels/_account.html", {"codes_left": left}, order=90)


def accounts_panel(user: User) -> Panel | None:
    if not user.has_role(Role.COORDINATOR, Role.ORG_ADMIN):
        return None
    return Panel(
        "Accounts that need you",
        "core/panels/_accounts.html",
        queries.accounts_needing_attention(user),
        order=10,
    )


def security_panel(user: User) -> Panel | None:
    if not user.has_role(Role.AUDITOR):
        return None
    return Panel(
        "Security events, last 7 days",
        "core/panels/_security.html",
        {"summary": queries.security_summary()},
        order=5,
    )


PANELS.extend([accounts_panel, security_panel, account_panel])
