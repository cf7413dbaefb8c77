"""Reporting over the API: figures as the dashboards compute them, the indicator registry, pack templates, and
generating and reading report packs — through the reporting app's own queries, access functions, page form and
actions (and so the same suppression and the same audit as its pages).

A figure's cells are numbers, or null with a ``suppressed`` marker: "primary" (a count from 1 to k-1) or
"complementary" (hidden so that the small ones cannot be worked out). A hidden value never leaves the server.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.base import ApiView, ListApiView, StrictSerializer, check_with_form, form_data
from accord.api.scopes import Scope
from accord.core.policy import SIGNED_IN, rule
from accord.reporting import access, actions, packs, queries
from accord.reporting.forms import GenerateForm
from accord.reporting.models import GeneratedPack, Indicator, PackItem, PackState, PackTemplate
from accord.reporting.models import Scope as PackScope
from accord.reporting.queries import FigureView

READ, WRITE = Scope.REPORTING_READ, Scope.REPORTING_WRITE


# Figures -------------------------------------------------------------------------------------------------------
class CellSerializer(serializers.Serializer):
    row = serializers.CharField(help_text='A value of the first dimension ("total" without dimensions).')
    col = serializers.CharField(help_text='A value of the second dimension ("count" with one or none).')
    value = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.ChoiceField(["primary", "complementary"], allow_null=True)


class TotalSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="Null when hidden.")


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    lane = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    suppressed = serializers.BooleanField(help_text="Small cells are suppressed in this figure (k below).")
    k = serializers.IntegerField(allow_null=True, help_text="The suppression threshold, when suppressed.")
    total = serializers.IntegerField(allow_null=True)
    previous_total = serializers.IntegerField(allow_null=True, help_text="The period before, as shown.")
    cells = CellSerializer(many=True)
    row_totals = TotalSerializer(many=True)
    col_totals = TotalSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField()
    period_label = serializers.CharField()
    scope = serializers.ChoiceField(PackScope.choices)
    organization = serializers.IntegerField(allow_null=True)
    figures = FigureSerializer(many=True)


def _figure(view: FigureView) -> dict[str, Any]:
    figure, table = view.figure, view.figure.table

    def marker(cell: tuple[str, str]) -> str | None:
        return "primary" if cell in table.primary else "complementary" if cell in table.complementary else None

    return {
        "code": view.indicator.code,
        "name": view.indicator.name,
        "lane": figure.spec.lane,
        "dimensions": list(figure.dimensions),
        "suppressed": figure.suppressed,
        "k": table.k if figure.suppressed else None,
        "total": figure.headline_value,
        "previous_total": view.previous.headline_value if view.previous else None,
        "cells": [{"row": r, "col": c, "value": v, "suppressed": marker((r, c))} for (r, c), v in table.cells.items()],
        "row_totals": [{"key": r, "value": v} for r, v in table.row_totals.items()],
        "col_totals": [{"key": c, "value": v} for c, v in table.col_totals.items()],
    }


@extend_schema(
    tags=["reporting"],
    parameters=[
        OpenApiParameter("period", description="2026-Q3, 2026-H1 or 2026; the last complete half-year if left out."),
        OpenApiParameter("scope", enum=PackScope.values, description="task_force (default) or organization."),
    ],
    responses=FiguresSerializer,
)
@rule(SIGNED_IN)
class Figures(ApiView):
    """Every active indicator for a period, computed as the dashboards compute them: the task force suppressed,
    your own organization open in the lanes you work in (suppressed in the others)."""

    read_scope = write_scope = READ
    pagination_class = None

    def get(self, request: Request) -> Response:
        try:
            period = queries.chosen_period(request.query_params.get("period"))
        except ValueError as error:
            raise serializers.ValidationError({"period": [str(error)]}) from None
        scope = request.query_params.get("scope") or PackScope.TASK_FORCE
        if scope not in PackScope.values:
            raise serializers.ValidationError({"scope": ["Choose task_force or organization."]})
        organization = request.user.organization_id if scope == PackScope.ORGANIZATION else None
        if scope == PackScope.ORGANIZATION and not organization:
            raise PermissionDenied("You do not belong to an organization.")  # as the organization dashboard
        views = queries.dashboard(request.user, period, organization=organization)
        body = {
            "period": period.key,
            "period_label": period.label,
            "scope": scope,
            "organization": organization,
            "figures": [_figure(v) for v in views],
        }
        return Response(FiguresSerializer(body).data)


# The registry and pack templates -----------------------------------------------------------------------------
class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "definition", "lane", "dimensions", "period_type", "active"]

    dimensions = serializers.ListField(child=serializers.CharField())


@extend_schema(tags=["reporting"])
@rule(SIGNED_IN)
class IndicatorList(ListApiView):
    """The indicator registry, as the registry page lists it."""

    read_scope = write_scope = READ
    serializer_class = IndicatorSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(Indicator.objects.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PackItemSerializer(serializers.ModelSerializer):
    grant_year = serializers.IntegerField(allow_null=True)  # no database-dependent bound in the committed schema

    class Meta:
        model = PackItem
        fields = ["number", "question", "indicator_code", "dimension", "grant_year"]


class PackTemplateSerializer(serializers.ModelSerializer):
    items = PackItemSerializer(many=True, read_only=True)

    class Meta:
        model = PackTemplate
        fields = ["id", "code", "name", "description", "items"]


@extend_schema(tags=["reporting"])
@rule(SIGNED_IN)
class PackTemplateList(ListApiView):
    """Report pack templates, each with its questions and the indicator answering each."""

    read_scope = write_scope = READ
    serializer_class = PackTemplateSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(queries.templates())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Generated packs -----------------------------------------------------------------------------------------------
class ShownSerializer(serializers.Serializer):
    label = serializers.CharField()
    shown = serializers.CharField(help_text='As printed in the pack: a number, "<k" or "*".')
    value = serializers.IntegerField(allow_null=True, help_text="The number, or null when suppressed.")


class PackAnswerSerializer(serializers.Serializer):
    number = serializers.CharField()
    question = serializers.CharField()
    indicator = serializers.CharField()
    definition = serializers.CharField()
    dimension = serializers.CharField()
    total = ShownSerializer()
    rows = ShownSerializer(many=True)
    suppressed = serializers.BooleanField()
    error = serializers.CharField()


class GeneratedPackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    template = serializers.IntegerField()
    title = serializers.CharField()
    period = serializers.CharField()
    scope = serializers.ChoiceField(PackScope.choices)
    organization = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(PackState.choices)
    items_done = serializers.IntegerField()
    items_total = serializers.IntegerField()
    percent = serializers.IntegerField()
    error = serializers.CharField()
    suppression_k = serializers.IntegerField(allow_null=True)
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    status_url = serializers.CharField()
    items = PackAnswerSerializer(many=True, allow_null=True, help_text="The answers, once the pack is done.")


def _shown(label: str, shown: str) -> dict[str, Any]:
    return {"label": label, "shown": shown, "value": int(shown) if shown.isdigit() else None}


def _answer(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored answer (already suppressed when generated) with numbers where they are numbers."""
    return {
        "number": stored["number"],
        "question": stored["question"],
        "indicator": stored["indicator"],
        "definition": stored.get("definition", ""),
        "dimension": stored.get("dimension", ""),
        "total": _shown("Total", stored.get("total", "")),
        "rows": [_shown(label, shown) for label, shown in stored.get("rows", [])],
        "suppressed": bool(stored.get("suppressed")),
        "error": stored.get("error", ""),
    }


def _pack(pack: GeneratedPack) -> dict[str, Any]:
    return {
        "id": pack.pk,
        "template": pack.template_id,
        "title": packs.title(pack),
        "period": pack.period_key,
        "scope": pack.scope,
        "organization": pack.organization_id,
        "state": pack.state,
        "items_done": pack.items_done,
        "items_total": pack.items_total,
        "percent": pack.percent,
        "error": pack.error,
        "suppression_k": pack.suppression_k,
        "requested_at": pack.requested_at,
        "finished_at": pack.finished_at,
        "status_url": reverse("api:pack_detail", args=[pack.pk]),
        "items": [_answer(a) for a in pack.result] if pack.state == PackState.DONE else None,
    }


class GenerateSerializer(StrictSerializer):
    period = serializers.CharField(help_text="A quarter or half-year that has begun, e.g. 2026-Q3 or 2026-H1.")
    scope = serializers.ChoiceField(PackScope.choices, default=PackScope.TASK_FORCE)


@extend_schema(tags=["reporting"], request=GenerateSerializer, responses={202: GeneratedPackSerializer})
@rule(SIGNED_IN)
class PackGenerate(ApiView):
    """Queue a pack (the page's form and action); poll ``status_url`` until its state is done."""

    read_scope = READ
    write_scope = WRITE
    serializer_class = GenerateSerializer

    def post(self, request: Request, template_id: int) -> Response:
        template = access.get_template(template_id)
        given = GenerateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cleaned = check_with_form(GenerateForm(form_data(dict(given.validated_data)), periods=queries.pack_periods()))
        pack = actions.pack_generate(
            actor=request.user, template=template, period_key=cleaned["period"], scope=cleaned["scope"]
        )
        body = GeneratedPackSerializer(_pack(pack)).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})


@extend_schema(tags=["reporting"], responses=GeneratedPackSerializer)
@rule(SIGNED_IN)
class PackDetail(ApiView):
    """A generated pack: its progress, and when done its answers (the opening is audited, as on the page). Its
    requester opens it, and the coordinator every task-force pack; for anyone else it does not exist (404)."""

    read_scope = write_scope = READ

    def get(self, request: Request, pack_id: int) -> Response:
        pack = access.get_pack_for(request.user, pack_id)
        if pack.state == PackState.DONE:
            actions.pack_viewed(actor=request.user, pack=pack)
        return Response(GeneratedPackSerializer(_pack(pack)).data)
