"""add_errors puts an action's refusal where the person will see it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accord.core.forms import add_errors, attempt


class Form(forms.Form):
    name = forms.CharField()


def test_a_named_field_gets_its_message_and_the_rest_go_on_top():
    form = Form({"name": "x"})
    assert form.is_valid()
    add_errors(form, ValidationError({"name": "Taken.", "elsewhere": "Not on this form."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not on this form."]


def test_a_plain_refusal_goes_on_top_and_attempt_reports_it():
    form = Form({"name": "x"})
    assert form.is_valid()

    def refuse() -> None:
        raise ValidationError("Not now.")

    assert attempt(form, refuse) is False
    assert form.non_field_errors() == ["Not now."]
    assert attempt(Form({"name": "y"}), lambda: None) is True
