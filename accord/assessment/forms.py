"""Forms for assessment: answering a round, opening one, editing an instrument, rating partners."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.assessment.models import Frequency, TieRating
from accord.core.models import Organization
from accord.victim_services.models import InstrumentVersion, Question, Section

NOT_ANSWERED = ""


class RoundOpenForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “Roadmap self-assessment, spring 2026”.")


class NetworkSurveyOpenForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “Partner network survey 2026”.")


class ResponseForm(forms.Form):
    """One choice per element; the choices are the element's own stages, so an answer off the scale is refused
    by the form first and by the action after it."""

    def __init__(self, *args: Any, version: InstrumentVersion, initial_stages: dict[int, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[Section, list[str]]] = []
        questions = Question.objects.filter(section__version=version).select_related("section")
        options = {}
        for question in questions.prefetch_related("options").order_by("section__sort_order", "sort_order", "pk"):
            options[question.pk] = question
            name = f"q{question.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(NOT_ANSWERED, "Choose a stage")] + [(o.score, o.label) for o in question.options.all()],
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_stages.get(question.pk),
            )
            if not self.sections or self.sections[-1][0].pk != question.section_id:
                self.sections.append((question.section, []))
            self.sections[-1][1].append(name)

    def grouped(self) -> list[tuple[Section, list[forms.BoundField]]]:
        return [(section, [self[name] for name in names]) for section, names in self.sections]

    def stages(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value is not None}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(value is not None for value in data.values()):
            raise forms.ValidationError("Choose a stage for at least one element.")
        return data


class RevisionForm(forms.Form):
    """Element texts of the current version, a box to remove each, and one new element."""

    notes = forms.CharField(label="What changed and why", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    new_section = forms.TypedChoiceField(label="Add an element to", coerce=int, required=False, empty_value=None)
    new_code = forms.SlugField(label="Code of the new element", max_length=40, required=False)
    new_text = forms.CharField(
        label="Text of the new element", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.version = version
        self.codes: list[str] = []
        sections = list(version.sections.prefetch_related("questions"))
        new_section = self.fields["new_section"]
        assert isinstance(new_section, forms.TypedChoiceField)
        new_section.choices = [("", "Do not add an element")] + [(s.pk, s.title) for s in sections]
        for section in sections:
            for question in section.questions.all():
                self.codes.append(question.code)
                self.fields[f"text_{question.code}"] = forms.CharField(
                    label=f"{section.title}: {question.code}", initial=question.text,
                    widget=forms.Textarea(attrs={"rows": 2}), required=False,
                )  # fmt: skip
                self.fields[f"remove_{question.code}"] = forms.BooleanField(
                    label=f"Remove “{question.code}” from the new version", required=False
                )
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version.pk)

    def elements(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"text_{code}"], self[f"remove_{code}"]) for code in self.codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_section") and not (data.get("new_code") and data.get("new_text")):
            raise forms.ValidationError("A new element needs a code and a text.")
        return data


class RatingsForm(forms.Form):
    """One row per other organization: how often, trust and value (leave how often empty to skip)."""

    def __init__(self, *args: Any, others: list[Organization], current: dict[int, TieRating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = others
        scale = [("", "—")] + [(n, str(n)) for n in range(1, 6)]
        for org in others:
            tie = current.get(org.pk)
            self.fields[f"f{org.pk}"] = forms.TypedChoiceField(
                label=f"{org.name}: how often you work together",
                choices=[("", "Not rated"), *list(Frequency.choices)], coerce=int, empty_value=None,
                required=False, initial=tie.frequency if tie else None,
            )  # fmt: skip
            self.fields[f"t{org.pk}"] = forms.TypedChoiceField(
                label=f"{org.name}: trust", choices=scale, coerce=int, empty_value=None, required=False,
                initial=tie.trust if tie else None,
            )  # fmt: skip
            self.fields[f"v{org.pk}"] = forms.TypedChoiceField(
                label=f"{org.name}: value of what they bring", choices=scale, coerce=int, empty_value=None,
                required=False, initial=tie.value if tie else None,
            )  # fmt: skip

    def rows(self) -> list[tuple[Organization, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(o, self[f"f{o.pk}"], self[f"t{o.pk}"], self[f"v{o.pk}"]) for o in self.others]

    def ratings(self) -> dict[int, tuple[int, int, int] | None]:
        found: dict[int, tuple[int, int, int] | None] = {}
        for org in self.others:
            frequency = self.cleaned_data.get(f"f{org.pk}")
            trust, value = self.cleaned_data.get(f"t{org.pk}"), self.cleaned_data.get(f"v{org.pk}")
            if frequency is None:
                found[org.pk] = None
            elif trust is None or value is None:
                self.add_error(f"t{org.pk}", f"Rate trust and value for {org.name}, or leave how often empty.")
            else:
                found[org.pk] = (frequency, trust, value)
        return found
