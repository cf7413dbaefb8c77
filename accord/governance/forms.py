"""Governance forms. Rules are the actions' job; forms parse input and offer sensible choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from accord.core.models import Lane, Organization, Term, User
from accord.governance.models import (
    PROTOCOL_TOPIC_VOCABULARY,
    STAKEHOLDER_VOCABULARY,
    ActionItem,
    Agreement,
    Briefing,
    Charter,
    Commitment,
    Committee,
    Decision,
    FormationStep,
    Funding,
    Goal,
    Leader,
    Meeting,
    Objective,
    ReportingDeadline,
    Signatory,
    Stakeholder,
)


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} — {obj.organization}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} — {obj.organization}"


def active_people() -> Any:
    return User.objects.filter(is_active=True, organization__isnull=False).select_related("organization")


class CharterForm(forms.ModelForm):
    summary = forms.CharField(
        label="What changed and why",
        max_length=200,
        help_text="Kept in the charter's history.",
    )

    class Meta:
        model = Charter
        fields = ["mission", "purpose", "guiding_principles", "leadership_model", "leadership_notes", "adopted_on"]
        widgets = {"adopted_on": DATE}


class LeaderForm(forms.ModelForm):
    person = PersonChoiceField(queryset=User.objects.none())

    class Meta:
        model = Leader
        fields = ["person", "role", "since"]
        widgets = {"since": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "person", active_people())


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "sort_order"]


class ObjectiveForm(forms.ModelForm):
    owner = PersonChoiceField(queryset=User.objects.none())

    class Meta:
        model = Objective
        fields = ["description", "measure", "target", "current_value", "due_date", "owner", "status", "indicator_code"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "owner", active_people())


class AgreementForm(forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        help_text="Hold Ctrl (Command on a Mac) to choose several.",
        error_messages={"required": "Choose the organizations that are party to the agreement."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Protocol topics covered",
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "summary",
            "parties",
            "approval_body",
            "effective_date",
            "review_date",
            "expiry_date",
            "status",
            "superseded_by",
            "topics",
        ]
        widgets = {"effective_date": DATE, "review_date": DATE, "expiry_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "parties", Organization.objects.active())
        _queryset(self, "topics", Term.objects.of(PROTOCOL_TOPIC_VOCABULARY))
        others = Agreement.objects.exclude(pk=self.instance.pk) if self.instance.pk else Agreement.objects.all()
        _queryset(self, "superseded_by", others)


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["organization", "name", "title", "signed_on"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "organization", agreement.parties.all())


def _limit_help() -> str:
    return f"Up to {settings.ACCORD_UPLOAD_MAX_BYTES // 1_048_576} MB."


class VersionForm(forms.Form):
    document = forms.FileField(error_messages={"required": "Choose the file to upload."})
    note = forms.CharField(max_length=200, required=False, help_text="What changed in this version.")
    is_signed = forms.BooleanField(required=False, label="This is the signed copy")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = f"PDF, Word (.docx) or plain text. {_limit_help()}"


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200)
    document = forms.FileField(error_messages={"required": "Choose the file to upload."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = f"PDF, Word, PowerPoint, Excel, PNG, JPEG or text. {_limit_help()}"


class CommitteeForm(forms.ModelForm):
    chair = PersonChoiceField(queryset=User.objects.none(), required=False)
    members = PeopleChoiceField(
        queryset=User.objects.none(), required=False, help_text="Hold Ctrl (Command on a Mac) to choose several."
    )
    restricted_to_lanes = forms.MultipleChoiceField(
        choices=Lane.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Open only to these lanes",
        help_text="Leave all unticked for a committee every member may see.",
    )

    class Meta:
        model = Committee
        fields = ["name", "kind", "purpose", "chair", "members", "cadence", "restricted_to_lanes", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "chair", active_people())
        _queryset(self, "members", active_people())


class MeetingForm(forms.ModelForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), required=False, empty_label="Whole task force"
    )

    class Meta:
        model = Meeting
        fields = ["committee", "title", "starts_at", "ends_at", "location", "agenda", "minutes", "is_cancelled"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}
        labels = {"starts_at": "Starts", "ends_at": "Ends"}

    def __init__(self, *args: Any, committees: list[Committee], whole_task_force: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
        if not whole_task_force:
            field.required = True
            field.empty_label = None


class AttendanceForm(forms.Form):
    people = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Who attended",
        help_text="Hold Ctrl (Command on a Mac) to choose several. Their organization and discipline are recorded.",
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "people", people)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "decided_on", "decided_by"]
        widgets = {"decided_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class ActionItemForm(forms.ModelForm):
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        error_messages={"required": "Choose who owns this action item: every action needs an owner."},
    )

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "owner", people)


class DecisionSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search decisions", max_length=100)
    committee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Body")

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "committee",
            [
                ("", "All"),
                (0, "Whole task force"),
                *[(c.pk, c.name) for c in committees],
            ],
        )


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = [
            "title",
            "kind",
            "funder",
            "program",
            "award_number",
            "recipient",
            "period_start",
            "period_end",
            "amount",
            "match_amount",
            "notes",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}


class DeadlineForm(forms.ModelForm):
    class Meta:
        model = ReportingDeadline
        fields = ["title", "due_date", "submitted_on"]
        widgets = {"due_date": DATE, "submitted_on": DATE}


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "title", "organization_name", "organization", "category", "commitment", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "category", Term.objects.of(STAKEHOLDER_VOCABULARY))


class StakeholderFilter(forms.Form):
    category = forms.ChoiceField(required=False)
    commitment = forms.ChoiceField(required=False, choices=[("", "Any"), *Commitment.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = Term.objects.of(STAKEHOLDER_VOCABULARY).values_list("code", "label")
        _choices(self, "category", [("", "Any"), *terms])


class BriefingForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = ["held_on", "findings_presented", "summary"]
        widgets = {"held_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class FormationStepForm(forms.ModelForm):
    class Meta:
        model = FormationStep
        fields = ["title", "guidance", "sort_order", "is_active", "done_on", "evidence_url", "evidence_note"]
        widgets = {"done_on": DATE}
        help_texts = {"done_on": "Leave empty while the step is still open."}


class FormationStepCreateForm(FormationStepForm):
    class Meta(FormationStepForm.Meta):
        fields = ["code", *FormationStepForm.Meta.fields]
