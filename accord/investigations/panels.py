"""The home-page panel for case staff: open investigations, tasks, relief and referrals awaiting them."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import User
from accord.investigations import queries


def investigations_panel(user: User) -> Panel | None:
    summary = queries.panel_summary(user)
    if summary is None:
        return None
    return Panel("Investigations", "investigations/panels/_investigations.html", summary, order=20)
