"""Referral forms: only non-identifying descriptors; identity travels only under a live release."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from accord.core.models import Organization, Term, User
from accord.directory.models import LANGUAGES, ServiceCategory
from accord.referrals.models import Outcome, Referral, State
from accord.victim_services.models import ServiceDelivery, is_client_staff
from accord.victim_services.queries import own_clients


def _f(form: forms.BaseForm, name: str) -> Any:
    """A form field, typed loosely: ModelChoiceField.queryset and friends are not on the base Field type."""
    return form.fields[name]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    language = forms.ChoiceField(choices=[("", "Not stated"), *LANGUAGES], required=False)

    class Meta:
        model = Referral
        fields = [
            "recipient",
            "need",
            "urgency",
            "age_band",
            "gender",
            "language",
            "family",
            "trafficking_type",
            "details",
            "client",
            "share_identity",
        ]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # the model's checks (not to oneself, own client) need the sender
            self.instance.sender = user.organization
            self.instance.sent_by = user
        _f(self, "recipient").queryset = Organization.objects.active().exclude(pk=user.organization_id or 0)
        self.fields["recipient"].help_text = "Any member organization. Use find help to choose one that fits the need."
        _f(self, "need").queryset = ServiceCategory.objects.filter(is_active=True)
        if is_client_staff(user):
            _f(self, "client").queryset = own_clients(user, status="open")
            _f(self, "client").label_from_instance = lambda c: c.code
            self.fields["client"].help_text = (
                "Optional: links the referral to your client record. The other organization sees nothing of it "
                "unless the client's live release lets it."
            )
        else:
            del self.fields["client"]
            del self.fields["share_identity"]
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class DeclineForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.ModelChoiceField(queryset=Term.objects.none(), label="Why you decline")
    note = forms.CharField(max_length=300, required=False, label="Anything the sender should know (no names)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _f(self, "reason").queryset = Term.objects.of("referral-decline-reason").select_related("vocabulary")


class CompleteForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices)
    delivered_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the service")
    units = forms.DecimalField(min_value=0.01, max_digits=7, decimal_places=2, initial=1)
    unit = forms.ChoiceField(choices=ServiceDelivery.Unit.choices, initial=ServiceDelivery.Unit.SESSIONS)
    note = forms.CharField(max_length=300, required=False, label="Outcome note (no names)")


class StepForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(max_length=300, required=False)


class ListFilter(forms.Form):
    box = forms.ChoiceField(
        choices=[("all", "Sent and received"), ("received", "Received"), ("sent", "Sent")], required=False
    )
    state = forms.ChoiceField(choices=[("", "Any state"), *State.choices], required=False)
