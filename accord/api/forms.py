from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from accord.api.models import Event, max_token_days
from accord.api.scopes import Scope


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What it is for, e.g. “RMS nightly sync”.")
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, help_text="Give it only what the system needs."
    )
    days = forms.IntegerField(
        label="Expires after (days)", min_value=1, initial=30, help_text="It stops working after this many days."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = max_token_days()
        field.validators.append(forms.IntegerField(max_value=max_token_days()).validators[-1])
        field.help_text = f"At most {max_token_days()} days. It stops working after that."

    def expires_at(self) -> Any:
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="Address", max_length=500, assume_scheme="https", help_text="An https address on your system."
    )
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
