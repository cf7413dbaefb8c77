from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES = {"select": "usa-select", "selectmultiple": "usa-select", "textarea": "usa-textarea"}


@register.filter
def uswds_widget(field: BoundField) -> SafeString:
    """Render a form widget with the USWDS class and its hint and error wired to it for screen readers."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    css = WIDGET_CLASSES.get(kind, "usa-input")
    attrs: dict[str, Any] = {"class": css + (" usa-input--error" if field.errors else "")}
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def demo_totp_code(user: Any) -> str:
    """In demo mode only: the code a demo account's authenticator app would show now."""
    if not settings.DEMO or user is None:
        return ""
    from accord.core.demo import current_totp_code

    return current_totp_code(user) or ""
