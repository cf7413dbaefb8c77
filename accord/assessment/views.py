"""Assessment pages: instruments and their rounds, answering, results, and the partner network."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.assessment import access, actions, network, queries
from accord.assessment.forms import NetworkSurveyOpenForm, RatingsForm, ResponseForm, RevisionForm, RoundOpenForm
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, rule
from accord.governance.views._common import attempt
from accord.victim_services.models import InstrumentVersion, Question


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Assessment", reverse("assessment:index")), *extra]


def _refused(request: AuthedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    instruments = [(i, queries.rounds_of(i)) for i in queries.assessment_instruments()]
    context = {
        "instruments": instruments,
        "open_form": RoundOpenForm(),
        "is_coordinator": access.is_coordinator(request.user),
        "awaiting": {r.pk for r in queries.open_rounds_awaiting(request.user)},
    }
    return render(request, "assessment/index.html", context)


@rule(SIGNED_IN)
def instrument_detail(request: AuthedRequest, instrument_id: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, instrument_id)
    version = instrument.current_version()
    sections = version.sections.prefetch_related("questions__options") if version else []
    context = {
        "instrument": instrument,
        "version": version,
        "sections": sections,
        "versions": instrument.versions.all(),
        "crumbs": _crumbs(),
        "is_coordinator": access.is_coordinator(request.user),
    }
    return render(request, "assessment/instrument_detail.html", context)


@rule(COORDINATOR)
def instrument_edit(request: AuthedRequest, instrument_id: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, instrument_id, write=True)
    version = instrument.current_version()
    if version is None:
        raise PermissionDenied("This instrument has no current version.")
    form = RevisionForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        based_on = InstrumentVersion.objects.filter(pk=data["version"], instrument=instrument).first() or version
        revision = actions.Revision(
            texts={code: data[f"text_{code}"] for code in form.codes},
            removed={code for code in form.codes if data[f"remove_{code}"]},
            added=[(data["new_section"], data["new_code"], data["new_text"])] if data.get("new_section") else [],
            notes=data["notes"],
        )
        if attempt(form, lambda: actions.instrument_revise(
            actor=request.user, instrument=instrument, based_on=based_on, revision=revision
        )):  # fmt: skip
            messages.success(request, "Saved as a new version. Past rounds keep the version they were opened on.")
            return redirect("assessment:instrument_detail", instrument.pk)
    context = {"instrument": instrument, "version": version, "form": form, "crumbs": _crumbs(
        (instrument.name, reverse("assessment:instrument_detail", args=[instrument.pk]))
    )}  # fmt: skip
    return render(request, "assessment/instrument_edit.html", context, status=400 if form.errors else 200)


@require_POST
@rule(COORDINATOR)
def round_open(request: AuthedRequest, instrument_id: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, instrument_id, write=True)
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the round a title.")
        return redirect("assessment:index")
    try:
        round_ = actions.round_open(actor=request.user, instrument=instrument, title=form.cleaned_data["title"])
    except ValidationError as error:
        _refused(request, error)
        return redirect("assessment:index")
    messages.success(request, f"“{round_.title}” is open: members see it on their home page.")
    return redirect("assessment:round_detail", round_.pk)


@require_POST
@rule(COORDINATOR)
def round_close(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for(request.user, round_id, write=True)
    try:
        actions.round_close(actor=request.user, round_=round_)
        messages.success(request, f"“{round_.title}” is closed; its results are open to every member.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("assessment:round_results", round_.pk)


@rule(SIGNED_IN)
def round_detail(request: AuthedRequest, round_id: int) -> HttpResponse:
    """The round: the answer form while open (for members), and the person's own answers."""
    round_ = access.get_round_for(request.user, round_id)
    own = queries.own_answers(request.user, round_)
    can_answer = access.can_respond(request.user) and round_.is_open
    if request.method == "POST" and not access.can_respond(request.user):
        raise PermissionDenied("The auditor reads only.")
    form = ResponseForm(request.POST or None, version=round_.version, initial_stages=own)
    status = 200
    if request.method == "POST":
        if form.is_valid() and attempt(
            form, lambda: actions.response_submit(actor=request.user, round_=round_, stages=form.stages())
        ):
            messages.success(request, "Thank you: your answers are saved. Only you see them with your name.")
            return redirect("assessment:round_detail", round_.pk)
        status = 400
    context = {
        "round": round_,
        "form": form,
        "can_answer": can_answer,
        "answered": bool(own),
        "crumbs": _crumbs(),
        "is_coordinator": access.is_coordinator(request.user),
        "can_see_results": access.can_see_results(request.user, round_),
        "respondents": round_.responses.count(),
    }
    return render(request, "assessment/round_detail.html", context, status=status)


@rule(SIGNED_IN)
def round_results(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for(request.user, round_id)
    if not access.can_see_results(request.user, round_):
        raise PermissionDenied("Results open to members when the coordinator closes the round.")
    context = {
        "results": queries.results(round_),
        "round": round_,
        "crumbs": _crumbs((round_.title, reverse("assessment:round_detail", args=[round_.pk]))),
        "is_coordinator": access.is_coordinator(request.user),
    }
    return render(request, "assessment/round_results.html", context)


@rule(COORDINATOR)
def round_responses(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for(request.user, round_id, write=True)
    codes = list(
        Question.objects.filter(section__version=round_.version)
        .order_by("section__sort_order", "sort_order", "pk")
        .values_list("code", flat=True)
    )
    rows = queries.anonymized_responses(round_)
    context = {
        "round": round_,
        "codes": codes,
        "rows": [{**row, "cells": [row["stages"].get(code, "") for code in codes]} for row in rows],
        "threshold": queries.suppression_threshold(),
        "crumbs": _crumbs((round_.title, reverse("assessment:round_detail", args=[round_.pk]))),
    }
    return render(request, "assessment/round_responses.html", context)


@require_POST
@rule(COORDINATOR)
def action_propose(request: AuthedRequest, round_id: int, question_id: int) -> HttpResponse:
    round_ = access.get_round_for(request.user, round_id, write=True)
    question = Question.objects.filter(pk=question_id, section__version=round_.version).first()
    if question is None:
        from django.http import Http404

        raise Http404("No such element in this round.")
    element = next(e for s in queries.results(round_).sections for e in s.elements if e.question.pk == question.pk)
    try:
        item = actions.action_propose(actor=request.user, round_=round_, question=question, summary=element.summary())
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Action item proposed for {item.meeting.title} on "
                                  f"{item.meeting.starts_at:%B %-d, %Y}; reassign it there.")  # fmt: skip
    return redirect(reverse("assessment:round_results", args=[round_.pk]) + f"#element-{question.code}")


# --- The partner network ------------------------------------------------------------------------------


TIES_SHOWN = 40  # the strongest; the measures count them all


def _offset(request: AuthedRequest) -> int:
    value = request.GET.get("period", "0")
    return int(value) if value.isdigit() and int(value) < 5 else 0


@rule(SIGNED_IN)
def network_page(request: AuthedRequest) -> HttpResponse:
    offset = _offset(request)
    current = network.build(queries.period(offset))
    previous = network.build(queries.period(offset + 1))
    survey = queries.open_survey()
    context = {
        "network": current,
        "previous": previous,
        "changes": network.change(current, previous),
        "elements": network.elements(current),
        "ties": network.tie_table(current)[:TIES_SHOWN],
        "tie_count": current.measures["ties"],
        "sources": list(network.SOURCES.values()),
        "periods": [queries.period(n) for n in range(3)],
        "offset": offset,
        "survey": survey,
        "can_rate": survey is not None and access.can_respond(request.user),
        "responded": queries.responded_organizations(survey) if survey else 0,
        "is_coordinator": access.is_coordinator(request.user),
        "open_form": NetworkSurveyOpenForm(),
        "crumbs": _crumbs(),
    }
    return render(request, "assessment/network.html", context)


@require_POST
@rule(COORDINATOR)
def network_survey_open(request: AuthedRequest) -> HttpResponse:
    form = NetworkSurveyOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the survey a title.")
        return redirect("assessment:network")
    try:
        actions.network_survey_open(actor=request.user, title=form.cleaned_data["title"])
        messages.success(request, "The network survey is open: each organization's members can answer for it.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("assessment:network")


@require_POST
@rule(COORDINATOR)
def network_survey_close(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, survey_id, write=True)
    try:
        actions.network_survey_close(actor=request.user, survey=survey)
        messages.success(request, "The network survey is closed.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("assessment:network")


@rule(SIGNED_IN)
def network_survey_respond(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, survey_id)
    if not access.can_respond(request.user):
        raise PermissionDenied("Members answer for their organization; the auditor reads only.")
    organization = request.user.organization
    assert organization is not None
    others = [o for o in queries.organizations() if o.pk != organization.pk]
    form = RatingsForm(request.POST or None, others=others, current=queries.ratings_of(organization, survey))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            ratings = form.ratings()
            if not form.errors and attempt(form, lambda: actions.network_ratings_submit(
                actor=request.user, survey=survey, ratings=ratings
            )):  # fmt: skip
                messages.success(request, f"Saved {organization.name}'s ratings.")
                return redirect("assessment:network")
        status = 400
    context = {
        "survey": survey,
        "form": form,
        "organization": organization,
        "crumbs": _crumbs(("Partner network", reverse("assessment:network"))),
    }
    return render(request, "assessment/network_survey.html", context, status=status)
