"""Funding and reporting deadlines, the stakeholder register, the formation path and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.models import Role
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, roles, rule
from accord.governance import access, actions, queries
from accord.governance.forms import (
    BriefingForm,
    DeadlineForm,
    FormationStepCreateForm,
    FormationStepForm,
    FundingForm,
    StakeholderFilter,
    StakeholderForm,
)
from accord.governance.models import Briefing, FormationStep, Funding, ReportingDeadline, Stakeholder
from accord.governance.views._common import attempt, form_page

# The stakeholder register records leaders' commitment (politically sensitive): the coordinator keeps it,
# the auditor may read it, other members do not see it.
REGISTER_READERS = roles(Role.COORDINATOR, Role.AUDITOR)


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Governance", reverse("governance:index")), *extra]


# --- Funding -----------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def funding_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "governance/funding_list.html",
        {"fundings": queries.funding_list(), "can_edit": access.is_coordinator(request.user)},
    )


def _funding_page(request: AuthedRequest, funding: Funding, deadline_form: DeadlineForm | None = None) -> HttpResponse:
    can_edit = access.is_coordinator(request.user)
    context = {
        "funding": funding,
        "deadlines": list(funding.deadlines.all()),
        "can_edit": can_edit,
        "deadline_form": deadline_form or (DeadlineForm() if can_edit else None),
    }
    return render(request, "governance/funding_detail.html", context, status=422 if deadline_form else 200)


@rule(SIGNED_IN)
def funding_detail(request: AuthedRequest, funding_id: int) -> HttpResponse:
    return _funding_page(request, access.get_funding_for(request.user, funding_id))


def _save_funding(request: AuthedRequest, funding: Funding) -> HttpResponse:
    form = FundingForm(request.POST or None, instance=funding)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.funding_save(actor=request.user, funding=form.instance))
    ):
        messages.success(request, f"“{funding.title}” is saved.")
        return redirect("governance:funding_detail", funding.pk)
    crumbs = _crumbs(("Funding", reverse("governance:funding_list")))
    cancel = funding.get_absolute_url() if funding.pk else reverse("governance:funding_list")
    title = f"Edit “{funding.title}”" if funding.pk else "Add funding"
    return form_page(request, form, title=title, crumbs=crumbs, cancel=cancel)


@rule(COORDINATOR)
def funding_create(request: AuthedRequest) -> HttpResponse:
    return _save_funding(request, Funding())


@rule(COORDINATOR)
def funding_edit(request: AuthedRequest, funding_id: int) -> HttpResponse:
    return _save_funding(request, access.get_funding_for(request.user, funding_id, write=True))


@rule(COORDINATOR)
@require_POST
def deadline_add(request: AuthedRequest, funding_id: int) -> HttpResponse:
    funding = access.get_funding_for(request.user, funding_id, write=True)
    form = DeadlineForm(request.POST, instance=ReportingDeadline(funding=funding))
    if form.is_valid() and attempt(form, lambda: actions.deadline_save(actor=request.user, deadline=form.instance)):
        messages.success(request, f"“{form.instance.title}” is added.")
        return redirect("governance:funding_detail", funding.pk)
    return _funding_page(request, funding, deadline_form=form)


@rule(COORDINATOR)
def deadline_edit(request: AuthedRequest, deadline_id: int) -> HttpResponse:
    deadline = access.get_deadline_for(request.user, deadline_id, write=True)
    form = DeadlineForm(request.POST or None, instance=deadline)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.deadline_save(actor=request.user, deadline=form.instance))
    ):
        messages.success(request, f"“{deadline.title}” is saved.")
        return redirect("governance:funding_detail", deadline.funding_id)
    crumbs = _crumbs(
        ("Funding", reverse("governance:funding_list")), (deadline.funding.title, deadline.funding.get_absolute_url())
    )
    return form_page(
        request,
        form,
        title=f"Edit “{deadline.title}”",
        crumbs=crumbs,
        cancel=deadline.funding.get_absolute_url(),
        intro="Enter the date it was submitted to stop its reminders.",
    )


# --- Stakeholders -------------------------------------------------------------------------------------


@rule(REGISTER_READERS)
def stakeholder_list(request: AuthedRequest) -> HttpResponse:
    form = StakeholderFilter(request.GET or None)
    category = commitment = ""
    if form.is_valid():
        category, commitment = form.cleaned_data["category"], form.cleaned_data["commitment"]
    return render(
        request,
        "governance/stakeholder_list.html",
        {
            "form": form,
            "stakeholders": queries.stakeholders(category, commitment),
            "can_edit": access.is_coordinator(request.user),
        },
    )


def _stakeholder_page(
    request: AuthedRequest, stakeholder: Stakeholder, briefing_form: BriefingForm | None = None
) -> HttpResponse:
    can_edit = access.is_coordinator(request.user)
    context = {
        "stakeholder": stakeholder,
        "briefings": list(stakeholder.briefings.select_related("held_by")),
        "can_edit": can_edit,
        "briefing_form": briefing_form or (BriefingForm() if can_edit else None),
    }
    return render(request, "governance/stakeholder_detail.html", context, status=422 if briefing_form else 200)


@rule(REGISTER_READERS)
def stakeholder_detail(request: AuthedRequest, stakeholder_id: int) -> HttpResponse:
    return _stakeholder_page(request, access.get_stakeholder_for(request.user, stakeholder_id))


def _save_stakeholder(request: AuthedRequest, stakeholder: Stakeholder) -> HttpResponse:
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.stakeholder_save(actor=request.user, stakeholder=form.instance))
    ):
        messages.success(request, f"{stakeholder.name} is saved.")
        return redirect("governance:stakeholder_detail", stakeholder.pk)
    crumbs = _crumbs(("Stakeholders", reverse("governance:stakeholder_list")))
    cancel = (
        reverse("governance:stakeholder_detail", args=[stakeholder.pk])
        if stakeholder.pk
        else reverse("governance:stakeholder_list")
    )
    title = f"Edit {stakeholder.name}" if stakeholder.pk else "Add a stakeholder"
    return form_page(request, form, title=title, crumbs=crumbs, cancel=cancel)


@rule(COORDINATOR)
def stakeholder_create(request: AuthedRequest) -> HttpResponse:
    return _save_stakeholder(request, Stakeholder())


@rule(COORDINATOR)
def stakeholder_edit(request: AuthedRequest, stakeholder_id: int) -> HttpResponse:
    return _save_stakeholder(request, access.get_stakeholder_for(request.user, stakeholder_id, write=True))


@rule(COORDINATOR)
@require_POST
def briefing_add(request: AuthedRequest, stakeholder_id: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.user, stakeholder_id, write=True)
    form = BriefingForm(request.POST, instance=Briefing(stakeholder=stakeholder, held_by=request.user))
    if form.is_valid() and attempt(form, lambda: actions.briefing_add(actor=request.user, briefing=form.instance)):
        messages.success(request, "The briefing is recorded.")
        return redirect("governance:stakeholder_detail", stakeholder.pk)
    return _stakeholder_page(request, stakeholder, briefing_form=form)


# --- Formation path and reminders -------------------------------------------------------------------------


@rule(SIGNED_IN)
def formation(request: AuthedRequest) -> HttpResponse:
    steps = queries.formation_steps()
    return render(
        request,
        "governance/formation.html",
        {
            "steps": steps,
            "done": sum(1 for s in steps if s.is_done),
            "can_edit": access.is_coordinator(request.user),
        },
    )


def _save_step(request: AuthedRequest, step: FormationStep) -> HttpResponse:
    form_class = FormationStepForm if step.pk else FormationStepCreateForm
    form = form_class(request.POST or None, instance=step)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.formation_step_save(actor=request.user, step=form.instance))
    ):
        messages.success(request, f"“{step.title}” is saved.")
        return redirect("governance:formation")
    return form_page(
        request,
        form,
        title=f"Edit “{step.title}”" if step.pk else "Add a formation step",
        crumbs=_crumbs(("Formation path", reverse("governance:formation"))),
        cancel=reverse("governance:formation"),
        intro="Mark a step done with the date and a link to the evidence: a page of Accord (for example the charter "
        "or a meeting) or an https:// address.",
    )


@rule(COORDINATOR)
def formation_step_create(request: AuthedRequest) -> HttpResponse:
    return _save_step(request, FormationStep())


@rule(COORDINATOR)
def formation_step_edit(request: AuthedRequest, step_id: int) -> HttpResponse:
    return _save_step(request, access.get_formation_step_for(request.user, step_id, write=True))


@rule(COORDINATOR)
@require_POST
def reminder_dismiss(request: AuthedRequest, reminder_id: int) -> HttpResponse:
    reminder = access.get_reminder_for(request.user, reminder_id)
    actions.reminder_dismiss(actor=request.user, reminder=reminder)
    if getattr(request, "htmx", False):
        return HttpResponse("")
    messages.success(request, "The reminder is dismissed.")
    return redirect("core:home")
