"""Forms for deconfliction. Choices are narrowed to the user's own open investigations; actions give the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accord.core.forms import DeferredModelChoiceField
from accord.core.models import User
from accord.deconfliction.models import Kind, OperationKind, Settings, Target
from accord.investigations.models import Investigation, Status
from accord.investigations.queries import own_open_investigation

PURPOSE_HELP = "Why you are checking, for the audit trail. For example: lead follow-up, pre-operation check."


class InvestigationChoice(DeferredModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.case_number}{f' ({obj.name})' if obj.name else ''}"


class PersonChoice(DeferredModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.value} (case {obj.investigation.case_number})"


def _own_open_investigations(user: User) -> Any:
    return (
        Investigation.objects.filter(owner_id=user.organization_id)
        .exclude(status=Status.CLOSED)
        .order_by("case_number")
    )


def _offer_own_open_investigations(field: Any, user: User) -> None:
    field.make_queryset = lambda: _own_open_investigations(user)
    field.lookup = lambda pk: own_open_investigation(user.organization_id, pk)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TargetForm(forms.Form):
    investigation = InvestigationChoice(empty_label="Choose an investigation")
    kind = forms.ChoiceField(label="What it is", choices=[("", "Choose a kind"), *Kind.choices])
    value = forms.CharField(
        label="Name or identifier",
        max_length=300,
        help_text="A person's full name, a phone number, e-mail, street address, plate, handle, ad ID or URL, "
        "or a business name. Typed any way: it is normalized before matching.",
    )
    aliases = forms.CharField(
        label="Other names (people)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line: street names, maiden names, other spellings.",
    )
    date_of_birth = forms.DateField(label="Date of birth (people)", required=False, widget=DateInput())
    state = forms.CharField(label="Plate state (vehicles)", max_length=20, required=False, help_text="e.g. TX")
    platform = forms.CharField(
        label="Platform (handles)", max_length=40, required=False, help_text="e.g. Instagram, Telegram, Cash App"
    )
    person = PersonChoice(
        required=False,
        label="Belongs to",
        empty_label="No one in particular",
        help_text="Link this identifier to a person already entered in the same investigation.",
    )
    purpose = forms.CharField(max_length=200, help_text=PURPOSE_HELP)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_own_open_investigations(self.fields["investigation"], user)
        self.fields["person"].make_queryset = lambda: (  # type: ignore[attr-defined]
            Target.objects.active()
            .filter(kind=Kind.PERSON, investigation__in=_own_open_investigations(user))
            .select_related("investigation")
        )

    def clean_date_of_birth(self) -> str:
        born: date | None = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future.")
        return born.isoformat() if born else ""


class RemoveForm(forms.Form):
    reason = forms.CharField(max_length=200, help_text="Why it no longer needs deconflicting (audited).")


class OperationForm(forms.Form):
    investigation = InvestigationChoice(empty_label="Choose an investigation")
    kind = forms.ChoiceField(label="Kind of operation", choices=[("", "Choose a kind"), *OperationKind.choices])
    starts_at = forms.DateTimeField(label="Starts", widget=DateTimeInput())
    ends_at = forms.DateTimeField(label="Ends", widget=DateTimeInput())
    place = forms.CharField(max_length=300, help_text="Address or description of the place.")
    latitude = forms.CharField(max_length=20, help_text="Decimal degrees from your CAD or map, e.g. 30.2672")
    longitude = forms.CharField(max_length=20, help_text="Decimal degrees, e.g. -97.7431")
    purpose = forms.CharField(max_length=200, help_text=PURPOSE_HELP)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_own_open_investigations(self.fields["investigation"], user)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only your agency sees this note.",
    )


class LinkChartForm(forms.Form):
    investigation = InvestigationChoice(required=False, empty_label="All investigations I may see")
    purpose = forms.CharField(max_length=200, help_text=PURPOSE_HELP)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigation"].make_queryset = lambda: (  # type: ignore[attr-defined]
            Investigation.objects.visible_to(user).order_by("case_number")
        )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Settings
        fields = ["match_threshold", "possible_threshold", "operation_distance_km"]
