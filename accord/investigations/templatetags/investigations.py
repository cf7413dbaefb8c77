from __future__ import annotations

from django import template

from accord.investigations.models import Stage

register = template.Library()


@register.filter
def stage_label(value: str) -> str:
    """The plain-language name of a legal stage code."""
    return Stage(value).label if value in Stage.values else ""
