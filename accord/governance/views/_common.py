"""What the governance views share: the edit page and turning an action's refusal into form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def attempt(form: forms.BaseForm, act: Callable[[], Any]) -> bool:
    """Run ``act`` (an action); on ValidationError put its messages on the form and report failure."""
    try:
        act()
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    cancel: str,
    multipart: bool = False,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "crumbs": crumbs, "cancel": cancel, "multipart": multipart, "intro": intro},
        status=status,
    )
