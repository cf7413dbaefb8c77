"""The main menu, grouped by the four function areas of the task-force Roadmap.

Apps add their pages with ``register(...)`` in AppConfig.ready(); a link shows only to people
whose role admits its page, so nobody is offered a page that would refuse them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from accord.core.policy import AUDITOR, COORDINATOR, SIGNED_IN, USER_ADMINS, Rule


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    access_rule: Rule


FUNCTION_AREAS = [
    ("foundations", "Foundations & collaboration"),
    ("cases", "Case operations"),
    ("data", "Data & assessment"),
    ("engagement", "Engagement & training"),
    ("administration", "Administration"),
]
MENU: dict[str, list[Link]] = {key: [] for key, _ in FUNCTION_AREAS}


def register(area: str, label: str, url_name: str, access_rule: Rule) -> None:
    MENU[area].append(Link(label, url_name, access_rule))


def navigation_for(user: Any) -> list[dict[str, Any]]:
    groups = []
    for key, title in FUNCTION_AREAS:
        links = [
            {"label": link.label, "url": reverse(link.url_name)} for link in MENU[key] if link.access_rule.permits(user)
        ]
        if links:
            groups.append({"key": key, "title": title, "links": links})
    return groups


register("foundations", "Member organizations", "core:organization_list", SIGNED_IN)
register("administration", "People and accounts", "core:people_list", USER_ADMINS)
register("administration", "Task-force settings", "core:task_force_settings", COORDINATOR)
register("administration", "Vocabularies", "core:vocabulary_list", COORDINATOR)
register("administration", "Audit trail", "core:audit_list", AUDITOR)
