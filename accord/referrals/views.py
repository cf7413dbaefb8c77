"""Referral pages: list, find a provider, create, detail and the state moves. Parse, access, act, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from accord.core.forms import add_errors
from accord.core.models import Organization
from accord.core.policy import AuthedRequest, rule
from accord.directory.forms import FindHelpForm
from accord.directory.matching import find_help
from accord.directory.models import ServiceCategory
from accord.referrals import actions, forms, queries
from accord.referrals.access import (
    REFERRERS,
    get_referral_for,
    identity_for,
    require_recipient,
    require_sender,
)
from accord.referrals.models import Referral, State
from accord.victim_services.access import get_client_for
from accord.victim_services.locking import RecordChanged
from accord.victim_services.models import Family, Gender, TraffickingType, age_band_for, is_client_staff


@rule(REFERRERS)
def referral_list(request: AuthedRequest) -> HttpResponse:
    form = forms.ListFilter(request.GET or None)
    box = form.cleaned_data.get("box") or "all" if form.is_valid() else "all"
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    page = Paginator(queries.referrals_for(request.user, box=box, state=state), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "referrals/list.html", {"form": form, "page": page, "query": query.urlencode()})


@rule(REFERRERS)
def find(request: AuthedRequest) -> HttpResponse:
    """Step one: the directory's find-help matching on non-identifying facts; each result offers "Refer"."""
    initial: dict[str, Any] = {}
    client_id = request.GET.get("client", "")
    if client_id.isdigit() and is_client_staff(request.user):
        client = get_client_for(request.user, int(client_id), write=True, purpose="find help").client
        genders: dict[str, str] = {
            Gender.FEMALE: "women",
            Gender.MALE: "men",
            Gender.TRANSGENDER: "transgender_nonbinary",
        }
        initial = {
            "gender": genders.get(client.gender, "transgender_nonbinary" if client.gender == Gender.NONBINARY else ""),
            "language": client.primary_language,
            "trafficking_type": client.trafficking_type if client.trafficking_type != TraffickingType.UNKNOWN else "",
            "with_children": client.family == Family.WITH_CHILDREN,
        }
    form = FindHelpForm(request.GET if "service" in request.GET else None, initial=initial)
    answer = find_help(form.need()) if form.is_valid() else None
    return render(
        request,
        "referrals/find.html",
        {"form": form, "answer": answer, "client_id": client_id, "query": request.GET.urlencode()},
    )


def _initial_from_query(request: AuthedRequest) -> dict[str, Any]:
    """Prefill from find help (service, organization, age, gender, language, family, type) or from a client."""
    get = request.GET
    initial: dict[str, Any] = {}
    if get.get("organization", "").isdigit():
        initial["recipient"] = int(get["organization"])
    need = get.get("service") or get.get("category") or ""
    if need.isdigit():
        initial["need"] = int(need)
    if get.get("age", "").isdigit():
        initial["age_band"] = age_band_for(int(get["age"]))
    gender = {"women": Gender.FEMALE, "men": Gender.MALE, "transgender_nonbinary": Gender.NONBINARY}
    if get.get("gender") in gender:
        initial["gender"] = gender[get["gender"]]
    if get.get("language"):
        initial["language"] = get["language"]
    if get.get("with_children"):
        initial["family"] = Family.WITH_CHILDREN
    if get.get("trafficking_type") in TraffickingType.values:
        initial["trafficking_type"] = get["trafficking_type"]
    if get.get("client", "").isdigit() and is_client_staff(request.user):
        access = get_client_for(request.user, int(get["client"]), write=True, purpose="referral")
        client = access.client
        initial.update(
            client=client.pk,
            age_band=client.age_band,
            gender=client.gender,
            language=client.primary_language,
            family=client.family,
            trafficking_type=client.trafficking_type,
        )
    return initial


@rule(REFERRERS)
def create(request: AuthedRequest) -> HttpResponse:
    initial = _initial_from_query(request) if request.method == "GET" else {}
    form = forms.ReferralForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.referral_save(actor=request.user, referral=form.instance)
            if "send" in request.POST:
                actions.referral_send(actor=request.user, referral=referral, expected_version=referral.version)
        except ValidationError as error:
            add_errors(form, error)
            if form.instance.pk:  # the draft was saved but could not be sent
                messages.warning(request, "Saved as a draft, not sent: " + " ".join(error.messages))
                return redirect("referrals:detail", form.instance.pk)
        else:
            sent = referral.state == State.SENT
            messages.success(request, f"Referral {'sent to' if sent else 'saved as a draft for'} {referral.recipient}.")
            return redirect("referrals:detail", referral.pk)
    recipient = None
    if initial.get("recipient"):
        recipient = Organization.objects.filter(pk=initial["recipient"]).first()
    need = ServiceCategory.objects.filter(pk=initial.get("need") or 0).first()
    return render(
        request, "referrals/form.html", {"form": form, "referral": None, "recipient": recipient, "need": need}
    )


@rule(REFERRERS)
def edit(request: AuthedRequest, referral_id: int) -> HttpResponse:
    referral = get_referral_for(request.user, referral_id)
    require_sender(request.user, referral)
    if referral.state != State.DRAFT:
        messages.error(request, "Only a draft can be changed.")
        return redirect("referrals:detail", referral.pk)
    form = forms.ReferralForm(request.POST or None, instance=referral, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.referral_save(
                actor=request.user, referral=form.instance, expected_version=form.cleaned_data["expected_version"]
            )
        except RecordChanged as error:
            form.add_error(None, error.message)
            return render(request, "referrals/form.html", {"form": form, "referral": referral}, status=409)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/form.html", {"form": form, "referral": referral})


@rule(REFERRERS)
def detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    referral = get_referral_for(request.user, referral_id)
    user = request.user
    context = {
        "referral": referral,
        "identity": identity_for(user, referral),
        "is_sender": referral.sender_id == user.organization_id,
        "is_recipient": referral.recipient_id == user.organization_id,
        "decline_form": forms.DeclineForm(initial={"expected_version": referral.version}),
        "complete_form": forms.CompleteForm(initial={"expected_version": referral.version}),
        "step_form": forms.StepForm(initial={"expected_version": referral.version}),
        "client_link": referral.client_id if referral.client_id and is_client_staff(user, referral.sender_id) else None,
    }
    return render(request, "referrals/detail.html", context)


MOVES = {"send", "accept", "decline", "complete", "withdraw"}


@rule(REFERRERS)
def move(request: AuthedRequest, referral_id: int, action: str) -> HttpResponse:
    """POST one state move; a GET shows the detail page, where the forms are."""
    if action not in MOVES:
        raise Http404("No such page.")
    referral = get_referral_for(request.user, referral_id)
    if request.method != "POST":
        return redirect("referrals:detail", referral.pk)
    (require_sender if action in {"send", "withdraw"} else require_recipient)(request.user, referral)
    form_class = {"decline": forms.DeclineForm, "complete": forms.CompleteForm}.get(action, forms.StepForm)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail_with(request, referral, action, form, status=400)
    data = form.cleaned_data
    common = {"actor": request.user, "referral": referral, "expected_version": data.get("expected_version")}
    try:
        if action == "send":
            actions.referral_send(**common)
        elif action == "accept":
            actions.referral_accept(**common)
        elif action == "decline":
            actions.referral_decline(**common, reason=data["reason"], note=data["note"])
        elif action == "complete":
            actions.referral_complete(
                **common,
                outcome=data["outcome"],
                note=data["note"],
                delivered_on=data["delivered_on"],
                units=data["units"],
                unit=data["unit"],
            )
        else:
            actions.referral_withdraw(**common, note=data.get("note", ""))
    except RecordChanged as error:
        form.add_error(None, error.message)
        return _detail_with(request, Referral.objects.get(pk=referral.pk), action, form, status=409)
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return _detail_with(request, referral, action, form, status=400)
    messages.success(request, f"Referral {referral.get_state_display().lower()}.")
    return redirect("referrals:detail", referral.pk)


def _detail_with(request: AuthedRequest, referral: Referral, action: str, form: Any, *, status: int) -> HttpResponse:
    fresh = get_referral_for(request.user, referral.pk)
    context = {
        "referral": fresh,
        "identity": identity_for(request.user, fresh),
        "is_sender": fresh.sender_id == request.user.organization_id,
        "is_recipient": fresh.recipient_id == request.user.organization_id,
        "decline_form": form if action == "decline" else forms.DeclineForm(initial={"expected_version": fresh.version}),
        "complete_form": form
        if action == "complete"
        else forms.CompleteForm(initial={"expected_version": fresh.version}),
        "step_form": form if action not in {"decline", "complete"} else forms.StepForm(),
        "errors_for": action,
        "form_errors": form.non_field_errors() or [e for errs in form.errors.values() for e in errs],
        "client_link": fresh.client_id if fresh.client_id and is_client_staff(request.user, fresh.sender_id) else None,
    }
    return render(request, "referrals/detail.html", context, status=status)
