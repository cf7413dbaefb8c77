"""Deconfliction pages: each view parses, asks access.py for the object, calls an action, renders.

Every view carries ``@rule(SIGNED_IN)`` and then ``access.require_deconflictor``: people outside law-enforcement
case staff get 404, never 403, so to them deconfliction does not exist (as with investigations). The settings
page is the coordinator's alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.forms import add_errors
from accord.core.models import User
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.deconfliction import access, actions, links, queries
from accord.deconfliction.forms import (
    LinkChartForm,
    OperationForm,
    RemoveForm,
    ResolveForm,
    SettingsForm,
    TargetForm,
)
from accord.deconfliction.models import Hit, HitSide, Settings
from accord.investigations.access import require_coordinator


def _announce(request: AuthedRequest, hits: list[Hit]) -> None:
    if not hits:
        messages.success(request, "Checked: no other agency has entered this.")
        return
    agencies = f"{len(hits)} other agenc{'ies work' if len(hits) > 1 else 'y works'} this"
    messages.warning(request, f"Conflict: {agencies}. Call their contact below before you act.")


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    hits = list(queries.hits_for(user, open_only=True)[:20])
    rows = [(hit, hit.side_for(user.organization_id), hit.other_side(user.organization_id)) for hit in hits]
    return render(request, "deconfliction/index.html", {"rows": rows, "open_count": queries.open_hit_count(user)})


@rule(SIGNED_IN)
def hit_list(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    show = request.GET.get("show", "open")
    page = Paginator(queries.hits_for(user, open_only=show != "all"), 50).get_page(request.GET.get("page"))
    rows = [(hit, hit.side_for(user.organization_id), hit.other_side(user.organization_id)) for hit in page]
    return render(request, "deconfliction/hit_list.html", {"page": page, "rows": rows, "show": show})


@rule(SIGNED_IN)
def hit_detail(request: AuthedRequest, hit_id: int) -> HttpResponse:
    user = access.require_deconflictor(request)
    side = access.get_side_for(user, hit_id)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.hit_resolve(actor=user, side=side, resolution=form.cleaned_data["resolution"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Marked resolved for your agency.")
            return redirect("deconfliction:hit", hit_id)
    access.mark_seen(user, side)
    other = access.other_side(side.hit, user.organization_id)
    return render(
        request, "deconfliction/hit_detail.html", {"side": side, "hit": side.hit, "other": other, "form": form}
    )


@rule(SIGNED_IN)
def target_list(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    page = Paginator(queries.targets_for(user), 50).get_page(request.GET.get("page"))
    access.record_viewed(user, None, purpose="list targets", target_ids=[t.pk for t in page])
    return render(request, "deconfliction/target_list.html", {"page": page})


@rule(SIGNED_IN)
def target_create(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    form = TargetForm(request.POST or None, user=user, initial={"investigation": request.GET.get("investigation")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target, hits = actions.target_enter(
                actor=user,
                investigation=data["investigation"],
                kind=data["kind"],
                value=data["value"],
                purpose=data["purpose"],
                state=data["state"],
                platform=data["platform"],
                aliases=data["aliases"].splitlines(),
                date_of_birth=data["date_of_birth"],
                person=data["person"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            _announce(request, hits)
            return redirect("deconfliction:target", target.pk)
    return render(request, "deconfliction/target_form.html", {"form": form})


def _with_other_sides(sides: QuerySet[HitSide], user: User) -> list[tuple[HitSide, HitSide | None]]:
    """The agency's sides of hits, each beside the other agency's side: one prefetch, not a query per row."""
    others = HitSide.objects.select_related("organization", "contact__organization")
    sides = sides.select_related("hit").prefetch_related(Prefetch("hit__sides", queryset=others))
    return [(side, side.hit.other_side(user.organization_id)) for side in sides]


@rule(SIGNED_IN)
def target_detail(request: AuthedRequest, target_id: int) -> HttpResponse:
    user = access.require_deconflictor(request)
    target = access.get_target_for(user, target_id)
    access.record_viewed(user, target, purpose="view a target")
    sides = HitSide.objects.filter(target=target, organization_id=user.organization_id or 0).order_by(
        "-hit__created_at"
    )
    rows = _with_other_sides(sides, user)
    mine = target.owner_id == user.organization_id
    return render(
        request,
        "deconfliction/target_detail.html",
        {"target": target, "rows": rows, "can_remove": mine and not target.removed_at, "remove_form": RemoveForm()},
    )


@rule(SIGNED_IN)
@require_POST
def target_remove(request: AuthedRequest, target_id: int) -> HttpResponse:
    user = access.require_deconflictor(request)
    target = access.get_target_for(user, target_id)
    form = RemoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the target no longer needs deconflicting.")
        actions.target_remove(actor=user, target=target, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed from matching. It stays on record.")
    return redirect("deconfliction:target", target.pk)


@rule(SIGNED_IN)
def operation_list(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    page = Paginator(queries.operations_for(user), 50).get_page(request.GET.get("page"))
    access.record_viewed(user, None, purpose="list operations", operation_ids=[o.pk for o in page])
    return render(request, "deconfliction/operation_list.html", {"page": page})


@rule(SIGNED_IN)
def operation_create(request: AuthedRequest) -> HttpResponse:
    user = access.require_deconflictor(request)
    form = OperationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            operation, hits = actions.operation_plan(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _announce(request, hits)
            return redirect("deconfliction:operation", operation.pk)
    return render(request, "deconfliction/operation_form.html", {"form": form})


@rule(SIGNED_IN)
def operation_detail(request: AuthedRequest, operation_id: int) -> HttpResponse:
    user = access.require_deconflictor(request)
    operation = access.get_operation_for(user, operation_id)
    access.record_viewed(user, operation, purpose="view an operation")
    rows = _with_other_sides(
        HitSide.objects.filter(operation=operation, organization_id=user.organization_id or 0), user
    )
    can_cancel = operation.owner_id == user.organization_id and not operation.cancelled_at
    return render(
        request, "deconfliction/operation_detail.html", {"operation": operation, "rows": rows, "can_cancel": can_cancel}
    )


@rule(SIGNED_IN)
@require_POST
def operation_cancel(request: AuthedRequest, operation_id: int) -> HttpResponse:
    user = access.require_deconflictor(request)
    operation = access.get_operation_for(user, operation_id)
    try:
        actions.operation_cancel(actor=user, operation=operation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Operation cancelled; it no longer conflicts with anything.")
    return redirect("deconfliction:operation", operation.pk)


def _chart(request: AuthedRequest) -> tuple[LinkChartForm, links.Graph | None]:
    user = access.require_deconflictor(request)
    form = LinkChartForm(request.GET or None, user=user)
    if not form.is_valid():
        return form, None
    investigation = form.cleaned_data["investigation"]
    graph = links.build(user, investigation.pk if investigation else None)
    access.record_viewed(
        user,
        investigation,
        purpose=form.cleaned_data["purpose"],
        page=request.resolver_match.url_name if request.resolver_match else "",
        nodes=graph.node_count,
    )
    return form, graph


@rule(SIGNED_IN)
def link_chart(request: AuthedRequest) -> HttpResponse:
    form, graph = _chart(request)
    context: dict[str, Any] = {"form": form, "graph": graph, "query": request.GET.urlencode()}
    if graph is not None:
        context["elements"] = links.elements(graph)
    return render(request, "deconfliction/link_chart.html", context)


@rule(SIGNED_IN)
def link_data(request: AuthedRequest) -> HttpResponse:
    form, graph = _chart(request)
    if graph is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse({"elements": links.elements(graph), "clusters": graph.clusters})


def _csv(request: AuthedRequest, render_csv: object, filename: str) -> HttpResponse:
    _, graph = _chart(request)
    if graph is None:
        messages.error(request, "Say why you are exporting (purpose) before downloading.")
        return redirect("deconfliction:links")
    response = HttpResponse(render_csv(graph), content_type="text/csv; charset=utf-8")  # type: ignore[operator]
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rule(SIGNED_IN)
def link_entities_csv(request: AuthedRequest) -> HttpResponse:
    return _csv(request, links.entities_csv, "accord-entities.csv")


@rule(SIGNED_IN)
def link_links_csv(request: AuthedRequest) -> HttpResponse:
    return _csv(request, links.links_csv, "accord-links.csv")


@rule(SIGNED_IN)
def settings_edit(request: AuthedRequest) -> HttpResponse:
    user = require_coordinator(request)
    current = Settings.current()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.settings_update(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Deconfliction settings saved.")
            return redirect("deconfliction:settings")
    return render(request, "deconfliction/settings.html", {"form": form})
