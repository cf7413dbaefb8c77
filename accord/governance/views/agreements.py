"""Agreements (MOUs, protocols, data-sharing), their signatories and documents, and the protocol checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core import uploads
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, rule
from accord.governance import access, actions, queries
from accord.governance.forms import AgreementForm, SignatoryForm, VersionForm
from accord.governance.models import Agreement, AgreementKind, AgreementStatus, Signatory
from accord.governance.views._common import attempt, form_page


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Governance", reverse("governance:index")),
        ("Agreements", reverse("governance:agreement_list")),
        *extra,
    ]


@rule(SIGNED_IN)
def agreement_list(request: AuthedRequest) -> HttpResponse:
    kind = request.GET.get("kind", "") if request.GET.get("kind") in AgreementKind.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in AgreementStatus.values else ""
    page = Paginator(queries.agreements(kind, status), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/agreement_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kind": kind,
            "status": status,
            "kinds": AgreementKind.choices,
            "statuses": AgreementStatus.choices,
            "can_edit": access.is_coordinator(request.user),
        },
    )


def _detail(
    request: AuthedRequest,
    agreement: Agreement,
    *,
    version_form: VersionForm | None = None,
    signatory_form: SignatoryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = access.is_coordinator(request.user)
    context = {
        "agreement": agreement,
        "parties": list(agreement.parties.all()),
        "topics": list(agreement.topics.all()),
        "signatories": list(agreement.signatories.select_related("organization")),
        "versions": list(agreement.versions.select_related("uploaded_by")),
        "can_edit": can_edit,
        "version_form": version_form or (VersionForm(auto_id="version-%s") if can_edit else None),
        "signatory_form": signatory_form
        or (SignatoryForm(agreement=agreement, auto_id="signatory-%s") if can_edit else None),
        "days_to_expiry": agreement.days_to_expiry(),
    }
    return render(request, "governance/agreement_detail.html", context, status=status)


@rule(SIGNED_IN)
def agreement_detail(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    return _detail(request, access.get_agreement_for(request.user, agreement_id))


def _save(request: AuthedRequest, agreement: Agreement) -> HttpResponse:
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: actions.agreement_save(
                actor=request.user,
                agreement=form.instance,
                parties=form.cleaned_data["parties"],
                topics=form.cleaned_data["topics"],
            ),
        )
        if saved:
            messages.success(request, f"“{agreement.title}” is saved.")
            return redirect("governance:agreement_detail", agreement.pk)
    title = f"Edit “{agreement.title}”" if agreement.pk else "Add an agreement"
    cancel = (
        reverse("governance:agreement_detail", args=[agreement.pk])
        if agreement.pk
        else reverse("governance:agreement_list")
    )
    return form_page(request, form, title=title, crumbs=_crumbs(), cancel=cancel)


@rule(COORDINATOR)
def agreement_create(request: AuthedRequest) -> HttpResponse:
    return _save(request, Agreement())


@rule(COORDINATOR)
def agreement_edit(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    return _save(request, access.get_agreement_for(request.user, agreement_id, write=True))


@rule(COORDINATOR)
@require_POST
def version_upload(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = access.get_agreement_for(request.user, agreement_id, write=True)
    form = VersionForm(request.POST, request.FILES, auto_id="version-%s")
    if form.is_valid() and attempt(
        form,
        lambda: actions.agreement_version_upload(
            actor=request.user,
            agreement=agreement,
            upload=form.cleaned_data["document"],
            note=form.cleaned_data["note"],
            is_signed=form.cleaned_data["is_signed"],
        ),
    ):
        messages.success(request, "The document is attached as a new version.")
        return redirect("governance:agreement_detail", agreement.pk)
    return _detail(request, agreement, version_form=form, status=422)


@rule(SIGNED_IN)
def version_download(request: AuthedRequest, version_id: int) -> FileResponse:
    version = access.get_version_for(request.user, version_id)
    actions.document_downloaded(actor=request.user, document=version)
    return uploads.serve(version.storage_name, download_name=version.original_name, content_type=version.content_type)


@rule(COORDINATOR)
@require_POST
def signatory_add(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = access.get_agreement_for(request.user, agreement_id, write=True)
    form = SignatoryForm(
        request.POST, instance=Signatory(agreement=agreement), agreement=agreement, auto_id="signatory-%s"
    )
    if form.is_valid() and attempt(form, lambda: actions.signatory_save(actor=request.user, signatory=form.instance)):
        messages.success(request, f"{form.instance.name} is recorded as a signatory.")
        return redirect("governance:agreement_detail", agreement.pk)
    return _detail(request, agreement, signatory_form=form, status=422)


@rule(SIGNED_IN)
def protocol_checklist(request: AuthedRequest) -> HttpResponse:
    rows = queries.protocol_checklist()
    return render(
        request,
        "governance/protocol_checklist.html",
        {
            "rows": rows,
            "covered": sum(1 for r in rows if r["covered"]),
            "can_edit": access.is_coordinator(request.user),
        },
    )
