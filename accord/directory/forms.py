"""Forms for profiles, contacts, offerings, the taxonomy, find help and imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accord.directory.matching import Need
from accord.directory.models import (
    LANGUAGES,
    Area,
    Availability,
    Citizenship,
    Contact,
    DirectoryProfile,
    Gender,
    Offering,
    ServiceCategory,
    Situation,
    TraffickingType,
)
from accord.directory.phones import normalize_phone

Checkboxes = forms.CheckboxSelectMultiple


class PhoneField(forms.CharField):
    """Accepts any usual way of writing a number; cleans to E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return normalize_phone(super().clean(value))


def _areas_field(**kwargs: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(queryset=Area.objects.all(), widget=Checkboxes, **kwargs)


class ProfileForm(forms.ModelForm):
    areas = _areas_field(required=False, label="Counties and areas served")
    main_phone = PhoneField(label="Main phone")
    hotline = PhoneField(label="24/7 number", help_text="A number answered around the clock, if you have one.")
    languages = forms.MultipleChoiceField(
        choices=LANGUAGES, widget=Checkboxes, required=False, label="Languages staff speak"
    )
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = DirectoryProfile
        fields = [
            "description",
            "areas",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "main_phone",
            "hotline",
            "website",
            "email",
            "languages",
            "mou_status",
            "mou_note",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    phone = PhoneField()
    call_first_for = forms.MultipleChoiceField(
        choices=Situation.choices,
        widget=Checkboxes,
        required=False,
        label="Call this person first for",
        help_text="Each kind of situation has one first call; choosing it here takes it from any other contact.",
    )

    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email", "availability", "ht_trained", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["call_first_for"].initial = [fc.situation for fc in self.instance.first_calls.all()]


class OfferingForm(forms.ModelForm):
    areas = _areas_field(label="Counties and areas served")
    genders = forms.MultipleChoiceField(choices=Gender.choices, widget=Checkboxes, label="Genders served")
    trafficking_types = forms.MultipleChoiceField(
        choices=TraffickingType.choices, widget=Checkboxes, label="Survivors of"
    )
    citizenship = forms.MultipleChoiceField(
        choices=Citizenship.choices, widget=Checkboxes, label="Citizenship and immigration status served"
    )
    languages = forms.MultipleChoiceField(choices=LANGUAGES, widget=Checkboxes, label="Languages staff speak")

    class Meta:
        model = Offering
        fields = [
            "category",
            "name",
            "description",
            "areas",
            "genders",
            "min_age",
            "max_age",
            "minors",
            "families",
            "trafficking_types",
            "citizenship",
            "languages",
            "interpretation",
            "disability_access",
            "lgbtq_affirming",
            "cost",
            "open_24_7",
            "hours",
            "capacity_unit",
            "capacity_total",
            "available_units",
            "availability",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = ServiceCategory.objects.filter(is_active=True)
        if self.instance.pk:
            categories = ServiceCategory.objects.filter(is_active=True) | ServiceCategory.objects.filter(
                pk=self.instance.category_id
            )
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["genders"].initial = Gender.values
            self.fields["trafficking_types"].initial = TraffickingType.values
            self.fields["citizenship"].initial = Citizenship.values
            self.fields["languages"].initial = ["en"]


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(choices=Availability.choices)
    available_units = forms.IntegerField(min_value=0, max_value=100000, required=False)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ServiceCategory
        fields = ["name", "code", "group", "description", "capacity_unit", "sort_order", "is_active"]


NOT_STATED = ("", "Not stated")
PERSON_CITIZENSHIP = [
    NOT_STATED,
    (Citizenship.US_CITIZEN.value, "U.S. citizen"),
    (Citizenship.PERMANENT_RESIDENT.value, "Lawful permanent resident"),
    (Citizenship.FOREIGN_WITH_STATUS.value, "Foreign national with status or certification"),
    (Citizenship.FOREIGN_WITHOUT_STATUS.value, "Foreign national without status"),
]


class FindHelpForm(forms.Form):
    """Only non-identifying facts about the person; nothing here is stored."""

    service = forms.ModelChoiceField(
        queryset=ServiceCategory.objects.filter(is_active=True).only("name"),
        label="Service needed",
        empty_label="Choose a service",
    )
    county = forms.ModelChoiceField(
        queryset=Area.objects.exclude(kind=Area.Kind.STATEWIDE).only("name", "kind"),
        required=False,
        label="County",
        empty_label="Any county",
    )
    age = forms.IntegerField(
        min_value=0,
        max_value=120,
        required=False,
        label="Age",
        help_text="An estimate is fine. Leave empty if unknown.",
    )
    gender = forms.ChoiceField(
        choices=[
            NOT_STATED,
            ("women", "Woman"),
            ("men", "Man"),
            ("transgender_nonbinary", "Transgender or non-binary"),
        ],
        required=False,
    )
    language = forms.ChoiceField(choices=[NOT_STATED, *LANGUAGES], required=False, label="Language needed")
    with_children = forms.BooleanField(required=False, label="Has children with them")
    trafficking_type = forms.ChoiceField(
        choices=[NOT_STATED, ("sex", "Sex trafficking"), ("labor", "Labor trafficking"), ("both", "Both")],
        required=False,
        label="Type of trafficking",
    )
    citizenship = forms.ChoiceField(
        choices=PERSON_CITIZENSHIP, required=False, label="Citizenship or immigration status"
    )
    tonight = forms.BooleanField(required=False, label="Needed tonight")

    def need(self) -> Need:
        data = self.cleaned_data
        return Need(
            category=data["service"],
            area=data.get("county"),
            age=data.get("age"),
            gender=data.get("gender") or "",
            language=data.get("language") or "",
            with_children=bool(data.get("with_children")),
            trafficking_type=data.get("trafficking_type") or "",
            citizenship=data.get("citizenship") or "",
            tonight=bool(data.get("tonight")),
        )


class ImportForm(forms.Form):
    file = forms.FileField(label="Spreadsheet (CSV or XLSX)", help_text="At most 5 MB.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError("The file is larger than 5 MB.")
        return upload
