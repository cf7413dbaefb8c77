"""Reporting pages: dashboards, the registry, report packs, the de-identified export and the quarterly review."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.exports import safe_cell
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, rule
from accord.governance.views._common import add_errors, attempt
from accord.reporting import access, actions, packs, queries, review
from accord.reporting.forms import GenerateForm, IndicatorForm, PackItemForm
from accord.reporting.models import Indicator, PackItem, PackState, PackTemplate
from accord.reporting.periods import Period


def _period(request: HttpRequest) -> Period:
    try:
        return queries.chosen_period(request.GET.get("period"))
    except ValueError as error:
        messages.error(request, str(error))
        return queries.chosen_period(None)


def _dashboard(request: AuthedRequest, organization_id: int | None) -> HttpResponse:
    period = _period(request)
    figures = queries.dashboard(request.user, period, organization=organization_id)
    codes = [f.indicator.code for f in figures]
    trend_code = request.GET.get("trend") if request.GET.get("trend") in codes else (codes[0] if codes else "")
    points = queries.trend(trend_code, period, request.user, organization=organization_id) if trend_code else []
    context = {
        "period": period,
        "periods": queries.period_choices(),
        "figures": figures,
        "trend_code": trend_code,
        "trend_name": next((f.indicator.name for f in figures if f.indicator.code == trend_code), ""),
        "points": points,
        "chart": queries.chart(points) if points else None,
        "organization": request.user.organization if organization_id else None,
        "k": next((f.figure.table.k for f in figures), None),
        "can_edit": queries.can_edit_registry(request.user),
    }
    return render(request, "reporting/dashboard.html", context)


@rule(SIGNED_IN)
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Every active indicator over the whole task force: small cells suppressed for everyone."""
    return _dashboard(request, None)


@rule(SIGNED_IN)
def organization_dashboard(request: AuthedRequest) -> HttpResponse:
    """The same indicators over the viewer's own organization: unsuppressed in the lanes the viewer works in."""
    if not request.user.organization_id:
        raise PermissionDenied("You do not belong to an organization.")
    return _dashboard(request, request.user.organization_id)


@rule(SIGNED_IN)
def indicator_list(request: AuthedRequest) -> HttpResponse:
    specs = queries.registry.specs()
    lanes = queries.registry.LANES
    rows = [(i, specs.get(i.code), lanes.get(i.lane, i.lane)) for i in Indicator.objects.all()]
    context = {"rows": rows, "can_edit": queries.can_edit_registry(request.user)}
    return render(request, "reporting/indicator_list.html", context)


@rule(COORDINATOR)
def indicator_edit(request: AuthedRequest, indicator_id: int) -> HttpResponse:
    indicator = access.get_indicator_for_edit(request.user, indicator_id)
    # The form edits a copy: the action compares the saved row with the new values for the audit diff.
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        if attempt(form, lambda: actions.indicator_update(actor=request.user, indicator=indicator, **values)):
            messages.success(request, f"“{indicator.name}” saved.")
            return redirect("reporting:indicator_list")
    return _form(request, form, f"Edit indicator {indicator.code}", reverse("reporting:indicator_list"))


def _form(request: HttpRequest, form: object, title: str, cancel: str) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/form.html", {"form": form, "title": title, "cancel": cancel}, status=status)


@rule(SIGNED_IN)
def pack_list(request: AuthedRequest) -> HttpResponse:
    context = {
        "templates": PackTemplate.objects.all(),
        "packs": queries.packs_for(request.user)[:30],
    }
    return render(request, "reporting/pack_list.html", context)


def _template_page(
    request: AuthedRequest, template: PackTemplate, form: GenerateForm, status: int = 200
) -> HttpResponse:
    specs = queries.registry.specs()
    definitions = dict(Indicator.objects.values_list("code", "definition"))
    items = [
        (item, specs.get(item.indicator_code), definitions.get(item.indicator_code, ""))
        for item in template.items.all()
    ]
    context = {
        "template": template,
        "items": items,
        "form": form,
        "can_edit": queries.can_edit_registry(request.user),
    }
    return render(request, "reporting/pack_template.html", context, status=status)


@rule(SIGNED_IN)
def pack_template(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = access.get_template(template_id)
    default = Period.last_complete("half_year").key
    return _template_page(request, template, GenerateForm(periods=queries.pack_periods(), initial={"period": default}))


@rule(SIGNED_IN)
@require_POST
def pack_generate(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = access.get_template(template_id)
    form = GenerateForm(request.POST, periods=queries.pack_periods())
    if form.is_valid():
        data = form.cleaned_data
        try:
            pack = actions.pack_generate(
                actor=request.user, template=template, period_key=data["period"], scope=data["scope"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("reporting:pack_detail", pack_id=pack.pk)
    return _template_page(request, template, form, status=400)


@rule(COORDINATOR)
def pack_item_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_edit(request.user, item_id)
    form = PackItemForm(request.POST or None, instance=PackItem.objects.get(pk=item.pk))  # a copy, as above
    cancel = reverse("reporting:pack_template", args=[item.template_id])
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        if attempt(form, lambda: actions.pack_item_update(actor=request.user, item=item, **values)):
            messages.success(request, f"Item {item.number} saved.")
            return redirect(cancel)
    return _form(request, form, f"Edit item {item.number} of {item.template.name}", cancel)


@rule(COORDINATOR)
def pack_item_add(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = access.get_template(template_id)
    form = PackItemForm(request.POST or None, initial={"order": (template.items.count() + 1) * 10})
    cancel = reverse("reporting:pack_template", args=[template.pk])
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        if attempt(form, lambda: actions.pack_item_add(actor=request.user, template=template, **values)):
            messages.success(request, f"Item {values['number']} added.")
            return redirect(cancel)
    return _form(request, form, f"Add an item to {template.name}", cancel)


@rule(SIGNED_IN)
def pack_detail(request: AuthedRequest, pack_id: int) -> HttpResponse:
    """While the job runs: its progress (htmx polls this page). When done: the printable pack (audited)."""
    pack = access.get_pack_for(request.user, pack_id)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "reporting/_pack_progress.html", {"pack": pack})
        if pack.finished:
            response["HX-Refresh"] = "true"  # reload the whole page, now showing the pack
        return response
    if pack.state == PackState.DONE:
        actions.pack_viewed(actor=request.user, pack=pack)
    return render(request, "reporting/pack_detail.html", {"pack": pack, "title": packs.title(pack)})


@rule(SIGNED_IN)
def pack_download(request: AuthedRequest, pack_id: int) -> HttpResponse:
    pack = access.get_pack_for(request.user, pack_id)
    if pack.state != PackState.DONE:
        messages.error(request, "The pack is not ready yet.")
        return redirect("reporting:pack_detail", pack_id=pack.pk)
    body = packs.xlsx(pack)
    actions.pack_viewed(actor=request.user, pack=pack, download=True)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{pack.template.code}-{pack.period_key}.xlsx"'
    return response


@rule(SIGNED_IN)
def review_page(request: AuthedRequest) -> HttpResponse:
    """The quarterly data review: trends, what is new this quarter, gaps, and a bulletin members can share."""
    period = _period(request) if request.GET.get("period") else Period.last_complete("quarter")
    context = {"period": period, "periods": queries.period_choices(), **review.build(request.user, period)}
    return render(request, "reporting/review.html", context)


def _export(request: AuthedRequest) -> tuple[str, Period, Any]:
    from accord.reporting import deidentify

    source = request.GET.get("source", "clients")
    if source not in queries.EXPORT_SOURCES:
        source = "clients"
    period = _period(request)
    return source, period, deidentify.deidentified_victims(queries.export_source(source, period))


@rule(COORDINATOR)
def export_page(request: AuthedRequest) -> HttpResponse:
    """What the de-identified export of the chosen records would hold, and its report, before downloading."""
    source, period, export = _export(request)
    context = {
        "source": source,
        "sources": queries.EXPORT_SOURCES.items(),
        "period": period,
        "periods": queries.period_choices(),
        "export": export,
        "preview": export.rows[:10],
    }
    return render(request, "reporting/export.html", context)


@rule(COORDINATOR)
def export_csv(request: AuthedRequest) -> HttpResponse:
    source, period, export = _export(request)
    actions.export_downloaded(
        actor=request.user,
        report={"source": source, "period": period.key, "rows": len(export.rows), "report": export.report},
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(export.header)
    writer.writerows([safe_cell(v) for v in row] for row in export.rows)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deidentified-{source}-{period.key}.csv"'
    return response
