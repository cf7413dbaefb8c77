"""Home-page panel: referrals waiting on this organization, and stale ones it sent."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import User
from accord.referrals import queries
from accord.referrals.access import REFERRERS


def referrals_panel(user: User) -> Panel | None:
    if not REFERRERS.permits(user):
        return None
    data = queries.waiting_on(user)
    if not any(data.values()):
        return None
    return Panel("Referrals", "referrals/panels/_waiting.html", data, order=8)
