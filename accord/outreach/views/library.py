"""The materials library (versions, approval by the training committee, downloads) and the glossary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core import uploads
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.outreach import access, actions, queries
from accord.outreach.forms import GlossaryForm, MaterialCreateForm, MaterialForm, ReviewForm, VersionForm
from accord.outreach.models import GlossaryTerm, Material, MaterialKind, MaterialUse
from accord.outreach.views._common import add_errors, attempt, choice, crumbs, form_page, page_query

VERSION = "version-%s"


def _library_trail() -> list[tuple[str, str]]:
    return crumbs(("Materials library", reverse("outreach:material_list")))


@rule(SIGNED_IN)
def material_list(request: AuthedRequest) -> HttpResponse:
    kind = choice(request, "kind", MaterialKind.values)
    use = choice(request, "use", MaterialUse.values)
    page = Paginator(queries.materials(request.user, kind=kind, use=use), 40).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "kind": kind,
        "use": use,
        "kinds": MaterialKind.choices,
        "uses": MaterialUse.choices,
        "can_manage": access.can_manage_trainings(request.user),
    }
    return render(request, "outreach/material_list.html", context)


@rule(SIGNED_IN)
def material_create(request: AuthedRequest) -> HttpResponse:
    """A new material and its first version, in one step: both are saved, or neither."""
    access.require_training_manager(request.user)
    form = MaterialCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                material = actions.material_save(actor=request.user, material=form.instance)
                actions.material_version_add(
                    actor=request.user,
                    material=material,
                    upload=form.cleaned_data["document"],
                    text=form.cleaned_data["text"],
                    note="First version",
                )
        except ValidationError as error:
            form.instance.pk = None
            add_errors(form, error)
        else:
            messages.success(request, f"“{material.title}” is in the library, awaiting the training committee.")
            return redirect("outreach:material_detail", material.pk)
    intro = "Everyone else sees it once the training committee approves a version."
    return form_page(
        request,
        form,
        title="Add a material",
        trail=_library_trail(),
        cancel=reverse("outreach:material_list"),
        multipart=True,
        intro=intro,
    )


@rule(SIGNED_IN)
def material_edit(request: AuthedRequest, material_id: int) -> HttpResponse:
    material = access.get_material_for(request.user, material_id, write=True)
    form = MaterialForm(request.POST or None, instance=material)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.material_save(actor=request.user, material=form.instance))
    ):
        messages.success(request, f"“{material.title}” is saved.")
        return redirect("outreach:material_detail", material.pk)
    return form_page(
        request, form, title=f"Edit “{material.title}”", trail=_library_trail(), cancel=material.get_absolute_url()
    )


def _material_page(request: AuthedRequest, material: Material, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_manage = access.can_manage_trainings(request.user)
    can_approve = access.can_approve(request.user)
    if can_manage:
        forms.setdefault("version_form", VersionForm(auto_id=VERSION))
    context = {
        "material": material,
        "can_manage": can_manage,
        "can_approve": can_approve,
        "review_form": ReviewForm(auto_id="review-%s") if can_approve else None,
        **queries.material_detail(material, request.user),
        **forms,
    }
    return render(request, "outreach/material_detail.html", context, status=status)


@rule(SIGNED_IN)
def material_detail(request: AuthedRequest, material_id: int) -> HttpResponse:
    return _material_page(request, access.get_material_for(request.user, material_id))


@rule(SIGNED_IN)
@require_POST
def version_add(request: AuthedRequest, material_id: int) -> HttpResponse:
    material = access.get_material_for(request.user, material_id, write=True)
    form = VersionForm(request.POST, request.FILES, auto_id=VERSION)
    if form.is_valid() and attempt(
        form,
        lambda: actions.material_version_add(
            actor=request.user,
            material=material,
            upload=form.cleaned_data["document"],
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, "The new version awaits the training committee's approval.")
        return redirect(reverse("outreach:material_detail", args=[material.pk]) + "#versions")
    return _material_page(request, material, version_form=form, status=422)


@rule(SIGNED_IN)
def version_download(request: AuthedRequest, version_id: int) -> FileResponse:
    version = access.get_version_for(request.user, version_id)
    if not version.has_file:
        raise Http404("This version has no file.")
    actions.material_downloaded(actor=request.user, version=version)
    return uploads.serve(version.storage_name, download_name=version.original_name, content_type=version.content_type)


@rule(SIGNED_IN)
@require_POST
def version_review(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = access.get_version_for(request.user, version_id, review=True)
    form = ReviewForm(request.POST, auto_id="review-%s")
    if form.is_valid() and attempt(
        form,
        lambda: actions.material_version_review(
            actor=request.user,
            version=version,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, f"Version {version.number} is {version.get_status_display().lower()}.")
        return redirect(reverse("outreach:material_detail", args=[version.material_id]) + "#versions")
    return _material_page(request, version.material, review_form=form, status=422)


# --- Glossary --------------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def glossary(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.glossary(text), 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "text": text,
        "can_manage": access.can_manage_trainings(request.user),
    }
    return render(request, "outreach/glossary.html", context)


def _save_term(request: AuthedRequest, term: GlossaryTerm) -> HttpResponse:
    form = GlossaryForm(request.POST or None, instance=term)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.glossary_save(actor=request.user, term=form.instance))
    ):
        messages.success(request, f"“{term.term}” is in the glossary.")
        return redirect(reverse("outreach:glossary") + f"#term-{term.pk}")
    title = f"Edit “{term.term}”" if term.pk else "Add a term"
    trail = crumbs(("Glossary", reverse("outreach:glossary")))
    return form_page(request, form, title=title, trail=trail, cancel=reverse("outreach:glossary"))


@rule(SIGNED_IN)
def glossary_create(request: AuthedRequest) -> HttpResponse:
    access.require_training_manager(request.user)
    return _save_term(request, GlossaryTerm())


@rule(SIGNED_IN)
def glossary_edit(request: AuthedRequest, term_id: int) -> HttpResponse:
    return _save_term(request, access.get_glossary_term_for(request.user, term_id, write=True))
