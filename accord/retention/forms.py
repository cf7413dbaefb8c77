from __future__ import annotations

from django import forms

from accord.core.models import Organization
from accord.retention.actions import HOLD_KINDS
from accord.retention.models import RecordClass, RetentionRule


class RuleForm(forms.ModelForm[RetentionRule]):
    class Meta:
        model = RetentionRule
        fields = ["period_days", "enabled"]


class HoldForm(forms.Form):
    scope = forms.ChoiceField(
        label="What to hold",
        choices=[("class", "A whole record class"), *((k, spec.label) for k, spec in HOLD_KINDS.items())],
    )
    record_class = forms.ChoiceField(
        label="Record class", choices=[("", "—"), *RecordClass.choices], required=False, help_text="For a whole class."
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), required=False, help_text="For one record: whose it is."
    )
    reference = forms.CharField(
        max_length=60, required=False, help_text="For one record: the client code, case number or record number."
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The matter, order or request behind the hold. No names of people.",
    )
