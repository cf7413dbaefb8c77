from __future__ import annotations

from typing import Any

from django import forms, template
from django.conf import settings
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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
    if type(widget) is forms.Select:
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field: BoundField, attrs: dict[str, Any]) -> SafeString:
    """A plain <select> built in Python: the same markup as Django's template, a fraction of the time.

    Django renders each <option> through a template and builds a dict of attributes per option
    first; a county list of 250 options then costs more than the page's queries. A plain ``Select``
    gives its options no attributes but ``selected`` (the first option whose value is chosen).
    """
    widget = field.field.widget
    final = widget.build_attrs(widget.attrs, attrs)
    if field.auto_id and "id" not in final:
        final["id"] = field.auto_id
    if field.field.required and field.form.use_required_attribute:
        final["required"] = True
    chosen = set(widget.format_value(field.value()))
    found = False

    def option(value: Any, label: Any) -> SafeString:
        nonlocal found
        selected = not found and str(value) in chosen
        found |= selected
        return format_html('<option value="{}"{}>{}</option>', value, " selected" if selected else "", label)

    def options(group: Any) -> SafeString:
        return format_html_join("", "{}", ((option(value, label),) for value, label in group))

    parts = [
        format_html('<optgroup label="{}">{}</optgroup>', value, options(label))
        if isinstance(label, list | tuple)
        else option("" if value is None else value, label)
        for value, label in widget.choices
    ]
    body = format_html_join("", "{}", ((part,) for part in parts))
    return format_html('<select name="{}"{}>{}</select>', field.html_name, flatatt(final), body)


@register.simple_tag
def demo_totp_code(user: Any) -> str:
    """In demo mode only: the code a demo account's authenticator app would show now."""
    if not settings.DEMO or user is None:
        return ""
    from accord.core.demo import current_totp_code

    return current_totp_code(user) or ""
