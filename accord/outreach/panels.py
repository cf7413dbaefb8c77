"""Home-page panels: expiring certifications (the person, their organization's admins, the coordinator and the
training committee), what awaits the training committee, and the person's own outreach follow-ups."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import User
from accord.outreach import access, queries

SHOWN = 6  # the soonest; the records page has the rest


def certifications_panel(user: User) -> Panel | None:
    expiring = list(queries.expiring_certifications(user)[: SHOWN + 1])
    if not expiring:
        return None
    total = len(expiring) if len(expiring) <= SHOWN else queries.expiring_certifications(user).count()
    return Panel(
        "Training certifications expiring",
        "outreach/panels/_certifications.html",
        {"certifications": expiring[:SHOWN], "more": total - min(total, SHOWN), "total": total},
        9,
    )


def approvals_panel(user: User) -> Panel | None:
    if not access.can_approve(user):
        return None
    pending = queries.pending_reviews()
    if not (pending["trainings"] or pending["versions"]):
        return None
    return Panel("Awaiting the training committee", "outreach/panels/_approvals.html", pending, 15)


def follow_ups_panel(user: User) -> Panel | None:
    follow_ups = queries.open_follow_ups_of(user)
    if not follow_ups:
        return None
    overdue = sum(1 for f in follow_ups if f.is_overdue)
    return Panel(
        "Your outreach follow-ups",
        "outreach/panels/_follow_ups.html",
        {"follow_ups": follow_ups, "overdue": overdue},
        13,
    )
