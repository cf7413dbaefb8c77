from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from accord.directory.phones import display_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+12175550123 → (217) 555-0123."""
    return display_phone(value)


@register.filter
def days_ago(value: datetime | None) -> str:
    if not value:
        return "never"
    days = (timezone.now() - value).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
