"""Home-page panels: notify-the-victim tasks, break-glass reviews, clients shared with the user's organization."""

from __future__ import annotations

from django.utils import timezone

from accord.core.home import Panel
from accord.core.models import User
from accord.victim_services import queries


def notification_panel(user: User) -> Panel | None:
    tasks = list(queries.open_tasks(user)[:20])
    if not tasks:
        return None
    return Panel(
        "Tell clients about a compelled disclosure",
        "victim_services/panels/_notifications.html",
        {"tasks": tasks, "today": timezone.localdate()},
        order=6,
    )


def break_glass_panel(user: User) -> Panel | None:
    count = queries.grants_to_review(user).filter(reviewed_at__isnull=True).count()
    if not count:
        return None
    return Panel("Emergency access to review", "victim_services/panels/_break_glass.html", {"count": count}, order=7)


def shared_panel(user: User) -> Panel | None:
    releases = list(queries.shared_with(user)[:10])
    grants = list(queries.live_grants_for(user)[:10])
    if not releases and not grants:
        return None
    return Panel(
        "Clients shared with you",
        "victim_services/panels/_shared.html",
        {"releases": releases, "grants": grants},
        order=30,
    )
