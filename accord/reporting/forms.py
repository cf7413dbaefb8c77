from __future__ import annotations

from typing import Any

from django import forms

from accord.core import dimensions
from accord.reporting import registry
from accord.reporting.models import Indicator, PackItem, Scope


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "definition", "active", "order"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}


class PackItemForm(forms.ModelForm):
    class Meta:
        model = PackItem
        fields = ["number", "question", "indicator_code", "dimension", "grant_year", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specs = registry.specs()
        self.fields["indicator_code"] = forms.ChoiceField(
            label="Indicator", choices=[(c, f"{s.name} ({c})") for c, s in specs.items()]
        )
        used = sorted({d for s in specs.values() for d in s.dimensions})
        self.fields["dimension"] = forms.ChoiceField(
            required=False,
            label="Break down by",
            choices=[("", "Total only"), *((d, dimensions.get(d).label + f" ({d})") for d in used)],
            help_text="One of the indicator's dimensions, or the total only.",
        )


class PeriodField(forms.ChoiceField):
    """Offers the recent periods, and takes any other key too: a grant manager may re-make an older period's pack
    after corrections. ``actions.pack_generate`` decides whether the key is a quarter or half-year that has begun."""

    def valid_value(self, value: Any) -> bool:
        return bool(value)


class GenerateForm(forms.Form):
    scope = forms.ChoiceField(label="Whose records", choices=Scope.choices, initial=Scope.TASK_FORCE)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"] = PeriodField(label="Period", choices=periods)
        self.order_fields(["period", "scope"])
