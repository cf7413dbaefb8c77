"""What the governance views share: the edit page and turning an action's refusal into form errors."""

from __future__ import annotations

from functools import partial

from accord.core import forms
from accord.core.forms import add_errors, attempt

__all__ = ["add_errors", "attempt", "form_page"]

form_page = partial(forms.form_page, template="governance/form.html")
