"""Forms for investigations. Choice lists are narrowed to the investigation and to the right kind of organization;
the models' ``clean()`` and the actions give the clear messages for anything that slips past."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from accord.core.models import JurisdictionLevel, Lane, Organization, Term, User
from accord.investigations import sharing
from accord.investigations.models import (
    CASE_LANES,
    CASE_ROLES,
    Arrest,
    CaseRecord,
    Certification,
    Charge,
    ContinuedPresence,
    CourtEvent,
    Decision,
    Disposition,
    IntelligenceRecord,
    Investigation,
    InvestigationSettings,
    ProsecutionReferral,
    Stage,
    Status,
    Subject,
    Task,
    TimelineEvent,
    TraffickingType,
    Victim,
    Witness,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _terms(vocabulary: str, current: int | None = None) -> QuerySet[Term]:
    """Active terms of a vocabulary, plus the one already chosen (so an old record stays editable)."""
    qs = Term.objects.filter(vocabulary__code=vocabulary)
    return qs.filter(Q(is_active=True) | Q(pk=current or 0)).order_by("sort_order", "label")


def _organizations(**criteria: Any) -> QuerySet[Organization]:
    return Organization.objects.active().filter(**criteria).order_by("name")


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ChargeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.subject.name}: {obj.statute.label} (filed {obj.filed_on:%d %b %Y})"


class VictimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} ({obj.get_citizenship_display().lower()}, {obj.get_age_band_display().lower()})"


class CaseModelForm(forms.ModelForm):
    """A form for a record inside ``investigation``; subclasses narrow their choices to it."""

    def __init__(self, *args: Any, investigation: Investigation, **kwargs: Any) -> None:
        self.investigation = investigation
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = "Choose…"
        self.narrow()

    def narrow(self) -> None:
        pass

    def _choose_from(self, name: str, queryset: QuerySet[Any]) -> None:
        """Offer only this investigation's records; when there is just one, it is already chosen."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        if not self.instance.pk and field.required:
            only = list(queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial[name] = only[0]

    def _subjects(self, name: str = "subject") -> None:
        self._choose_from(name, Subject.objects.filter(investigation=self.investigation))

    def _victims(self, name: str = "victim") -> None:
        self._choose_from(name, Victim.objects.filter(investigation=self.investigation))


class InvestigationForm(forms.ModelForm):
    class Meta:
        model = Investigation
        fields = [
            "case_number",
            "name",
            "trafficking_type",
            "polaris_type",
            "origin",
            "lead_source",
            "status",
            "opened_on",
            "closed_on",
            "lead_investigator",
            "summary",
        ]
        widgets = {"opened_on": DateInput(), "closed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        polaris, lead, investigator = fields["polaris_type"], fields["lead_source"], fields["lead_investigator"]
        assert isinstance(polaris, forms.ModelChoiceField) and isinstance(lead, forms.ModelChoiceField)
        assert isinstance(investigator, forms.ModelChoiceField)
        polaris.queryset = _terms("polaris-type", self.instance.polaris_type_id)
        lead.queryset = _terms("lead-source", self.instance.lead_source_id)
        investigator.queryset = (
            User.objects.filter(organization_id=agency_id, is_active=True, role_grants__role__in=CASE_ROLES)
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not self.instance.pk:
            del fields["status"], fields["closed_on"]


class ShareForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label="Share with",
        help_text="A participating law-enforcement agency or a prosecutor's office.",
    )
    reason = forms.CharField(
        max_length=300, label="Why they need to know", help_text="For example: joint investigation; charging review."
    )

    def __init__(self, *args: Any, investigation: Investigation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        already = investigation.shares.active().values_list("organization_id", flat=True)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            _organizations(lane__in=CASE_LANES).exclude(pk=investigation.owner_id).exclude(pk__in=list(already))
        )


class SubjectForm(CaseModelForm):
    date_of_birth = forms.DateField(required=False, widget=DateInput(), label="Date of birth")
    roles = forms.ModelMultipleChoiceField(
        queryset=Term.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Roles (HTCDS)"
    )

    class Meta:
        model = Subject
        fields = ["name", "aliases", "date_of_birth", "identifiers", "gender"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3}), "identifiers": forms.Textarea(attrs={"rows": 3})}

    def narrow(self) -> None:
        roles = self.fields["roles"]
        assert isinstance(roles, forms.ModelMultipleChoiceField)
        roles.queryset = _terms("perpetrator-role")
        if self.instance.pk:
            roles.initial = list(self.instance.roles.all())
            if self.instance.date_of_birth:
                self.initial["date_of_birth"] = date.fromisoformat(self.instance.date_of_birth)

    def clean_date_of_birth(self) -> str:
        born = self.cleaned_data.get("date_of_birth")
        return born.isoformat() if born else ""


class VictimForm(CaseModelForm):
    class Meta:
        model = Victim
        fields = ["reference", "age_band", "gender", "citizenship", "trafficking_type"]


class WitnessForm(CaseModelForm):
    class Meta:
        model = Witness
        fields = ["name", "contact", "notes"]
        widgets = {"contact": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3})}


class ArrestForm(CaseModelForm):
    subject = SubjectChoiceField(queryset=Subject.objects.none())

    class Meta:
        model = Arrest
        fields = ["subject", "arrested_on", "arresting_agency", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def narrow(self) -> None:
        self._subjects()
        agency = self.fields["arresting_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = _organizations(lane=Lane.LAW_ENFORCEMENT)
        if not self.instance.pk:
            agency.initial = self.investigation.owner_id


class ChargeForm(CaseModelForm):
    subject = SubjectChoiceField(queryset=Subject.objects.none())

    class Meta:
        model = Charge
        fields = ["subject", "statute", "nibrs_offense", "is_trafficking_charge", "counts", "description", "filed_on"]

    def narrow(self) -> None:
        self._subjects()
        statute, nibrs = self.fields["statute"], self.fields["nibrs_offense"]
        assert isinstance(statute, forms.ModelChoiceField) and isinstance(nibrs, forms.ModelChoiceField)
        statute.queryset = _terms("statute", self.instance.statute_id)
        statute.error_messages["invalid_choice"] = "Choose a statute from the task force's list of statutes."
        nibrs.queryset = _terms("nibrs-offense", self.instance.nibrs_offense_id)


class ReferralForm(CaseModelForm):
    class Meta:
        model = ProsecutionReferral
        fields = ["office", "referred_on"]

    def narrow(self) -> None:
        office = self.fields["office"]
        assert isinstance(office, forms.ModelChoiceField)
        office.queryset = _organizations(lane=Lane.PROSECUTION)
        office.help_text = "Local (district attorney), state (attorney general) or federal (U.S. Attorney)."
        if self.instance.pk:
            office.disabled = True


class ReferralDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("", "Choose…"), (Decision.ACCEPTED, "Accept for prosecution"), (Decision.DECLINED, "Decline")],
    )
    decided_on = forms.DateField(widget=DateInput(), label="Date of the decision")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Reason or note", max_length=2000
    )


class CourtEventForm(CaseModelForm):
    subject = SubjectChoiceField(queryset=Subject.objects.none(), required=False, label="Defendant (optional)")

    class Meta:
        model = CourtEvent
        fields = ["kind", "occurs_on", "court", "subject", "outcome_note"]
        widgets = {"outcome_note": forms.Textarea(attrs={"rows": 3})}

    def narrow(self) -> None:
        self._subjects()


class DispositionForm(CaseModelForm):
    charge = ChargeChoiceField(queryset=Charge.objects.none(), label="Charge disposed of")

    class Meta:
        model = Disposition
        fields = ["charge", "outcome", "disposed_on", "sentence", "custody_months", "restitution_ordered"]

    def narrow(self) -> None:
        self._choose_from(
            "charge",
            Charge.objects.filter(investigation=self.investigation)
            .filter(Q(disposition__isnull=True) | Q(disposition=self.instance.pk or 0))
            .select_related("subject", "statute"),
        )
        charge = self.fields["charge"]
        charge.error_messages["required"] = "A disposition must name the charge it disposes of."
        if self.instance.pk:
            charge.disabled = True


class ContinuedPresenceForm(CaseModelForm):
    victim = VictimChoiceField(queryset=Victim.objects.none())

    class Meta:
        model = ContinuedPresence
        fields = ["victim", "federal_partner", "requested_on", "status", "decided_on", "expires_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def narrow(self) -> None:
        self._victims()
        partner = self.fields["federal_partner"]
        assert isinstance(partner, forms.ModelChoiceField)
        partner.queryset = _organizations(jurisdiction_level=JurisdictionLevel.FEDERAL, lane__in=CASE_LANES)
        recorder = self.instance.organization if self.instance.organization_id else None
        if recorder is not None and recorder.jurisdiction_level != JurisdictionLevel.FEDERAL:
            partner.required = True
            partner.help_text = "Your agency is not federal: the federal agency that submits the request."
            partner.error_messages["required"] = (
                "Your agency is not federal: name the federal partner (for example HSI or the FBI) that submits "
                "the request."
            )


class CertificationForm(CaseModelForm):
    victim = VictimChoiceField(queryset=Victim.objects.none())

    class Meta:
        model = Certification
        fields = [
            "victim",
            "form",
            "requested_on",
            "requested_by",
            "status",
            "certifying_agency",
            "certifying_official",
            "signed_on",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def narrow(self) -> None:
        self._victims()
        agency = self.fields["certifying_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = _organizations(lane__in=CASE_LANES)


class TimelineEventForm(CaseModelForm):
    class Meta:
        model = TimelineEvent
        fields = ["occurred_on", "title", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}


class TaskForm(CaseModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_on", "assigned_to", "status", "completed_on"]

    def narrow(self) -> None:
        organizations = [
            self.investigation.owner_id,
            *self.investigation.shares.active().values_list("organization_id", flat=True),
        ]
        assignee = self.fields["assigned_to"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = (
            User.objects.filter(organization_id__in=organizations, is_active=True, role_grants__role__in=CASE_ROLES)
            .select_related("organization")
            .distinct()
            .order_by("last_name", "first_name")
        )
        assignee.label_from_instance = lambda obj: f"{obj} ({obj.organization})"  # type: ignore[method-assign]
        if not self.instance.pk:
            del self.fields["status"], self.fields["completed_on"]


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty to use the file's name.")
    file = forms.FileField(help_text="PDF, Word (.docx) or plain text.")


class CaseReviewForm(forms.Form):
    meeting_on = forms.DateField(widget=DateInput(), label="Meeting date")
    facts = forms.MultipleChoiceField(
        choices=sharing.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Share these facts (nothing else is shown)",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Note for the meeting",
        help_text="Written for everyone at the meeting: no names, no addresses, no tactics.",
    )


class IntelligenceForm(forms.ModelForm):
    class Meta:
        model = IntelligenceRecord
        fields = ["subject_summary", "criminal_predicate", "source", "investigation", "entered_on", "review_due_on"]
        widgets = {
            "subject_summary": forms.Textarea(attrs={"rows": 2}),
            "criminal_predicate": forms.Textarea(attrs={"rows": 4}),
            "entered_on": DateInput(),
            "review_due_on": DateInput(),
        }

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        investigation = self.fields["investigation"]
        assert isinstance(investigation, forms.ModelChoiceField)
        investigation.queryset = Investigation.objects.filter(owner_id=agency_id).order_by("-opened_on")
        investigation.label_from_instance = lambda obj: f"{obj.case_number} {obj.name}".strip()  # type: ignore[method-assign]


class IntelligenceReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("", "Choose…"),
            ("keep", "Still meets the criminal-predicate standard: keep it"),
            ("purge", "No longer meets the standard: purge it now"),
        ],
        label="Outcome of the review",
    )
    next_review_on = forms.DateField(widget=DateInput(), required=False, label="Next review by")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "keep" and not data.get("next_review_on"):
            self.add_error("next_review_on", "Give the date of the next review.")
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = InvestigationSettings
        fields = ["continued_presence_months", "renewal_notice_days"]


class InvestigationFilter(forms.Form):
    scope = forms.ChoiceField(
        choices=[("", "Own and shared"), ("own", "Our agency's"), ("shared", "Shared with us")],
        required=False,
        label="Whose",
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    trafficking_type = forms.ChoiceField(
        choices=[("", "Any type"), *TraffickingType.choices], required=False, label="Type"
    )
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False, label="Legal stage")
    q = forms.CharField(required=False, label="Case number or name", max_length=60)

    def criteria(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}


FORMS: dict[type[CaseRecord], type[CaseModelForm]] = {
    Subject: SubjectForm,
    Victim: VictimForm,
    Witness: WitnessForm,
    Arrest: ArrestForm,
    Charge: ChargeForm,
    ProsecutionReferral: ReferralForm,
    CourtEvent: CourtEventForm,
    Disposition: DispositionForm,
    ContinuedPresence: ContinuedPresenceForm,
    Certification: CertificationForm,
    TimelineEvent: TimelineEventForm,
    Task: TaskForm,
}
