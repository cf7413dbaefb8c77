"""The coordinator's retention page: rules per record class, what a purge would remove today, legal holds."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accord.core.policy import COORDINATOR, AuthedRequest, rule
from accord.retention import actions, queries
from accord.retention.forms import HoldForm, RuleForm
from accord.retention.models import LegalHold, RetentionRule


@rule(COORDINATOR)
def index(request: AuthedRequest) -> HttpResponse:
    return render(request, "retention/index.html", {"due": queries.due(), "holds": queries.active_holds()})


@rule(COORDINATOR)
@reauthentication_required  # a shorter period or a purge switched on removes records: confirm it is you (R8)
def rule_edit(request: AuthedRequest, record_class: str) -> HttpResponse:
    retention_rule = get_object_or_404(RetentionRule, record_class=record_class)
    form = RuleForm(request.POST or None, instance=retention_rule)
    if request.method == "POST" and form.is_valid():
        try:
            actions.rule_update(actor=request.user, rule=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Retention of {retention_rule} saved.")
            return redirect("retention:index")
    return render(request, "retention/form.html", {"form": form, "title": str(retention_rule), "rule": retention_rule})


@rule(COORDINATOR)
def hold_create(request: AuthedRequest) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        whole_class = data["scope"] == "class"
        try:
            actions.hold_place(
                actor=request.user,
                reason=data["reason"],
                record_class=data["record_class"] if whole_class else "",
                kind="" if whole_class else data["scope"],
                organization=data["organization"],
                reference=data["reference"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Legal hold placed: the purge will not touch what it covers.")
            return redirect("retention:index")
    return render(request, "retention/form.html", {"form": form, "title": "Place a legal hold"})


@rule(COORDINATOR)
@require_POST
@reauthentication_required
def hold_release(request: AuthedRequest, pk: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold, pk=pk)
    try:
        actions.hold_release(actor=request.user, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Legal hold released.")
    return redirect("retention:index")
