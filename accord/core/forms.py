"""Forms for sign-in, accounts, organizations, task-force settings and the audit filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.core import audit
from accord.core.models import (
    TASK_FORCE_ROLES,
    AuditEvent,
    Organization,
    Role,
    TaskForce,
    Term,
    User,
    role_choices_for_lane,
)


class LoginForm(AllauthLoginForm):
    """Username and password, after acknowledging the system-use notice (CJIS AC-8)."""

    acknowledge = forms.BooleanField(
        required=True,
        label="I have read the notice above and agree to its terms.",
        error_messages={"required": "You must acknowledge the system-use notice to sign in."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links to password reset once, below the button
        self.system_use_notice = settings.ACCORD_SYSTEM_USE_NOTICE


def _audit_factor_failure(user: Any, authenticator: Authenticator, reauthentication: bool) -> None:
    audit.record(
        verb="auth.mfa_failed",
        actor=user,
        outcome=AuditEvent.Outcome.FAILURE,
        changes={"factor": authenticator.type, "reauthentication": reauthentication},
    )


class MfaAuthenticateForm(AuthenticateForm):
    def _emit_authentication_failed(self, authenticator: Authenticator) -> None:
        _audit_factor_failure(self.user, authenticator, False)
        super()._emit_authentication_failed(authenticator)


class MfaReauthenticateForm(ReauthenticateForm):
    def _emit_authentication_failed(self, authenticator: Authenticator) -> None:
        _audit_factor_failure(self.user, authenticator, True)
        super()._emit_authentication_failed(authenticator)


class _DeferredChoices(ModelChoiceIterator):
    """The choices of a ``DeferredModelChoiceField``: its queryset is made when they are read."""

    def __init__(self, field: DeferredModelChoiceField) -> None:
        self.field = field

    @property
    def queryset(self) -> QuerySet[Any] | None:  # type: ignore[override]
        return self.field.queryset


class DeferredModelChoiceField(forms.ModelChoiceField):
    """A model choice whose queryset is made when it is first needed (the choices shown, a posted value
    looked up), by ``make_queryset``, which the form sets for its user. ``lookup``, if set, finds a posted
    value by a fixed statement instead, and must admit exactly what the queryset holds. A form posted on a
    hot path (the online check) then builds no query it does not run: building querysets cost more there
    than running the check's own statements."""

    iterator = _DeferredChoices

    def __init__(self, **kwargs: Any) -> None:
        self.make_queryset: Callable[[], QuerySet[Any]] | None = None
        self.lookup: Callable[[Any], Any] | None = None
        super().__init__(queryset=None, **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> DeferredModelChoiceField:
        result: DeferredModelChoiceField = super().__deepcopy__(memo)  # type: ignore[misc]
        result.widget.choices = result.choices  # the copy's choices read the copy's queryset
        return result

    @property
    def queryset(self) -> QuerySet[Any] | None:
        made: QuerySet[Any] | None = self.__dict__.get("_queryset")
        if made is None and self.make_queryset is not None:
            made = self._queryset = self.make_queryset()
        return made

    @queryset.setter
    def queryset(self, queryset: QuerySet[Any] | None) -> None:
        self._queryset = None if queryset is None else queryset.all()  # type: ignore[assignment]
        self.widget.choices = self.choices

    def to_python(self, value: Any) -> Any:
        if self.lookup is None or value in self.empty_values:
            return super().to_python(value)
        try:
            found = self.lookup(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    username = forms.CharField(
        max_length=150, help_text="What they type to sign in. Letters, digits and @ . + - _ only."
    )
    email = forms.EmailField(help_text="Where the invitation is sent. Never used as a sign-in factor.")
    title = forms.CharField(max_length=120, required=False, label="Job title")
    roles = RolesField(choices=Role.choices)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        roles = self.fields["roles"]
        assert isinstance(organization, forms.ModelChoiceField) and isinstance(roles, forms.ChoiceField)
        if actor.has_role(Role.COORDINATOR):
            organization.queryset = Organization.objects.active()
        else:
            organization.queryset = Organization.objects.filter(pk=actor.organization_id or 0)
            organization.initial = actor.organization_id
            roles.choices = [c for c in Role.choices if c[0] not in TASK_FORCE_ROLES]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken (usernames are never reused).")
        return username


class RolesForm(forms.Form):
    roles = RolesField(choices=Role.choices)

    def __init__(self, *args: Any, user: User, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(role_choices_for_lane(user.lane))
        if not actor.has_role(Role.COORDINATOR):
            choices = [c for c in choices if c[0] not in TASK_FORCE_ROLES]
        roles = self.fields["roles"]
        assert isinstance(roles, forms.ChoiceField)
        roles.choices = choices
        roles.initial = sorted(user.roles)


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
        strip=False,
    )
    password2 = forms.CharField(
        label="Type it again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )
    acknowledge = forms.BooleanField(
        required=True,
        label="I have read the system-use notice and agree to its terms.",
        error_messages={"required": "You must acknowledge the system-use notice."},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "sector", "lane", "jurisdiction_level", "is_active"]
        help_texts = {
            "lane": "Decides which records its staff may hold. Cannot change once the organization has staff.",
            "is_active": "Inactive organizations keep their history but cannot receive new accounts.",
        }


class TaskForceForm(forms.ModelForm):
    class Meta:
        model = TaskForce
        fields = ["name", "short_name", "region", "suppression_threshold"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "title", "phone"]


class AccountDetailsForm(forms.ModelForm):
    """What an administrator sets on someone else's account (their name and e-mail are theirs to change)."""

    class Meta:
        model = User
        fields = ["title", "is_contractor"]
        labels = {"title": "Job title", "is_contractor": "Contractor or vendor (not agency staff)"}


class FilterForm(forms.Form):
    """A list's filters: ``criteria()`` gives the valid, non-empty ones (an organization by its id)."""

    def criteria(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        if data.get("organization"):
            data["organization"] = data["organization"].pk
        return {k: v for k, v in data.items() if v}


class AccessReviewFilterForm(FilterForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(), required=False, empty_label="All organizations"
    )
    inactive_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=36500,
        label="Inactive over (days)",
        help_text="Only accounts with no sign-in, joining or reactivation in this many days.",
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not actor.has_role(Role.COORDINATOR, Role.AUDITOR):
            del self.fields["organization"]  # an org admin reviews their own organization only


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["code", "label", "definition", "sort_order", "is_active"]
        help_texts = {"code": "A short fixed identifier (letters, digits, hyphens). It cannot change later."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class AuditFilterForm(FilterForm):
    verb = forms.CharField(required=False, label="Event", help_text="Beginning of the event name, e.g. auth. or user.")
    actor = forms.CharField(required=False, label="Account")
    organization = forms.ModelChoiceField(queryset=Organization.objects.all(), required=False)
    outcome = forms.ChoiceField(choices=[("", "Any"), *AuditEvent.Outcome.choices], required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


def attempt(form: forms.BaseForm, act: Callable[[], Any]) -> bool:
    """Run ``act`` (an action); on ValidationError put its messages on the form and report failure."""
    try:
        act()
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    cancel: str,
    template: str = "core/form_page.html",
    multipart: bool = False,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    """An edit page (``core/form_page.html``, or an app's page extending it): crumbs, title, form, Save / Cancel."""
    context = {"form": form, "title": title, "crumbs": crumbs, "cancel": cancel, "multipart": multipart, "intro": intro}
    return render(request, template, context, status=status)
