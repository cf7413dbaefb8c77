"""Member organizations and the task force's own settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accord.core import actions
from accord.core.access import get_organization_for
from accord.core.forms import OrganizationForm, TaskForceForm
from accord.core.models import Lane, Organization, TaskForce
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, rule


@rule(SIGNED_IN)
def organization_list(request: AuthedRequest) -> HttpResponse:
    organizations = Organization.objects.order_by("lane", "name")
    lane = request.GET.get("lane", "")
    if lane:
        organizations = organizations.filter(lane=lane)
    return render(
        request,
        "core/organization_list.html",
        {"organizations": organizations, "lane": lane, "lanes": Lane.choices},
    )


@rule(SIGNED_IN)
def organization_detail(request: AuthedRequest, organization_id: int) -> HttpResponse:
    organization = get_organization_for(request.user, organization_id)
    return render(request, "core/organization_detail.html", {"organization": organization})


def _save_organization(request: AuthedRequest, organization: Organization) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.organization_save(actor=request.user, organization=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{saved.name} is saved.")
            return redirect("core:organization_detail", saved.pk)
    return render(request, "core/organization_form.html", {"form": form, "organization": organization})


@rule(COORDINATOR)
def organization_create(request: AuthedRequest) -> HttpResponse:
    return _save_organization(request, Organization())


@rule(COORDINATOR)
def organization_edit(request: AuthedRequest, organization_id: int) -> HttpResponse:
    return _save_organization(request, get_organization_for(request.user, organization_id))


@rule(COORDINATOR)
def task_force_settings(request: AuthedRequest) -> HttpResponse:
    form = TaskForceForm(request.POST or None, instance=TaskForce.current())
    if request.method == "POST" and form.is_valid():
        try:
            actions.task_force_update(actor=request.user, task_force=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Task-force settings saved.")
            return redirect("core:task_force_settings")
    return render(request, "core/task_force_form.html", {"form": form})
