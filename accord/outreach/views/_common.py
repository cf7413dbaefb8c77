"""What the outreach views share: breadcrumbs, the edit page, list filters and single-event .ics downloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accord.core import calendar
from accord.core import forms as core_forms
from accord.core.calendar import CalendarEntry
from accord.core.forms import add_errors, attempt

__all__ = ["add_errors", "attempt", "choice", "crumbs", "form_page", "ics_response", "page_query"]


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Engagement and training", reverse("outreach:index")), *extra]


def choice(request: HttpRequest, name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """A GET parameter if it is one of ``allowed``, else empty (filters never trust the address bar)."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def page_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def form_page(request: HttpRequest, form: forms.BaseForm, *, trail: list[tuple[str, str]], **page: Any) -> HttpResponse:
    """The edit page with outreach's styles; ``page`` as for ``accord.core.forms.form_page``."""
    return core_forms.form_page(request, form, crumbs=trail, **{"template": "outreach/form.html", **page})


def ics_response(entry: CalendarEntry, request: HttpRequest, filename: str) -> HttpResponse:
    """One event as an .ics file, built by the same code as everyone's calendar feed."""
    body = calendar.render([entry], name=entry.title, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
