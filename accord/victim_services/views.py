"""Victim-services pages: parse, reach the client through access.py, act, render.

Every page about a client is SIGNED_IN at the policy level and decided per object by ``access.get_client_for``:
a client outside the person's reach answers 404, exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core import audit, uploads
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.victim_services import actions, forms, queries
from accord.victim_services.access import (
    CLIENT_STAFF_RULE,
    SUPERVISOR_RULE,
    ClientAccess,
    get_client_for,
    get_disclosure_for,
    get_document_for,
    get_grant_for,
    get_release_for,
    get_screening_for,
    get_task_for,
)
from accord.victim_services.locking import RecordChanged
from accord.victim_services.models import (
    ClientStatus,
    CompelledDisclosure,
    DataCategory,
    Instrument,
    InstrumentVersion,
    Release,
    is_client_staff,
    is_vsp_supervisor,
    release_max_days,
)


def _form_page(
    request: AuthedRequest,
    form: BaseForm,
    *,
    title: str,
    access: ClientAccess | None,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "victim_services/form.html",
        {"form": form, "title": title, "access": access, "intro": intro},
        status=status,
    )


def add_error(form: BaseForm, error: ValidationError) -> None:
    """Put an action's refusal on the form: on its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _conflict(request: AuthedRequest, form: BaseForm, error: RecordChanged, **kwargs: Any) -> HttpResponse:
    form.add_error(None, error.message)
    return _form_page(request, form, status=409, **kwargs)


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    """Own clients for VSP staff; for everyone, the clients shared with their organization by a live release."""
    user = request.user
    form = forms.ClientSearchForm(request.GET or None)
    status = form.cleaned_data.get("status", "open") if form.is_valid() else "open"
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = None
    if is_client_staff(user):
        clients = queries.search(queries.own_clients(user, status=status), text)
        page = Paginator(clients, 50).get_page(request.GET.get("page"))
        if page.object_list:
            audit.record(
                verb="client.listed",
                actor=user,
                changes={"client_ids": [c.pk for c in page.object_list], "searched": bool(text)},
            )
    shared = list(queries.shared_with(user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "victim_services/index.html",
        {"form": form, "page": page, "shared": shared, "query": query.urlencode(), "is_staff": is_client_staff(user)},
    )


@rule(CLIENT_STAFF_RULE)
def client_create(request: AuthedRequest) -> HttpResponse:
    form = forms.ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = actions.client_create(
                actor=request.user, client=form.instance, control_methods=form.cleaned_data["control_methods"]
            )
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, f"Client {client.code} is open. Next: screen, record needs, services.")
            return redirect("victim_services:client_detail", client.pk)
    return _form_page(
        request,
        form,
        title="Intake: a new client",
        access=None,
        intro="Enter only what the person chooses to tell you. Every field except the intake date may stay empty.",
    )


@rule(SIGNED_IN)
def client_detail(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id)
    context: dict[str, Any] = {"access": access, "today": timezone.localdate()}
    context.update(queries.client_page(access.client))
    context["full"] = access.is_owner or access.basis == "break_glass"
    context["is_supervisor"] = is_vsp_supervisor(request.user, access.client.organization_id)
    context["shown"] = {c: access.sees(c) for c in DataCategory.values}
    return render(request, "victim_services/client_detail.html", context)


@rule(SIGNED_IN)
def client_edit(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="edit")
    form = forms.ClientForm(request.POST or None, instance=access.client)
    if request.method == "POST" and form.is_valid():
        try:
            actions.client_update(
                actor=request.user,
                client=form.instance,
                expected_version=form.cleaned_data["expected_version"],
                control_methods=form.cleaned_data["control_methods"],
            )
        except RecordChanged as error:
            return _conflict(request, form, error, title=f"Edit client {access.client.code}", access=access)
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("victim_services:client_detail", client_id)
    return _form_page(request, form, title=f"Edit client {access.client.code}", access=access)


@rule(SIGNED_IN)
def client_close(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="close")
    client = access.client
    if client.status == ClientStatus.CLOSED:
        if request.method == "POST":
            try:
                actions.client_reopen(
                    actor=request.user, client=client, expected_version=_int(request.POST.get("expected_version"))
                )
            except RecordChanged as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "The client record is open again.")
        return redirect("victim_services:client_detail", client_id)
    form = forms.CloseForm(request.POST or None, initial={"expected_version": client.version})
    title = f"Close client {client.code}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.client_close(
                actor=request.user,
                client=client,
                expected_version=data["expected_version"],
                closed_on=data["closed_on"],
                reason=data["reason"],
                living_situation=data["living_situation"],
                immigration_outcome=data["immigration_outcome"],
            )
        except RecordChanged as error:
            return _conflict(request, form, error, title=title, access=access)
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, f"Client {client.code} is closed.")
            return redirect("victim_services:client_detail", client_id)
    return _form_page(request, form, title=title, access=access)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


ITEMS: dict[str, tuple[str, Callable[..., Any]]] = {
    "person": ("Add a parent, guardian or other person", forms.PersonForm),
    "need": ("Record a need", forms.NeedForm),
    "goal": ("Add a service-plan goal", forms.GoalForm),
    "service": ("Record a service delivered", forms.ServiceForm),
    "note": ("Add a note", forms.NoteForm),
    "document": ("Add a document", forms.DocumentForm),
}


@rule(SIGNED_IN)
def item_create(request: AuthedRequest, client_id: int, kind: str) -> HttpResponse:
    if kind not in ITEMS:
        raise Http404("No such page.")
    access = get_client_for(request.user, client_id, write=True, purpose=f"add {kind}")
    client = access.client
    title, form_class = ITEMS[kind]
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    kwargs: dict[str, Any] = {"organization": client.organization} if kind == "service" else {}
    if kind in {"note", "document"}:
        form = form_class(data, files)
    else:
        form = form_class(data, files, **kwargs)
        form.instance.client = client
    intro = "Services are recorded with or without any release: consent is never a condition of service."
    if request.method == "POST" and form.is_valid():
        try:
            if kind == "note":
                actions.note_add(actor=request.user, client=client, text=form.cleaned_data["text"])
            elif kind == "document":
                actions.document_add(
                    actor=request.user,
                    client=client,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            else:
                SAVERS[kind](actor=request.user, **{kind: form.instance})
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("victim_services:client_detail", client_id)
    return _form_page(
        request, form, title=f"{title} for {client.code}", access=access, intro=intro if kind == "service" else ""
    )


SAVERS: dict[str, Callable[..., Any]] = {
    "person": actions.person_save,
    "need": actions.need_save,
    "goal": actions.goal_save,
    "service": actions.service_record,
}


def _current_version() -> InstrumentVersion:
    instrument = Instrument.objects.filter(purpose=Instrument.Purpose.SCREENING, is_active=True).order_by("pk").first()
    version = instrument.current_version() if instrument else None
    if version is None:
        raise Http404("No screening instrument is set up.")
    return version


@rule(SIGNED_IN)
def screening_create(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="screen")
    version = _current_version()
    form = forms.ScreeningForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            screening = actions.screening_record(
                actor=request.user,
                client=access.client,
                version=version,
                options=form.chosen_options(),
                administered_on=form.cleaned_data["administered_on"],
            )
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "The screen is recorded. It does not change the trafficking status.")
            return redirect("victim_services:screening_detail", screening.pk)
    return render(request, "victim_services/screening_form.html", {"form": form, "access": access, "version": version})


@rule(SIGNED_IN)
def screening_detail(request: AuthedRequest, screening_id: int) -> HttpResponse:
    access, screening = get_screening_for(request.user, screening_id)
    chosen = list(screening.options.select_related("question__section", "domain"))
    from accord.victim_services.models import score

    results = score(screening.version, chosen)
    return render(
        request,
        "victim_services/screening_detail.html",
        {"access": access, "screening": screening, "results": results, "answers": chosen},
    )


@rule(SIGNED_IN)
def release_create(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="record release")
    form = forms.ReleaseForm(request.POST or None, request.FILES or None, client=access.client)
    if request.method == "POST" and form.is_valid():
        try:
            release = actions.release_create(
                actor=request.user, release=form.instance, upload=form.cleaned_data.get("form_file")
            )
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, f"The release to {release.recipient} is recorded.")
            return redirect("victim_services:release_detail", release.pk)
    return render(
        request, "victim_services/release_form.html", {"form": form, "access": access, "max_days": release_max_days()}
    )


@rule(SIGNED_IN)
def release_blank(request: AuthedRequest, client_id: int) -> HttpResponse:
    """A plain-language release form to print and talk through with the client before they decide."""
    access = get_client_for(request.user, client_id, write=True, purpose="print release form")
    return render(
        request,
        "victim_services/release_print.html",
        {
            "access": access,
            "client": access.client,
            "release": None,
            "categories": DataCategory.choices,
            "max_days": release_max_days(),
        },
    )


@rule(SIGNED_IN)
def release_detail(request: AuthedRequest, release_id: int) -> HttpResponse:
    access, release = get_release_for(request.user, release_id)
    form = forms.RevokeForm(initial={"expected_version": release.version})
    return render(request, "victim_services/release_detail.html", {"access": access, "release": release, "form": form})


@rule(SIGNED_IN)
def release_print(request: AuthedRequest, release_id: int) -> HttpResponse:
    access, release = get_release_for(request.user, release_id)
    return render(
        request,
        "victim_services/release_print.html",
        {
            "access": access,
            "client": access.client,
            "release": release,
            "categories": DataCategory.choices,
            "max_days": release_max_days(),
        },
    )


@rule(SIGNED_IN)
@require_POST
def release_revoke(request: AuthedRequest, release_id: int) -> HttpResponse:
    access, release = get_release_for(request.user, release_id, write=True)
    form = forms.RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.release_revoke(
                actor=request.user,
                release=release,
                expected_version=form.cleaned_data["expected_version"],
                note=form.cleaned_data["note"],
            )
        except RecordChanged as error:
            return render(
                request,
                "victim_services/release_detail.html",
                {
                    "access": access,
                    "release": Release.objects.get(pk=release.pk),
                    "form": form,
                    "conflict": error.message,
                },
                status=409,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Revoked. {release.recipient} can no longer see anything under this release.")
    return redirect("victim_services:release_detail", release_id)


@rule(SIGNED_IN)
def release_form_download(request: AuthedRequest, release_id: int) -> HttpResponseBase:
    access, release = get_release_for(request.user, release_id)
    if not release.form_storage_name:
        raise Http404("No signed form was uploaded.")
    audit.record(
        verb="release.form_downloaded", actor=request.user, target=access.client, changes={"release_id": release.pk}
    )
    return uploads.serve(
        release.form_storage_name, download_name=release.form_name or "release", content_type=release.form_content_type
    )


@rule(SIGNED_IN)
def document_download(request: AuthedRequest, document_id: int) -> HttpResponseBase:
    access, document = get_document_for(request.user, document_id)
    audit.record(
        verb="client.document_downloaded",
        actor=request.user,
        target=access.client,
        changes={"document_id": document.pk, **access.audit_basis()},
    )
    return uploads.serve(
        document.storage_name, download_name=document.original_name, content_type=document.content_type
    )


@rule(SIGNED_IN)
def disclosure_create(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="compelled disclosure")
    form = forms.DisclosureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        disclosure = CompelledDisclosure(
            client=access.client,
            basis=data["basis"],
            authority=data["authority"],
            received_on=data["received_on"],
            recipient=data["recipient"],
            fields=data["disclosed"],
            note=data["note"],
        )
        try:
            actions.disclosure_record(actor=request.user, disclosure=disclosure, upload=data.get("order_file"))
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Recorded. A task to notify the client is on your home page.")
            return redirect("victim_services:disclosure_detail", disclosure.pk)
    return _form_page(
        request,
        form,
        title=f"Compelled disclosure for {access.client.code}",
        access=access,
        intro="Only for a court order or a statute that compels release. Release only the fields it names.",
    )


@rule(SIGNED_IN)
def disclosure_detail(request: AuthedRequest, disclosure_id: int) -> HttpResponse:
    """The disclosure record: exactly the named fields, ready to print and hand over."""
    access, disclosure = get_disclosure_for(request.user, disclosure_id)
    client = access.client
    values = []
    for code in disclosure.fields:
        if code == "services":
            value = "; ".join(
                f"{s.delivered_on:%Y-%m-%d} {s.category}" for s in client.services.select_related("category")
            )
        elif code in {"status", "trafficking_status"}:
            value = getattr(client, f"get_{code}_display")()
        else:
            value = str(getattr(client, code) or "")
        values.append((forms_label(code), value))
    return render(
        request,
        "victim_services/disclosure_detail.html",
        {"access": access, "disclosure": disclosure, "values": values, "task": getattr(disclosure, "task", None)},
    )


def forms_label(code: str) -> str:
    from accord.victim_services.models import DISCLOSURE_FIELD_LABELS

    return DISCLOSURE_FIELD_LABELS.get(code, code)


@rule(SIGNED_IN)
def disclosure_order_download(request: AuthedRequest, disclosure_id: int) -> HttpResponseBase:
    access, disclosure = get_disclosure_for(request.user, disclosure_id)
    if not disclosure.order_storage_name:
        raise Http404("No copy of the order was uploaded.")
    audit.record(verb="disclosure.order_downloaded", actor=request.user, target=access.client)
    return uploads.serve(
        disclosure.order_storage_name,
        download_name=disclosure.order_name or "order",
        content_type=disclosure.order_content_type,
    )


@rule(CLIENT_STAFF_RULE)
def task_done(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = get_task_for(request.user, task_id)
    form = forms.TaskDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.task_complete(actor=request.user, task=task, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Marked done.")
            return redirect("core:home")
    return _form_page(request, form, title=f"Notify client {task.disclosure.client.code} of a disclosure", access=None)


@rule(SUPERVISOR_RULE)
def break_glass_create(request: AuthedRequest, client_id: int) -> HttpResponse:
    access = get_client_for(request.user, client_id, write=True, purpose="break-glass grant")
    if not is_vsp_supervisor(request.user, access.client.organization_id):
        raise Http404("No such client.")
    form = forms.BreakGlassForm(request.POST or None, client=access.client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.break_glass_grant(
                actor=request.user,
                client=access.client,
                grantee=data["grantee"],
                reason=data["reason"],
                hours=data["hours"],
            )
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Emergency access granted. It ends by itself and must be reviewed.")
            return redirect("victim_services:client_detail", client_id)
    return _form_page(
        request,
        form,
        title=f"Emergency (break-glass) access to {access.client.code}",
        access=access,
        intro="Only when waiting for the client's consent would put someone in danger. The person sees the whole "
        "record, read-only, until the grant ends; every view is recorded and the grant is reviewed afterwards.",
    )


@rule(SUPERVISOR_RULE)
def break_glass_list(request: AuthedRequest) -> HttpResponse:
    grants = list(queries.grants_to_review(request.user)[:200])
    return render(request, "victim_services/break_glass_list.html", {"grants": grants})


@rule(SUPERVISOR_RULE)
def break_glass_review(request: AuthedRequest, grant_id: int) -> HttpResponse:
    grant = get_grant_for(request.user, grant_id)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.break_glass_review(actor=request.user, grant=grant, note=form.cleaned_data["review_note"])
        except ValidationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("victim_services:break_glass_list")
    views = audit_views_of(grant)
    return render(request, "victim_services/break_glass_review.html", {"grant": grant, "form": form, "views": views})


def audit_views_of(grant: Any) -> list[Any]:
    from accord.core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(verb="client.viewed", target_id=str(grant.client_id), actor_id=grant.grantee_id)
        .filter(changes__break_glass_id=grant.pk)
        .order_by("occurred_at")[:200]
    )


@rule(SUPERVISOR_RULE)
@require_POST
def break_glass_end(request: AuthedRequest, grant_id: int) -> HttpResponse:
    grant = get_grant_for(request.user, grant_id)
    try:
        actions.break_glass_end(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Emergency access ended.")
    return redirect("victim_services:break_glass_list")


@rule(CLIENT_STAFF_RULE)
def instrument_list(request: AuthedRequest) -> HttpResponse:
    instruments = Instrument.objects.prefetch_related("versions").order_by("name")
    return render(request, "victim_services/instrument_list.html", {"instruments": instruments})


@rule(CLIENT_STAFF_RULE)
def instrument_detail(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .prefetch_related("domains", "sections__questions__options__domain")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404("No such instrument.")
    return render(request, "victim_services/instrument_detail.html", {"version": version})
