"""Outreach forms. Rules are the actions' job; forms parse input and offer sensible choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from accord.core.models import Organization, Term
from accord.governance.forms import DATE, DATETIME, PersonChoiceField, active_people
from accord.outreach.actions import TrainerLine
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    TOPIC_VOCABULARY,
    Certification,
    CommunityPartner,
    Engagement,
    FollowUp,
    GlossaryTerm,
    Material,
    OutreachEvent,
    PartnerContact,
    RequiredTraining,
    ReviewStatus,
    Training,
)

COUNT_PREFIX = "count_"
MULTIPLE_HINT = "Hold Ctrl (Command on a Mac) to choose several."


def _set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def usable_materials(current: Any = None) -> Any:
    """Materials with an approved version that are not retired, plus those already chosen."""
    approved = Q(is_retired=False, versions__status=ReviewStatus.APPROVED)
    if current is not None and current.pk:
        approved |= Q(pk__in=current.materials.values("pk"))
    return Material.objects.filter(approved).distinct().order_by("title")


def parse_trainers(text: str) -> list[TrainerLine]:
    """One trainer per line, "name, organization": a member organization's name (or short name) is linked."""
    organizations: dict[str, Organization] = {}
    for o in Organization.objects.all():
        organizations[o.name.lower()] = o
        if o.short_name:
            organizations.setdefault(o.short_name.lower(), o)
    lines = []
    for raw in text.splitlines():
        name, _, where = (part.strip() for part in raw.partition(","))
        if not name:
            continue
        organization = organizations.get(where.lower()) if where else None
        lines.append(TrainerLine(name[:150], organization, "" if organization else where[:200]))
    return lines


class TrainingForm(forms.ModelForm):
    trainers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line: name, organization (e.g. “Dana Cruz, Harbor House”).",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Term.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    materials = forms.ModelMultipleChoiceField(
        queryset=Material.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Materials used",
        help_text="Only materials the training committee approved.",
    )

    class Meta:
        model = Training
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "format",
            "location",
            "session_type",
            "sign_in",
            "certifies",
            "description",
            "topics",
            "trainers",
            "materials",
            "total_attendees",
            "max_score",
            "pre_test_on",
            "post_test_on",
            "feedback",
            "satisfaction",
            "feedback_responses",
            "is_cancelled",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "pre_test_on": DATE,
            "post_test_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "topics", Term.objects.of(TOPIC_VOCABULARY))
        _set_queryset(self, "materials", usable_materials(self.instance))
        _set_queryset(self, "certifies", RequiredTraining.objects.filter(is_active=True))
        self.disciplines = list(Term.objects.of(AUDIENCE_VOCABULARY))
        current: dict[int, int] = {}
        if self.instance.pk:
            current = dict(self.instance.audience_counts.values_list("discipline_id", "attendees"))
            self.fields["trainers"].initial = "\n".join(
                str(t) for t in self.instance.trainers.select_related("organization")
            )
        for term in self.disciplines:
            self.fields[COUNT_PREFIX + term.code] = forms.IntegerField(
                label=term.label, required=False, min_value=0, initial=current.get(term.pk)
            )

    GROUPS = [
        (
            "The training",
            ["title", "starts_at", "ends_at", "format", "location", "session_type", "sign_in", "certifies"],
        ),
        ("What it covered", ["description", "topics", "trainers", "materials"]),
        ("Pre- and post-tests", ["max_score", "pre_test_on", "post_test_on"]),
        ("Feedback", ["feedback", "satisfaction", "feedback_responses", "is_cancelled"]),
    ]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def count_fields(self) -> list[forms.BoundField]:
        return [self[COUNT_PREFIX + term.code] for term in self.disciplines]

    def audience_counts(self) -> dict[Term, int]:
        return {term: self.cleaned_data.get(COUNT_PREFIX + term.code) or 0 for term in self.disciplines}

    def trainer_lines(self) -> list[TrainerLine]:
        return parse_trainers(self.cleaned_data.get("trainers", ""))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return for changes")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        max_length=300, required=False, label="Note", help_text="Required when returning it: say what should change."
    )


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(label="Attendance sheet (CSV or XLSX)", help_text="At most 5 MB.")


class RequiredTrainingForm(forms.ModelForm):
    class Meta:
        model = RequiredTraining
        fields = ["name", "description", "valid_for_months", "required_for_network", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CertificationForm(forms.ModelForm):
    person = PersonChoiceField(queryset=Organization.objects.none())

    class Meta:
        model = Certification
        fields = ["person", "required_training", "completed_on", "expires_on", "note"]
        widgets = {"completed_on": DATE, "expires_on": DATE}
        help_texts = {"expires_on": "Leave empty to count from the training's validity."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "person", active_people().order_by("organization__name", "last_name"))
        _set_queryset(self, "required_training", RequiredTraining.objects.filter(is_active=True))


class NetworkGrantForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", Organization.objects.active().exclude(referral_network__status="active"))


class NetworkWithdrawForm(forms.Form):
    note = forms.CharField(max_length=300, label="Why it leaves the network")


class EventForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=CommunityPartner.objects.none(), required=False, label="Community partners", help_text=MULTIPLE_HINT
    )
    member_organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), required=False, help_text=MULTIPLE_HINT
    )
    materials = forms.ModelMultipleChoiceField(
        queryset=Material.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Materials distributed",
        help_text="Only materials the training committee approved.",
    )

    class Meta:
        model = OutreachEvent
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "audience",
            "reach",
            "partners",
            "member_organizations",
            "materials",
            "items_distributed",
            "notes",
            "is_cancelled",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "audience", Term.objects.of(AUDIENCE_VOCABULARY))
        current = Q(pk__in=self.instance.partners.values("pk")) if self.instance.pk else Q(pk__in=[])
        _set_queryset(self, "partners", CommunityPartner.objects.filter(Q(is_active=True) | current))
        _set_queryset(self, "member_organizations", Organization.objects.all())
        _set_queryset(self, "materials", usable_materials(self.instance))


class FollowUpForm(forms.ModelForm):
    owner = PersonChoiceField(queryset=Organization.objects.none())

    class Meta:
        model = FollowUp
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner", active_people().order_by("organization__name", "last_name"))


class PartnerForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = CommunityPartner
        fields = ["name", "kind", "description", "city", "website", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "role", "email", "phone"]


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["occurred_on", "kind", "summary"]
        widgets = {"occurred_on": DATE}


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "kind", "use", "summary", "is_retired"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class VersionForm(forms.Form):
    document = forms.FileField(
        required=False,
        label="File",
        help_text="PDF, Word, PowerPoint, Excel, PNG, JPEG or plain text, at most 20 MB.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Text (for talking points)")
    note = forms.CharField(max_length=200, required=False, label="What changed in this version")


class MaterialCreateForm(MaterialForm):
    """A new material with its first version."""

    document = VersionForm.base_fields["document"]
    text = VersionForm.base_fields["text"]

    class Meta(MaterialForm.Meta):
        fields = ["title", "kind", "use", "summary"]


class GlossaryForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition", "source"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}
