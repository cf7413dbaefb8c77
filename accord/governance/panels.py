"""Home-page panels: your action items (everyone), reminders and the formation path (the coordinator)."""

from __future__ import annotations

from accord.core.home import Panel
from accord.core.models import User
from accord.governance import access, queries


def action_items_panel(user: User) -> Panel | None:
    items = queries.open_action_items_of(user)
    if not items:
        return None
    overdue = sum(1 for item in items if item.is_overdue)
    return Panel("Your action items", "governance/panels/_action_items.html", {"items": items, "overdue": overdue}, 12)


def reminders_panel(user: User) -> Panel | None:
    if not access.is_coordinator(user):
        return None
    reminders = queries.pending_reminders()
    if not reminders:
        return None
    return Panel("Agreement and funding reminders", "governance/panels/_reminders.html", {"reminders": reminders}, 8)


def formation_panel(user: User) -> Panel | None:
    """Shown to the coordinator of a new task force until every step of the formation path is done."""
    if not access.is_coordinator(user):
        return None
    steps = queries.formation_steps()
    open_steps = [s for s in steps if not s.is_done]
    if not open_steps:
        return None
    return Panel(
        "Forming the task force",
        "governance/panels/_formation.html",
        {"open_steps": open_steps, "done": len(steps) - len(open_steps), "total": len(steps)},
        20,
    )
