"""Home-page panel: open rounds and network surveys that await this person's answer."""

from __future__ import annotations

from accord.assessment import access, queries
from accord.core.home import Panel
from accord.core.models import User


def awaiting_panel(user: User) -> Panel | None:
    if not access.can_respond(user):
        return None
    rounds = queries.open_rounds_awaiting(user)
    surveys = queries.surveys_awaiting(user)
    if not (rounds or surveys):
        return None
    return Panel("Assessments awaiting your answer", "assessment/panels/_awaiting.html", {
        "rounds": rounds, "surveys": surveys
    }, 12)  # fmt: skip
