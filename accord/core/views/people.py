"""Accounts: the list, invitations, roles, deactivation, unlocking and second-factor resets."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core import actions, audit, emails, queries
from accord.core.access import get_managed_user_for
from accord.core.exports import safe_cell
from accord.core.forms import (
    AcceptInvitationForm,
    AccessReviewFilterForm,
    AccountDetailsForm,
    InviteForm,
    ProfileForm,
    RolesForm,
    add_errors,
)
from accord.core.models import Role
from accord.core.policy import ACCESS_REVIEWERS, PUBLIC, SIGNED_IN, USER_ADMINS, AuthedRequest, rule


def _invitation_link(request: AuthedRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("core:invitation_accept", args=[token]))


@rule(USER_ADMINS)
def people_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(queries.managed_accounts(request.user, query=query), 50).get_page(request.GET.get("page"))
    return render(request, "core/people_list.html", {"page": page, "query": query})


@rule(USER_ADMINS)
@reauthentication_required
def person_invite(request: AuthedRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, token = actions.user_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            emails.send_invitation(user, _invitation_link(request, token))
            request.session["accord_last_invitation"] = _invitation_link(request, token)
            messages.success(request, f"Invitation sent to {user.email}.")
            return redirect("core:person_detail", user.pk)
    return render(request, "core/person_invite.html", {"form": form})


@rule(USER_ADMINS)
def person_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = get_managed_user_for(request.user, user_id)
    context = {
        "person": person,
        "roles_form": RolesForm(user=person, actor=request.user),
        "details_form": AccountDetailsForm(instance=person),
        "status": queries.account_status(person),
        "invitation_link": request.session.pop("accord_last_invitation", None),
    }
    return render(request, "core/person_detail.html", context)


@rule(USER_ADMINS)
@require_POST
@reauthentication_required
def person_roles(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = get_managed_user_for(request.user, user_id)
    form = RolesForm(request.POST, user=person, actor=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("roles", ["Choose at least one role."])))
        actions.user_set_roles(actor=request.user, user=person, roles=form.cleaned_data["roles"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Roles saved.")
    return redirect("core:person_detail", person.pk)


@rule(USER_ADMINS)
@require_POST
@reauthentication_required
def person_details(request: AuthedRequest, user_id: int) -> HttpResponse:
    person = get_managed_user_for(request.user, user_id)
    form = AccountDetailsForm(request.POST, instance=person)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("core:person_detail", person.pk)
    fields = {name: form.cleaned_data[name] for name in form.changed_data}
    person.refresh_from_db()  # the form wrote into the instance; the action compares against what is stored
    try:
        actions.user_update_profile(actor=request.user, user=person, **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Account details saved.")
    return redirect("core:person_detail", person.pk)


@rule(ACCESS_REVIEWERS)
def access_review(request: AuthedRequest) -> HttpResponse:
    form = AccessReviewFilterForm(request.GET or None, actor=request.user)
    criteria = form.criteria()
    accounts = queries.access_review(request.user, **criteria)
    audit.record(
        verb="people.access_review_viewed", actor=request.user, changes={"filters": criteria, "accounts": len(accounts)}
    )
    query = request.GET.urlencode() if form.is_valid() else ""
    context = {
        "form": form,
        "accounts": accounts,
        "query": query,
        "now": timezone.now(),
        "inactive_days": settings.ACCORD_INACTIVE_DAYS,
        # Names link to the person page only where that page would open for this reviewer.
        "manages_all": request.user.has_role(Role.COORDINATOR),
        "manages_own": request.user.has_role(Role.ORG_ADMIN),
    }
    return render(request, "core/access_review.html", context)


ACCESS_REVIEW_COLUMNS = [
    "organization",
    "name",
    "username",
    "contractor",
    "status",
    "deactivated_at",
    "last_sign_in",
    "days_inactive",
    "role",
    "granted_by",
    "granted_at",
]


@rule(ACCESS_REVIEWERS)
@reauthentication_required
def access_review_csv(request: AuthedRequest) -> HttpResponse:
    """One row per role grant; an account without any grant still gets a row, with the role empty."""
    form = AccessReviewFilterForm(request.GET or None, actor=request.user)
    criteria = form.criteria()
    accounts = queries.access_review(request.user, **criteria)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACCESS_REVIEW_COLUMNS)
    rows = 0
    for account in accounts:
        person = [
            account.organization.name if account.organization else "",
            account.get_full_name(),
            account.username,
            "yes" if account.is_contractor else "no",
            account.status,  # type: ignore[attr-defined]
            account.deactivated_at,
            account.last_login,
            account.days_inactive,  # type: ignore[attr-defined]
        ]
        grants: list[tuple[str, str, datetime | None]] = [
            (g.get_role_display(), g.granted_by.username if g.granted_by else "", g.granted_at)
            for g in account.role_grants.all()
        ]
        for grant in grants or [("", "", None)]:
            writer.writerow([safe_cell(value) for value in (*person, *grant)])
            rows += 1
    audit.record(verb="people.access_review_exported", actor=request.user, changes={"filters": criteria, "rows": rows})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="accord-access-review-{stamp}.csv"'
    return response


ACCOUNT_ACTIONS = {
    "deactivate": (actions.user_deactivate, "Account deactivated. Its sessions have ended."),
    "reactivate": (actions.user_reactivate, "Account reactivated."),
    "unlock": (actions.user_unlock, "Account unlocked. They can sign in again."),
    "reset-second-factor": (
        actions.user_reset_second_factor,
        "Second factor removed. They will set up a new one at next sign-in.",
    ),
}


@rule(USER_ADMINS)
@require_POST
@reauthentication_required
def person_account_action(request: AuthedRequest, user_id: int, action: str) -> HttpResponse:
    person = get_managed_user_for(request.user, user_id)
    if action == "reissue-invitation":
        try:
            token = actions.invitation_reissue(actor=request.user, user=person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            emails.send_invitation(person, _invitation_link(request, token))
            request.session["accord_last_invitation"] = _invitation_link(request, token)
            messages.success(request, f"A new invitation was sent to {person.email}.")
        return redirect("core:person_detail", person.pk)
    if action not in ACCOUNT_ACTIONS:
        return redirect("core:person_detail", person.pk)
    perform, done = ACCOUNT_ACTIONS[action]
    try:
        perform(actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("core:person_detail", person.pk)


@rule(PUBLIC)
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.invitation_for_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your password is set. Sign in, then set up your authenticator app.")
            return redirect("account_login")
    return render(request, "core/invitation_accept.html", {"form": form, "invitation": invitation})


@rule(SIGNED_IN)
def my_account(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        form.instance.refresh_from_db()
        try:
            actions.user_update_profile(actor=request.user, user=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("core:my_account")
    return render(request, "core/my_account.html", {"form": form, "status": queries.account_status(request.user)})
