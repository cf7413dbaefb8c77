"""Home-page panel: the in-app notice of conflicts waiting on this agency."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import User
from accord.deconfliction import queries
from accord.deconfliction.actions import can_deconflict


def hits_panel(user: User) -> Panel | None:
    if not can_deconflict(user):
        return None
    count = queries.open_hit_count(user)
    if not count:
        return None
    unseen = queries.hits_for(user, open_only=True).filter(sides__organization_id=user.organization_id or 0,
                                                          sides__seen_at__isnull=True).count()  # fmt: skip
    return Panel("Deconfliction", "deconfliction/panels/_hits.html", {"count": count, "unseen": unseen}, order=3)
