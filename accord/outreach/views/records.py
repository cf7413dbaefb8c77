"""Member training records (who holds which required training until when) and the referral network."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.models import Organization, Role
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.outreach import access, actions, queries
from accord.outreach.forms import CertificationForm, NetworkGrantForm, NetworkWithdrawForm, RequiredTrainingForm
from accord.outreach.models import Certification, NetworkMembership, RequiredTraining
from accord.outreach.views._common import attempt, choice, crumbs, form_page, page_query


def _trail() -> list[tuple[str, str]]:
    return crumbs(("Member training records", reverse("outreach:records")))


def _cell(certification: Certification | None, today: date) -> dict[str, Any]:
    if certification is None:
        return {"status": "none", "label": "Not held"}
    expires = certification.expires_on
    if expires is not None and expires < today:
        status = "expired"
    elif expires is not None and expires <= today + timedelta(days=queries.REMIND_DAYS):
        status = "expiring"
    else:
        status = "current"
    return {"status": status, "certification": certification}


@rule(SIGNED_IN)
def records(request: AuthedRequest) -> HttpResponse:
    """Everyone sees their own records; organization admins their staff's; the coordinator and the training
    committee everyone's."""
    user = request.user
    sees_all = access.sees_all_names(user)
    organization = request.GET.get("organization", "")
    organization_id = int(organization) if sees_all and organization.isdigit() else None
    required = queries.required_trainings()
    page = Paginator(queries.people_for_records(user, organization_id=organization_id), 50).get_page(
        request.GET.get("page")
    )
    people = list(page.object_list)
    latest = queries.latest_certifications(people, required)
    today = timezone.localdate()
    expiring = queries.expiring_certifications(user)
    rows = [{"person": p, "cells": [_cell(latest.get((p.pk, r.pk)), today) for r in required]} for p in people]
    context = {
        "required": required,
        "rows": rows,
        "page": page,
        "query": page_query(request),
        "sees_all": sees_all,
        "administers": user.has_role(Role.ORG_ADMIN) and user.organization_id is not None,
        "organizations": queries.network_page() if sees_all else [],
        "organization_id": organization_id,
        "can_manage": access.can_manage_trainings(user),
        "expiring": list(expiring[:10]),
        "expiring_total": expiring.count(),
        "today": today,
    }
    return render(request, "outreach/records.html", context)


@rule(SIGNED_IN)
def certification_add(request: AuthedRequest) -> HttpResponse:
    access.require_training_manager(request.user)
    form = CertificationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.certification_record(actor=request.user, certification=form.instance))
    ):
        messages.success(request, f"{form.instance.person} holds “{form.instance.required_training}”.")
        return redirect("outreach:records")
    intro = "For a required training taken elsewhere. Certifications from task-force trainings come from their sign-in."
    return form_page(
        request, form, title="Record a certification", trail=_trail(), cancel=reverse("outreach:records"), intro=intro
    )


def _save_required(request: AuthedRequest, required: RequiredTraining) -> HttpResponse:
    form = RequiredTrainingForm(request.POST or None, instance=required)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.required_training_save(actor=request.user, required=form.instance))
    ):
        messages.success(request, f"“{required.name}” is saved.")
        return redirect("outreach:records")
    title = f"Edit “{required.name}”" if required.pk else "Add a required training"
    return form_page(request, form, title=title, trail=_trail(), cancel=reverse("outreach:records"))


@rule(SIGNED_IN)
def required_training_create(request: AuthedRequest) -> HttpResponse:
    access.require_training_manager(request.user)
    return _save_required(request, RequiredTraining())


@rule(SIGNED_IN)
def required_training_edit(request: AuthedRequest, required_id: int) -> HttpResponse:
    return _save_required(request, access.get_required_training_for(request.user, required_id, write=True))


# --- The referral network ---------------------------------------------------------------------------


def _membership(organization: Organization) -> NetworkMembership | None:
    found: NetworkMembership | None = getattr(organization, "referral_network", None)  # None when it never joined
    return found


@rule(SIGNED_IN)
def network(request: AuthedRequest) -> HttpResponse:
    status = choice(request, "status", ("member", "not_member"))
    page = Paginator(queries.network_page(status), 50).get_page(request.GET.get("page"))
    organizations = list(page.object_list)
    readiness = queries.network_readiness(organizations)
    is_coordinator = access.is_coordinator(request.user)
    context = {
        "page": page,
        "query": page_query(request),
        "status": status,
        "rows": [
            {"organization": o, "readiness": readiness[o.pk], "membership": _membership(o)} for o in organizations
        ],
        "required": [r for r in queries.required_trainings() if r.required_for_network],
        "members": queries.network_members().count(),
        "is_coordinator": is_coordinator,
        "grant_form": NetworkGrantForm(auto_id="grant-%s") if is_coordinator else None,
    }
    return render(request, "outreach/network.html", context)


@rule(SIGNED_IN)
@require_POST
def network_grant(request: AuthedRequest) -> HttpResponse:
    if not access.is_coordinator(request.user):
        raise PermissionDenied("Only the coordinator changes referral-network membership.")
    form = NetworkGrantForm(request.POST, auto_id="grant-%s")
    if not form.is_valid():
        messages.error(request, "Choose an organization that is not yet in the network.")
        return redirect("outreach:network")
    organization = form.cleaned_data["organization"]
    try:
        actions.network_grant(actor=request.user, organization=organization, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{organization} is now in the referral network.")
    return redirect("outreach:network")


@rule(SIGNED_IN)
@require_POST
def network_withdraw(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = access.get_membership_for(request.user, membership_id, write=True)
    form = NetworkWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the organization leaves the network.")
        return redirect("outreach:network")
    actions.network_withdraw(actor=request.user, membership=membership, note=form.cleaned_data["note"])
    messages.success(request, f"{membership.organization} has left the referral network.")
    return redirect("outreach:network")
