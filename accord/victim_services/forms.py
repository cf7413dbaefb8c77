"""Forms for client records, screening, releases, compelled disclosures and break-glass."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from accord.core.models import Organization, Term, User
from accord.directory.models import LANGUAGES, ServiceCategory
from accord.victim_services.models import (
    DISCLOSURE_FIELDS,
    Client,
    ConsentRecord,
    DataCategory,
    DisclosureBasis,
    Goal,
    InstrumentVersion,
    Need,
    Option,
    RelatedPerson,
    Release,
    ServiceDelivery,
    break_glass_max_hours,
    is_client_staff,
    release_max_days,
)


def _f(form: forms.BaseForm, name: str) -> Any:
    """A form field, typed loosely: ModelChoiceField.queryset and friends are not on the base Field type."""
    return form.fields[name]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version the record was loaded at, for optimistic locking."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _terms(vocabulary: str) -> Any:
    return Term.objects.of(vocabulary).select_related("vocabulary")


def _categories() -> Any:
    return ServiceCategory.objects.filter(is_active=True)


class ClientForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    primary_language = forms.ChoiceField(
        choices=[("", "Not stated"), *LANGUAGES], required=False, label="Primary language"
    )

    class Meta:
        model = Client
        fields = [
            "legal_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "email",
            "safe_contact",
            "address",
            "intake_date",
            "referral_source",
            "age_band",
            "gender",
            "citizenship",
            "primary_language",
            "family",
            "trafficking_type",
            "trafficking_status",
            "status_decided_by",
            "status_decided_on",
            "polaris_type",
            "control_methods",
        ]
        widgets = {
            "date_of_birth": DATE,
            "intake_date": DATE,
            "status_decided_on": DATE,
            "safe_contact": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "control_methods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "referral_source").queryset = _terms("referral-source")
        _f(self, "polaris_type").queryset = _terms("polaris-type")
        _f(self, "control_methods").queryset = _terms("control-method")
        self.fields[
            "trafficking_status"
        ].help_text = "Decided by a person, never by a screen. Possible until someone decides otherwise."
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class CloseForm(VersionedForm):
    closed_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Closing date")
    reason = forms.ModelChoiceField(queryset=Term.objects.none(), label="Reason for closing")
    living_situation = forms.ModelChoiceField(queryset=Term.objects.none(), required=False)
    immigration_outcome = forms.ModelChoiceField(queryset=Term.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "reason").queryset = _terms("closure-reason")
        _f(self, "living_situation").queryset = _terms("living-situation")
        _f(self, "immigration_outcome").queryset = _terms("immigration-outcome")


class PersonForm(forms.ModelForm):
    class Meta:
        model = RelatedPerson
        fields = ["name", "relationship", "is_abuser"]


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["category", "identified_on", "status", "note"]
        widgets = {"identified_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"category": "Need"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "category").queryset = _categories()


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["description", "category", "target_date", "status"]
        widgets = {"target_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "category").queryset = _categories()


class ServiceForm(forms.ModelForm):
    class Meta:
        model = ServiceDelivery
        fields = ["delivered_on", "category", "provider", "units", "unit", "note"]
        widgets = {"delivered_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"category": "Service", "provider": "Provided by"}

    def __init__(self, *args: Any, organization: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "category").queryset = _categories()
        _f(self, "provider").queryset = Organization.objects.active()
        if organization is not None and not self.instance.pk:
            self.fields["provider"].initial = organization.pk


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Note")


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    file = forms.FileField(help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG or text.")


class ScreeningForm(forms.Form):
    """One radio group per question of the version; every question may be skipped."""

    administered_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the screen")

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.sections: list[tuple[Any, list[str]]] = []
        for section in version.sections.prefetch_related("questions__options"):
            names = []
            for question in section.questions.all():
                name = f"q_{question.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    help_text=question.help_text,
                    required=False,
                    choices=[(str(o.pk), o.label) for o in question.options.all()],
                    widget=forms.RadioSelect,
                )
                names.append(name)
            self.sections.append((section, names))

    def chosen_options(self) -> list[Option]:
        ids = [int(v) for k, v in self.cleaned_data.items() if k.startswith("q_") and v]
        return list(Option.objects.filter(pk__in=ids).select_related("question__section"))

    def section_fields(self) -> list[tuple[Any, list[Any]]]:
        return [(section, [self[name] for name in names]) for section, names in self.sections]


class ReleaseForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple, label="What may be shared"
    )
    form_file = forms.FileField(
        required=False, label="Signed form (PDF or photo)", help_text="Optional if the signed paper is on file."
    )

    class Meta:
        model = Release
        fields = [
            "recipient",
            "purpose",
            "categories",
            "grantor",
            "guardian",
            "minor_consents_alone",
            "signed_on",
            "expires_on",
            "consent_record",
            "consent_note",
        ]
        widgets = {
            "signed_on": DATE,
            "expires_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "consent_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.client = client
        _f(self, "recipient").queryset = Organization.objects.active().exclude(pk=client.organization_id)
        self.fields["recipient"].help_text = "One organization per release. Make a separate release for each."
        _f(self, "guardian").queryset = RelatedPerson.objects.filter(client=client)
        self.fields[
            "expires_on"
        ].help_text = f"Required: at most {release_max_days()} days after signing. Access stops at the end of this day."
        _f(self, "consent_record").choices = ConsentRecord.choices
        if not self.is_bound:
            self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=min(90, release_max_days()))


class RevokeForm(VersionedForm):
    note = forms.CharField(max_length=200, required=False, label="Note (optional)")


class DisclosureForm(forms.Form):
    basis = forms.ChoiceField(
        choices=DisclosureBasis.choices,
        widget=forms.RadioSelect,
        label="Legal basis",
        help_text=(
            "A subpoena is not a court order. In most states a subpoena alone does not compel a victim-service "
            "provider to release anything: ask your legal counsel before releasing information under one."
        ),
    )
    authority = forms.CharField(
        max_length=200,
        label="Court and case number, or statute",
        help_text="e.g. Cedar County Circuit Court 24-CV-118.",
    )
    received_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date received")
    recipient = forms.CharField(max_length=200, label="Released to")
    disclosed = forms.MultipleChoiceField(
        choices=DISCLOSURE_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        label="Fields the order or statute requires",
        help_text="Only these go out.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    order_file = forms.FileField(required=False, label="Copy of the order (PDF or image)")


class BreakGlassForm(forms.Form):
    grantee = forms.ModelChoiceField(queryset=User.objects.none(), label="Person who needs access")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this cannot wait for the client's consent. Reviewed afterwards.",
    )
    hours = forms.IntegerField(min_value=1, initial=4, label="For how many hours")

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True).select_related("organization").prefetch_related("role_grants")
        _f(self, "grantee").queryset = users
        _f(self, "grantee").label_from_instance = lambda u: f"{u} ({u.organization})"
        _f(self, "hours").max_value = break_glass_max_hours()
        self.fields["hours"].help_text = f"At most {break_glass_max_hours()} hours."
        self.client = client

    def clean_grantee(self) -> User:
        grantee: User = self.cleaned_data["grantee"]
        if is_client_staff(grantee, self.client.organization_id):
            raise forms.ValidationError("This person already works with the client's records.")
        return grantee

    def clean_hours(self) -> int:
        hours: int = self.cleaned_data["hours"]
        if hours > break_glass_max_hours():
            raise forms.ValidationError(f"At most {break_glass_max_hours()} hours.")
        return hours


class ReviewForm(forms.Form):
    review_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What the review found", help_text="Was the access justified?"
    )


class TaskDoneForm(forms.Form):
    outcome = forms.CharField(
        max_length=200, label="How the client was notified", help_text="Or why they could not be reached safely."
    )


class ClientSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Code or name")
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("", "All")], required=False, initial="open"
    )
