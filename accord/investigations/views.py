"""Investigation pages: each view parses, asks access.py for the object, calls an action, renders.

Every view carries ``@rule(SIGNED_IN)`` and then asks ``access.require_case_staff`` (or the coordinator or
intelligence variant): people outside the law-enforcement and prosecution lanes get 404, never 403, so to them
investigations do not exist (decision record 0006).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import BaseForm, ModelChoiceField
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.forms import add_errors
from accord.core.models import Lane
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.investigations import access, actions, queries
from accord.investigations.forms import (
    CaseReviewForm,
    DocumentForm,
    IntelligenceForm,
    IntelligenceReviewForm,
    InvestigationFilter,
    InvestigationForm,
    ReferralDecisionForm,
    SettingsForm,
    ShareForm,
)
from accord.investigations.kinds import KINDS, Kind
from accord.investigations.models import (
    CaseRecord,
    CaseReviewItem,
    Charge,
    ContinuedPresence,
    IntelligenceRecord,
    Investigation,
    InvestigationSettings,
    Subject,
    Task,
    Victim,
    Witness,
)

PEOPLE: dict[type[Model], str] = {Subject: "subject", Victim: "victim", Witness: "witness"}


def _detail_url(investigation: Investigation, section: str = "") -> str:
    url = reverse("investigations:detail", args=[investigation.pk])
    return f"{url}#{section}" if section else url


# Investigations ----------------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def investigation_list(request: AuthedRequest) -> HttpResponse:
    user = access.require_case_staff(request)
    form = InvestigationFilter(request.GET or None)
    page = Paginator(queries.investigations_for(user, form.criteria()), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "investigations/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_open": user.lane == Lane.LAW_ENFORCEMENT},
    )


@rule(SIGNED_IN)
def investigation_create(request: AuthedRequest) -> HttpResponse:
    user = access.require_case_staff(request)
    if user.lane != Lane.LAW_ENFORCEMENT:
        raise PermissionDenied("Investigations are opened by law-enforcement agencies.")
    investigation = Investigation(owner=user.organization, created_by=user)
    form = InvestigationForm(request.POST or None, instance=investigation, agency_id=user.organization_id or 0)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.investigation_create(actor=user, investigation=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Investigation {saved.case_number} is open.")
            return redirect("investigations:detail", saved.pk)
    return render(request, "investigations/investigation_form.html", {"form": form, "title": "Open an investigation"})


@rule(SIGNED_IN)
def investigation_detail(request: AuthedRequest, investigation_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    case = queries.case_file(investigation)
    access.record_people_viewed(
        user, investigation, {"subject": case.subjects, "victim": case.victims, "witness": case.witnesses}
    )
    return render(
        request,
        "investigations/detail.html",
        {
            "inv": investigation,
            "case": case,
            "can_manage": access.can_manage(user, investigation),
            "my_office_id": user.organization_id if user.lane == Lane.PROSECUTION else None,
            "today": timezone.localdate(),
        },
    )


@rule(SIGNED_IN)
def investigation_edit(request: AuthedRequest, investigation_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id, manage=True)
    form = InvestigationForm(request.POST or None, instance=investigation, agency_id=investigation.owner_id)
    if request.method == "POST" and form.is_valid():
        try:
            actions.investigation_update(actor=user, investigation=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Investigation saved.")
            return redirect("investigations:detail", investigation.pk)
    return render(
        request,
        "investigations/investigation_form.html",
        {"form": form, "inv": investigation, "title": f"Edit investigation {investigation.case_number}"},
    )


@rule(SIGNED_IN)
def sharing(request: AuthedRequest, investigation_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id, manage=True)
    form = ShareForm(request.POST or None, investigation=investigation)
    if request.method == "POST" and form.is_valid():
        try:
            share = actions.investigation_share(actor=user, investigation=investigation, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Shared with {share.organization}.")
            return redirect("investigations:sharing", investigation.pk)
    shares = investigation.shares.select_related("organization", "shared_by", "revoked_by").order_by("-shared_at")
    return render(request, "investigations/sharing.html", {"inv": investigation, "form": form, "shares": shares})


@rule(SIGNED_IN)
@require_POST
def share_revoke(request: AuthedRequest, investigation_id: int, share_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id, manage=True)
    share = investigation.shares.active().select_related("organization", "investigation").filter(pk=share_id).first()
    if share is None:
        raise Http404("No such share.")
    try:
        actions.share_revoke(actor=user, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{share.organization} no longer sees this investigation.")
    return redirect("investigations:sharing", investigation.pk)


# Records inside an investigation (subjects, victims, charges, relief…) -----------------------------------------


def _kind(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of record.")
    return kind


def _people_shown(form: BaseForm, item: CaseRecord) -> dict[str, list[Model]]:
    """Subjects, victims and witnesses whose details this form displays (the record itself and its choices)."""
    shown: dict[str, list[Model]] = defaultdict(list)
    if item.pk and type(item) in PEOPLE:
        shown[PEOPLE[type(item)]].append(item)
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and field.queryset is not None:
            model = field.queryset.model
            if model in PEOPLE:
                shown[PEOPLE[model]] += list(field.queryset)
            elif model is Charge:
                shown["subject"] += [charge.subject for charge in field.queryset]
    return shown


def _item_page(request: AuthedRequest, kind: Kind, investigation: Investigation, item: CaseRecord) -> HttpResponse:
    user = request.user
    form = kind.form(request.POST or None, instance=item, investigation=investigation)
    if request.method == "POST" and form.is_valid():
        try:
            kind.save(user, form.instance, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {kind.noun} is saved.")
            return redirect(_detail_url(investigation, kind.section))
    access.record_people_viewed(user, investigation, _people_shown(form, item))
    title = f"Edit the {kind.noun}" if item.pk else f"Add a {kind.noun}"
    return render(
        request,
        "investigations/item_form.html",
        {"form": form, "inv": investigation, "kind": kind, "item": item, "title": title},
        status=422 if request.method == "POST" else 200,
    )


@rule(SIGNED_IN)
def item_create(request: AuthedRequest, investigation_id: int, kind: str) -> HttpResponse:
    user = access.require_case_staff(request)
    spec = _kind(kind)
    investigation = access.get_investigation_for(user, investigation_id)
    item = spec.model(investigation=investigation, recorded_by=user, organization=user.organization)
    return _item_page(request, spec, investigation, item)


@rule(SIGNED_IN)
def item_edit(request: AuthedRequest, investigation_id: int, kind: str, item_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    spec = _kind(kind)
    investigation = access.get_investigation_for(user, investigation_id)
    return _item_page(request, spec, investigation, access.get_item_for(investigation, spec.model, item_id))


@rule(SIGNED_IN)
def referral_decide(request: AuthedRequest, investigation_id: int, item_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    referral = access.get_referral_to_decide(user, investigation, item_id)
    form = ReferralDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.referral_decide(actor=user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Referral {referral.get_decision_display().lower()}.")
            return redirect(_detail_url(investigation, "enforcement"))
    return render(
        request,
        "investigations/simple_form.html",
        {
            "form": form,
            "inv": investigation,
            "title": f"Decide the referral of {investigation.case_number}",
            "intro": "Your office's decision is shown to the agencies working the case.",
        },
    )


@rule(SIGNED_IN)
@require_POST
def continued_presence_renew(request: AuthedRequest, investigation_id: int, item_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    granted = access.get_item_for(investigation, ContinuedPresence, item_id)
    try:
        actions.continued_presence_renew(actor=user, granted=granted, requested_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Renewal of Continued Presence requested.")
    return redirect(_detail_url(investigation, "relief"))


@rule(SIGNED_IN)
@require_POST
def task_done(request: AuthedRequest, investigation_id: int, item_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    task = actions.task_complete(actor=user, task=access.get_item_for(investigation, Task, item_id))
    if request.headers.get("HX-Request") == "true":
        return render(request, "investigations/partials/_task.html", {"task": task, "inv": investigation})
    messages.success(request, "Task done.")
    return redirect(_detail_url(investigation, "tasks"))


@rule(SIGNED_IN)
def document_upload(request: AuthedRequest, investigation_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.document_upload(
                actor=user,
                investigation=investigation,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Document added.")
            return redirect(_detail_url(investigation, "documents"))
    return render(
        request,
        "investigations/simple_form.html",
        {
            "form": form,
            "inv": investigation,
            "title": "Add a document",
            "intro": "Documents are downloaded only through Accord, by the agencies that see this investigation; "
            "every download is recorded.",
            "multipart": True,
        },
    )


@rule(SIGNED_IN)
def document_download(request: AuthedRequest, investigation_id: int, item_id: int) -> FileResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    document = access.get_document_for(user, investigation, item_id)
    return actions.document_download(actor=user, document=document)


@rule(SIGNED_IN)
def review_create(request: AuthedRequest, investigation_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    form = CaseReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.case_review_create(
                actor=user,
                investigation=investigation,
                meeting_on=form.cleaned_data["meeting_on"],
                fields=form.cleaned_data["facts"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Case review item prepared.")
            return redirect("investigations:review_detail", investigation.pk, item.pk)
    return render(
        request,
        "investigations/simple_form.html",
        {
            "form": form,
            "inv": investigation,
            "title": "Prepare a case review item",
            "intro": "For a multidisciplinary case review. Only the facts you tick are kept, as they stand today; "
            "no names, identifiers or victim references are ever included.",
        },
    )


@rule(SIGNED_IN)
def review_detail(request: AuthedRequest, investigation_id: int, item_id: int) -> HttpResponse:
    user = access.require_case_staff(request)
    investigation = access.get_investigation_for(user, investigation_id)
    item = access.get_item_for(investigation, CaseReviewItem, item_id)
    return render(request, "investigations/review_detail.html", {"inv": investigation, "item": item})


# Task-force views --------------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def case_log(request: AuthedRequest) -> HttpResponse:
    user = access.require_case_staff(request)
    return render(
        request, "investigations/case_log.html", {"groups": queries.case_log(user), "today": timezone.localdate()}
    )


@rule(SIGNED_IN)
def relief(request: AuthedRequest) -> HttpResponse:
    user = access.require_case_staff(request)
    pending = queries.pending_relief(user)
    access.record_victims_listed(user, pending.victim_ids, page="relief")
    return render(
        request, "investigations/relief.html", {"pending": pending, "settings": InvestigationSettings.current()}
    )


@rule(SIGNED_IN)
def counts(request: AuthedRequest) -> HttpResponse:
    access.require_coordinator(request)
    return render(request, "investigations/counts.html", queries.task_force_counts())


@rule(SIGNED_IN)
def settings_edit(request: AuthedRequest) -> HttpResponse:
    user = access.require_coordinator(request)
    form = SettingsForm(request.POST or None, instance=InvestigationSettings.current())
    if request.method == "POST" and form.is_valid():
        try:
            actions.settings_update(actor=user, settings=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Investigation settings saved.")
            return redirect("investigations:settings")
    return render(
        request,
        "investigations/simple_form.html",
        {
            "form": form,
            "title": "Investigation settings",
            "intro": "Task-force-wide defaults for immigration relief.",
        },
    )


# Criminal intelligence (28 CFR Part 23) ----------------------------------------------------------------------


@rule(SIGNED_IN)
def intelligence_list(request: AuthedRequest) -> HttpResponse:
    user = access.require_intelligence_staff(request)
    page = Paginator(queries.intelligence_for(user), 50).get_page(request.GET.get("page"))
    return render(request, "investigations/intelligence_list.html", {"page": page, "today": timezone.localdate()})


def _intelligence_form(request: AuthedRequest, record: IntelligenceRecord, title: str) -> HttpResponse:
    user = request.user
    form = IntelligenceForm(request.POST or None, instance=record, agency_id=user.organization_id or 0)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.intelligence_save(actor=user, record=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Intelligence record saved.")
            return redirect("investigations:intelligence_detail", saved.pk)
    return render(
        request,
        "investigations/simple_form.html",
        {
            "form": form,
            "title": title,
            "intro": "28 CFR Part 23: keep only information with a documented criminal predicate, review it by the "
            "review date, and purge what is not validated by a review within five years.",
            "back": reverse("investigations:intelligence_list"),
        },
    )


@rule(SIGNED_IN)
def intelligence_create(request: AuthedRequest) -> HttpResponse:
    user = access.require_intelligence_staff(request)
    record = IntelligenceRecord(owner=user.organization, entered_by=user)
    return _intelligence_form(request, record, "Add a criminal-intelligence record")


@rule(SIGNED_IN)
def intelligence_edit(request: AuthedRequest, record_id: int) -> HttpResponse:
    user = access.require_intelligence_staff(request)
    return _intelligence_form(request, access.get_intelligence_for(user, record_id), "Edit the intelligence record")


@rule(SIGNED_IN)
def intelligence_detail(request: AuthedRequest, record_id: int) -> HttpResponse:
    user = access.require_intelligence_staff(request)
    record = access.get_intelligence_for(user, record_id)
    access.record_intelligence_viewed(user, record)
    return render(
        request,
        "investigations/intelligence_detail.html",
        {"record": record, "review_form": IntelligenceReviewForm()},
    )


@rule(SIGNED_IN)
@require_POST
def intelligence_review(request: AuthedRequest, record_id: int) -> HttpResponse:
    user = access.require_intelligence_staff(request)
    record = access.get_intelligence_for(user, record_id)
    form = IntelligenceReviewForm(request.POST)
    if form.is_valid():
        try:
            kept = actions.intelligence_review(
                actor=user,
                record=record,
                still_valid=form.cleaned_data["outcome"] == "keep",
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if kept is None:
                messages.success(request, "The record is purged.")
                return redirect("investigations:intelligence_list")
            messages.success(request, "Review recorded.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("investigations:intelligence_detail", record.pk)
