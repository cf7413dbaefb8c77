"""Directory pages: each view parses, asks access.py for the object, calls an action, renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from accord.core import audit
from accord.core.models import Role
from accord.core.policy import COORDINATOR, SIGNED_IN, USER_ADMINS, AuthedRequest, roles, rule
from accord.directory import access, actions, coverage, exports, hsds, queries
from accord.directory.filters import DirectoryFilter
from accord.directory.forms import (
    AvailabilityForm,
    CategoryForm,
    ContactForm,
    FindHelpForm,
    ImportForm,
    OfferingForm,
    ProfileForm,
)
from accord.directory.matching import find_help as match
from accord.directory.models import Area, Contact, Offering, ServiceCategory
from accord.directory.spreadsheet import COLUMNS, write_csv, write_xlsx
from accord.referrals.access import REFERRERS

REFERRAL_PREFILL = ("age", "gender", "language", "with_children", "trafficking_type")
HISTORY_READERS = roles(Role.COORDINATOR, Role.ORG_ADMIN, Role.AUDITOR)


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    form = DirectoryFilter(request.GET or None)
    page = Paginator(form.filter(queries.directory_organizations()), 40).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/index.html", {"form": form, "page": page, "query": query.urlencode()})


@rule(SIGNED_IN)
def print_directory(request: AuthedRequest) -> HttpResponse:
    form = DirectoryFilter(request.GET or None)
    organizations = form.filter(queries.directory_organizations())
    return render(request, "directory/print.html", {"organizations": organizations, "now": timezone.now()})


@rule(SIGNED_IN)
def organization(request: AuthedRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for(request.user, organization_id)
    editable = access.can_edit(request.user, org.pk)
    context = {
        "organization": org,
        "profile": getattr(org, "directory_profile", None),
        "can_edit": editable,
        "can_see_history": editable or request.user.has_role(Role.AUDITOR),
        "offerings": queries.organization_offerings(org, request.user),
        "contacts": queries.organization_contacts(org, request.user),
    }
    return render(request, "directory/organization.html", context)


@rule(USER_ADMINS)
def profile_edit(request: AuthedRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for(request.user, organization_id, write=True)
    profile = actions.ensure_profile(org)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            actions.profile_save(actor=request.user, profile=form.instance, areas=form.cleaned_data["areas"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("directory:organization", org.pk)
    return render(
        request, "directory/form.html", {"form": form, "organization": org, "title": f"Edit the profile of {org.name}"}
    )


def _save_contact(request: AuthedRequest, contact: Contact) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            actions.contact_save(
                actor=request.user, contact=form.instance, call_first_for=form.cleaned_data["call_first_for"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{contact.name} is saved.")
            return redirect("directory:organization", contact.organization_id)
    title = f"Edit {contact.name}" if contact.pk else f"Add a contact at {contact.organization.name}"
    return render(
        request,
        "directory/form.html",
        {"form": form, "organization": contact.organization, "title": title, "contact": contact},
    )


@rule(USER_ADMINS)
def contact_create(request: AuthedRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for(request.user, organization_id, write=True)
    return _save_contact(request, Contact(organization=org))


@rule(USER_ADMINS)
def contact_edit(request: AuthedRequest, contact_id: int) -> HttpResponse:
    return _save_contact(request, access.get_contact_for(request.user, contact_id, write=True))


@rule(USER_ADMINS)
@require_POST
def contact_delete(request: AuthedRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact_for(request.user, contact_id, write=True)
    actions.contact_delete(actor=request.user, contact=contact)
    messages.success(request, f"{contact.name} was removed from the directory.")
    return redirect("directory:organization", contact.organization_id)


@rule(SIGNED_IN)
def offering_detail(request: AuthedRequest, offering_id: int) -> HttpResponse:
    offering = access.get_offering_for(request.user, offering_id)
    return render(
        request,
        "directory/offering.html",
        {
            "offering": offering,
            "organization": offering.organization,
            "can_edit": access.can_edit(request.user, offering.organization_id),
        },
    )


def _save_offering(request: AuthedRequest, offering: Offering) -> HttpResponse:
    form = OfferingForm(
        request.POST or None,
        instance=offering,
        initial={"areas": list(_default_areas(offering))} if not offering.pk else None,
    )
    if request.method == "POST" and form.is_valid():
        if not offering.pk and "capacity_unit" not in request.POST:
            form.instance.capacity_unit = form.instance.category.capacity_unit
        try:
            saved = actions.offering_save(actor=request.user, offering=form.instance, areas=form.cleaned_data["areas"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect("directory:offering_detail", saved.pk)
    title = f"Edit {offering}" if offering.pk else f"Add a service at {offering.organization.name}"
    return render(
        request,
        "directory/form.html",
        {"form": form, "organization": offering.organization, "title": title, "offering": offering},
    )


def _default_areas(offering: Offering) -> list[Area]:
    profile = getattr(offering.organization, "directory_profile", None)
    return list(profile.areas.all()) if profile else []


@rule(USER_ADMINS)
def offering_create(request: AuthedRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for(request.user, organization_id, write=True)
    return _save_offering(request, Offering(organization=org))


@rule(USER_ADMINS)
def offering_edit(request: AuthedRequest, offering_id: int) -> HttpResponse:
    return _save_offering(request, access.get_offering_for(request.user, offering_id, write=True))


@rule(USER_ADMINS)
@require_POST
def capacity_update(request: AuthedRequest, offering_id: int) -> HttpResponse:
    """One click: the provider says how much room it has now (htmx swaps the panel in place)."""
    offering = access.get_offering_for(request.user, offering_id, write=True)
    form = AvailabilityForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            actions.offering_set_availability(actor=request.user, offering=offering, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = "Choose how much space there is."
    if request.headers.get("HX-Request") == "true":
        # 200 even for a refusal: htmx swaps only successful responses, and the panel shows the message.
        offering.refresh_from_db()
        context = {"offering": offering, "can_edit": True, "saved": not error, "error": error}
        return render(request, "directory/partials/_capacity.html", context)
    (messages.error if error else messages.success)(request, error or f"Availability of {offering} confirmed.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("directory:organization", offering.organization_id)


@rule(HISTORY_READERS)
def history(request: AuthedRequest, organization_id: int) -> HttpResponse:
    org = access.get_history_organization_for(request.user, organization_id)
    page = Paginator(queries.organization_history(org), 50).get_page(request.GET.get("page"))
    return render(request, "directory/history.html", {"organization": org, "page": page})


@rule(SIGNED_IN)
def find_help(request: AuthedRequest) -> HttpResponse:
    form = FindHelpForm(request.GET or None)
    wide = request.GET.get("show") == "all"
    answer = match(form.need(), wide=wide) if form.is_valid() else None
    gap = coverage.population_for(answer.need) if answer and not answer.matches else ""
    # The need profile travels to the referral form, so a referral starts from what was searched for.
    profile = {k: str(v) for k, v in request.GET.items() if k in REFERRAL_PREFILL and v}
    context = {
        "form": form,
        "answer": answer,
        "gap_population": gap,
        "can_refer": REFERRERS.permits(request.user),
        "refer_query": urlencode(profile),
        "wide": wide,
        "show_all_query": _with(request, show="all"),
    }
    return render(request, "directory/find_help.html", context)


def _with(request: AuthedRequest, **changes: str) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query[name] = value  # replaces, where update() would add a second value
    return query.urlencode()


@rule(SIGNED_IN)
def coverage_gaps(request: AuthedRequest) -> HttpResponse:
    grid = coverage.compute()
    code = request.GET.get("population") or "adult_men"
    population = grid.population(code) or grid.populations[0]
    return render(
        request,
        "directory/coverage.html",
        {
            "grid": grid,
            "population": population,
            "heatmap": coverage.heatmap(grid, population.code),
            "rows": [
                {"category": c, "cells": [grid.cell(c.pk, population.code, county.pk) for county in grid.counties]}
                for c in grid.categories
            ],
            "summary": grid.gap_counts(),
            "legend": coverage.STATUS_LABELS,
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rule(SIGNED_IN)
def coverage_csv(request: AuthedRequest) -> HttpResponse:
    grid = coverage.compute()
    columns = ["service_code", "service", "population", "county", "providers", "providers_confirmed", "status"]
    rows = [
        {
            "service_code": c.code,
            "service": c.name,
            "population": p.label,
            "county": county.name,
            "providers": cell.count,
            "providers_confirmed": len(cell.confirmed),
            "status": cell.label,
        }
        for c in grid.categories
        for p in grid.populations
        for county in grid.counties
        if (cell := grid.cell(c.pk, p.code, county.pk)) is not None
    ]
    audit.record(verb="directory.coverage_exported", actor=request.user, changes={"rows": len(rows)})
    return _download(
        write_csv(rows, columns), f"coverage-gaps-{timezone.localdate():%Y%m%d}.csv", "text/csv; charset=utf-8"
    )


EXPORTS = {
    "csv": ("directory-{date}.csv", "text/csv; charset=utf-8"),
    "xlsx": ("directory-{date}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "hsds-json": ("directory-hsds-{date}.json", "application/json"),
    "hsds-zip": ("directory-hsds-{date}.zip", "application/zip"),
}


@rule(SIGNED_IN)
def export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("No such export format.")
    if fmt in ("csv", "xlsx"):
        rows = list(exports.directory_rows())
        content = write_csv(rows) if fmt == "csv" else write_xlsx(rows)
        count = len(rows)
    else:
        tables = hsds.build_tables()
        content = hsds.as_json(tables) if fmt == "hsds-json" else hsds.as_zip(tables)
        count = len(tables["service"])
    audit.record(verb="directory.exported", actor=request.user, changes={"format": fmt, "rows": count})
    filename, content_type = EXPORTS[fmt]
    return _download(content, filename.format(date=f"{timezone.localdate():%Y%m%d}"), content_type)


@rule(COORDINATOR)
def import_upload(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch, _plan = actions.import_upload(actor=request.user, filename=upload.name, content=upload.read())
        return redirect("directory:import_preview", batch.pk)
    return render(request, "directory/import.html", {"form": form, "columns": COLUMNS})


@rule(COORDINATOR)
def import_template(request: AuthedRequest) -> HttpResponse:
    return _download(write_csv([]), "directory-import-template.csv", "text/csv; charset=utf-8")


@rule(COORDINATOR)
def import_preview(request: AuthedRequest, batch_id: int) -> HttpResponse:
    from accord.directory.imports import plan_import

    batch = access.get_import_batch_for(request.user, batch_id)
    plan = plan_import(bytes(batch.content)) if batch.status == batch.Status.PREVIEWED else None
    return render(request, "directory/import_preview.html", {"batch": batch, "plan": plan})


@rule(COORDINATOR)
@require_POST
def import_apply(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = access.get_import_batch_for(request.user, batch_id)
    try:
        plan = actions.import_apply(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory:import_preview", batch.pk)
    counts = plan.counts()
    messages.success(
        request, f"Imported: {counts['create']} created, {counts['update']} updated, {counts['unchanged']} unchanged."
    )
    return redirect("directory:import_preview", batch.pk)


@rule(SIGNED_IN)
def categories(request: AuthedRequest) -> HttpResponse:
    return render(request, "directory/categories.html", {"categories": ServiceCategory.objects.all()})


def _save_category(request: AuthedRequest, category: ServiceCategory) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            actions.category_save(actor=request.user, category=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{category.name} is saved.")
            return redirect("directory:categories")
    title = f"Edit {category.name}" if category.pk else "Add a service to the taxonomy"
    return render(request, "directory/form.html", {"form": form, "title": title, "back": "directory:categories"})


@rule(COORDINATOR)
def category_create(request: AuthedRequest) -> HttpResponse:
    return _save_category(request, ServiceCategory())


@rule(COORDINATOR)
def category_edit(request: AuthedRequest, category_id: int) -> HttpResponse:
    category = ServiceCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise Http404("No such service.")
    return _save_category(request, category)
