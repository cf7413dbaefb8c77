"""The fast <select> of the uswds_widget filter renders what Django's template would, option for option."""

from __future__ import annotations

import re

import pytest
from django import forms

from accord.core.models import Organization
from accord.core.templatetags.accord import uswds_widget

CHOICES = [("", "—"), ("x", 'X <&> "quoted"'), ("Group", [("g1", "G1"), ("g2", "G2")])]


class Form(forms.Form):
    pick = forms.ChoiceField(choices=CHOICES, help_text="Pick one")
    optional = forms.ChoiceField(choices=[("1", "one"), ("2", "two")], required=False)


def _squeeze(html: str) -> str:
    """Whitespace between tags and attribute order do not matter to a browser."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(r"<(\w+)([^>]*)>", lambda m: f"<{m[1]}{''.join(sorted(m[2].split(' ')))}>", html)


class ModelForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.all(), empty_label="Any")
    repeated = forms.ChoiceField(choices=[(None, "none"), ("a", "A"), ("a", "A again")], required=False)


@pytest.mark.django_db
def test_the_fast_select_matches_djangos_rendering(personas):
    cases = [(Form, {"pick": "g2", "optional": "2"}), (Form, {"pick": "nonsense"}), (Form, None)]
    cases += [(ModelForm, {"organization": personas.vsp_b.pk, "repeated": "a"}), (ModelForm, {"repeated": ""})]
    for form_class, data in cases:
        form = form_class(data)
        for name in form.fields:
            field = form[name]
            attrs = {"class": "usa-select" + (" usa-input--error" if field.errors else "")}
            described = [f"{field.auto_id}-hint"] if field.help_text else []
            if field.errors:
                described.append(f"{field.auto_id}-error")
                attrs["aria-invalid"] = "true"
            if described:
                attrs["aria-describedby"] = " ".join(described)
            assert _squeeze(uswds_widget(field)) == _squeeze(field.as_widget(attrs=attrs))


def test_option_labels_are_escaped():
    html = uswds_widget(Form()["pick"])
    assert "X &lt;&amp;&gt; &quot;quoted&quot;" in html and '<optgroup label="Group">' in html
