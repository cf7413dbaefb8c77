"""Victim-services indicators for reporting (``accord.reporting.registry``): one database aggregate each.

Counted from the client records of the owning VSPs. Figures leave an organization only through the reporting
app, which suppresses small cells. "Victims identified" counts people whose intake fell in the period and who
are recorded as a possible or actual victim (a screen is not a determination, so "possible" counts).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, CharField, Q, QuerySet, Value, When

from accord.core import dimensions
from accord.core.models import Lane
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, STOCK, IndicatorSpec, Scope, counted
from accord.victim_services.models import Client, ServiceDelivery, TraffickingStatus

VS = str(Lane.VICTIM_SERVICES)

dimensions.register("trafficking_status", "Trafficking status", TraffickingStatus)


class ClientKind(models.TextChoices):
    NEW = "new", "New (intake in the period)"
    CONTINUING = "continuing", "Continuing"


dimensions.register("client_kind", "New or continuing", ClientKind)


def _service_categories() -> list[tuple[str, str]]:
    from accord.directory.models import ServiceCategory

    return [(c, n) for c, n in ServiceCategory.objects.order_by("sort_order", "name").values_list("code", "name")]


dimensions.register("service_category", "Service category", source=_service_categories)


def _identified(period: Period, scope: Scope) -> QuerySet:
    return (
        Client.objects.new_in(period.start, period.end)
        .exclude(trafficking_status=TraffickingStatus.NOT_A_VICTIM)
        .filter(**scope.filter("organization_id"))
    )


def _served(period: Period, scope: Scope) -> QuerySet:
    """Clients open at some time in the period: intake on or before its end, not closed before its start."""
    return Client.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start),
        intake_date__lte=period.end,
        **scope.filter("organization_id"),
    )


def victims_by_type_and_age(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_identified(period, scope), "trafficking_type", "age_band")


def victims_by_type_and_gender(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_identified(period, scope), "trafficking_type", "gender")


def victims_by_type_and_citizenship(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_identified(period, scope), "trafficking_type", "citizenship")


def victims_by_status(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = Client.objects.new_in(period.start, period.end).filter(**scope.filter("organization_id"))
    return counted(rows, "trafficking_status", "trafficking_type")


def clients_served(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    kind = Case(
        When(intake_date__gte=period.start, then=Value(ClientKind.NEW.value)),
        default=Value(ClientKind.CONTINUING.value),
        output_field=CharField(),
    )
    return counted(_served(period, scope).annotate(kind=kind), "kind", "trafficking_type")


def services_delivered(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = ServiceDelivery.objects.filter(
        delivered_on__gte=period.start, delivered_on__lte=period.end, **scope.filter("client__organization_id")
    )
    return counted(rows, "category__code")


INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "vs.victims_identified",
        "Victims identified, by trafficking type and age",
        "People whose intake at a victim-service provider fell in the period and who are recorded as a possible "
        "or actual victim of trafficking, by trafficking type and age band at intake.",
        VS,
        ("trafficking_type", "age_band"),
        EVENT,
        victims_by_type_and_age,
    ),
    IndicatorSpec(
        "vs.victims_identified_gender",
        "Victims identified, by trafficking type and gender",
        "The same people as “victims identified”, by trafficking type and gender.",
        VS,
        ("trafficking_type", "gender"),
        EVENT,
        victims_by_type_and_gender,
    ),
    IndicatorSpec(
        "vs.victims_identified_citizenship",
        "Victims identified, by trafficking type and citizenship",
        "The same people as “victims identified”, by trafficking type and citizenship (U.S. citizen or foreign "
        "national).",
        VS,
        ("trafficking_type", "citizenship"),
        EVENT,
        victims_by_type_and_citizenship,
    ),
    IndicatorSpec(
        "vs.trafficking_status",
        "New clients by trafficking status",
        "Clients whose intake fell in the period, by the trafficking status an advocate recorded (possible, "
        "actual, not a victim) and trafficking type.",
        VS,
        ("trafficking_status", "trafficking_type"),
        EVENT,
        victims_by_status,
    ),
    IndicatorSpec(
        "vs.clients_served",
        "Clients served, new and continuing",
        "Clients open at some time in the period (intake on or before its last day, not closed before its first), "
        "new when their intake fell in the period, continuing otherwise; by trafficking type.",
        VS,
        ("client_kind", "trafficking_type"),
        STOCK,
        clients_served,
    ),
    IndicatorSpec(
        "vs.services_delivered",
        "Services delivered, by category",
        "Services recorded as delivered to clients in the period, by the provider itself or another, counted "
        "once per delivery, by service category.",
        VS,
        ("service_category",),
        EVENT,
        services_delivered,
    ),
]
