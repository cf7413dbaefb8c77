"""The home-page panel that asks an organization's administrator to confirm stale capacity."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import Role, User
from accord.directory import queries


def capacity_panel(user: User) -> Panel | None:
    if not user.has_role(Role.ORG_ADMIN):
        return None
    offerings = queries.offerings_to_confirm(user)
    if not offerings:
        return None
    return Panel("Confirm your capacity", "directory/panels/_capacity.html", {"offerings": offerings}, order=15)
