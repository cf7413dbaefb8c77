"""The main menu, grouped by the four function areas of the task-force Roadmap.

Apps add their pages with ``register(...)`` in AppConfig.ready(); a link shows only to people
whose role admits its page, so nobody is offered a page that would refuse them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from accord.core.policy import ACCESS_REVIEWERS, AUDITOR, COORDINATOR, SIGNED_IN, USER_ADMINS, Rule


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
    where = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    for key, title in FUNCTION_AREAS:
        links = [
            {"label": link.label, "url": _url(link.url_name, *where)}
            for link in MENU[key]
            if link.access_rule.permits(user)
        ]
        if links:
            groups.append({"key": key, "title": title, "links": links})
    return groups


@cache
def _url(url_name: str, script_prefix: str, urlconf: str) -> str:
    """A menu link's address: the same on every page, so reversed once (a page's menu is dozens of links)."""
    return reverse(url_name, urlconf=urlconf)


register("foundations", "Member organizations", "core:organization_list", SIGNED_IN)
register("administration", "People and accounts", "core:people_list", USER_ADMINS)
register("administration", "Access review", "core:access_review", ACCESS_REVIEWERS)
register("administration", "Task-force settings", "core:task_force_settings", COORDINATOR)
register("administration", "Vocabularies", "core:vocabulary_list", COORDINATOR)
register("administration", "Audit trail", "core:audit_list", AUDITOR)
