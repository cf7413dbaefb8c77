"""Outreach indicators, computed by the database from the records, for a period.

Two uses. The outreach overview page calls the breakdown functions (``FOR_PAGE``): each takes a ``Period``
(inclusive dates) and the ``viewer``, refuses anyone not signed in, and returns aggregates only (counts,
sums, means), never names. The reporting registry reads ``INDICATORS`` (``IndicatorSpec``: one aggregate
per indicator, over a ``Scope`` of organizations: the trainings they gave, the events they took part in).
Training and outreach figures describe the task force's own work, not victims, so no small-cell suppression
applies to them (lane ``task_force``); the knowledge gain is a mean, not a count, and stays on the page.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from accord.core import dimensions
from accord.core.models import Term
from accord.outreach.access import sees_all_names
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    OutreachEvent,
    SessionType,
    TestResult,
    Trainer,
    Training,
    TrainingAudience,
)
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, TASK_FORCE, IndicatorSpec, Scope, counted, summed

__all__ = ["Period"]  # re-exported: the outreach pages and tests build periods through this module
from accord.outreach.queries import Gain, gain_by_discipline, gain_of, suppress_small, suppression_threshold


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    value: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Breakdown:
    total: int
    cells: list[Cell]


@dataclass(frozen=True)
class GainBreakdown:
    """``None`` stands for a figure hidden because it averages too few people (see ``knowledge_gain``)."""

    overall: Gain | None
    by_discipline: list[tuple[str, Gain | None]]
    threshold: int = 0

    @property
    def suppressed(self) -> bool:
        return self.overall is None or any(gain is None for _, gain in self.by_discipline)


def _check_viewer(viewer: Any) -> None:
    if not (getattr(viewer, "is_authenticated", False) and getattr(viewer, "is_active", False)):
        raise PermissionDenied("Indicators are for signed-in members.")


def _held(period: Period) -> Any:
    return Training.objects.held_between(period.start, period.end)


def trainings_held(period: Period, viewer: Any) -> Breakdown:
    """Trainings held: trainings that took place in the period (started on a day in it, already begun, not
    cancelled), whatever their approval, counted in total and by kind of session (training, onboarding of new
    members, train-the-trainer)."""
    _check_viewer(viewer)
    rows = dict(
        _held(period).values("session_type").annotate(n=Count("pk")).order_by().values_list("session_type", "n")
    )
    cells = [Cell(value, str(label), rows.get(value, 0)) for value, label in SessionType.choices]
    return Breakdown(sum(rows.values()), cells)


def people_trained(period: Period, viewer: Any) -> Breakdown:
    """People trained by discipline: the attendees of trainings held in the period, as recorded in each
    training's counts by discipline (member and public trainings alike), in total and by discipline. A person
    who attended two trainings counts twice: these are attendances, because public trainings keep no names."""
    _check_viewer(viewer)
    rows = (
        TrainingAudience.objects.filter(training__in=_held(period))
        .values("discipline__code", "discipline__label", "discipline__sort_order")
        .annotate(n=Sum("attendees"))
        .order_by("discipline__sort_order", "discipline__label")
    )
    cells = [Cell(r["discipline__code"], r["discipline__label"], r["n"]) for r in rows]
    return Breakdown(sum(c.value for c in cells), cells)


def knowledge_gain(period: Period, viewer: Any) -> GainBreakdown:
    """Knowledge gain: for trainings held in the period, the mean post-test score minus the mean pre-test
    score, each as a percentage of the training's highest possible score, over the respondents who took both
    tests; in percentage points, overall and by discipline. Unless the viewer sees attendees' names (the
    coordinator, the training committee), an average over fewer people than the task force's suppression
    threshold is withheld, with complementary suppression, because member staff could be recognized."""
    _check_viewer(viewer)
    results = TestResult.objects.filter(training__in=_held(period))
    per_discipline: dict[int, Gain | None] = dict(gain_by_discipline(results))
    overall: Gain | None = gain_of(results)
    threshold = 0 if sees_all_names(viewer) else suppression_threshold()
    if threshold:
        per_discipline = suppress_small({k: v for k, v in per_discipline.items() if v is not None}, threshold)
        if overall is not None and 0 < overall.respondents < threshold:
            overall = None
    terms = {
        pk: (order, label)
        for pk, order, label in Term.objects.filter(pk__in=list(per_discipline)).values_list(
            "pk", "sort_order", "label"
        )
    }
    ordered = sorted(per_discipline.items(), key=lambda item: terms[item[0]])
    return GainBreakdown(overall, [(terms[pk][1], gain) for pk, gain in ordered], threshold)


def outreach_reach(period: Period, viewer: Any) -> Breakdown:
    """Outreach reach by audience: the people reached by awareness and outreach events held in the period
    (not cancelled, with their reach recorded), in total and by audience type, with the number of events."""
    _check_viewer(viewer)
    rows = (
        OutreachEvent.objects.live()
        .filter(
            starts_at__date__gte=period.start,
            starts_at__date__lte=period.end,
            starts_at__lt=timezone.now(),
            reach__isnull=False,
        )
        .values("audience__code", "audience__label", "audience__sort_order")
        .annotate(reach=Sum("reach"), events=Count("pk"))
        .order_by("audience__sort_order", "audience__label")
    )
    cells = [Cell(r["audience__code"], r["audience__label"], r["reach"], {"events": r["events"]}) for r in rows]
    return Breakdown(sum(c.value for c in cells), cells)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    compute: Callable[[Period, Any], Any]

    @property
    def definition(self) -> str:
        return " ".join(inspect.getdoc(self.compute).split()) if inspect.getdoc(self.compute) else ""  # type: ignore[union-attr]


FOR_PAGE: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator("outreach-trainings-held", "Trainings held", trainings_held),
        Indicator("outreach-people-trained", "People trained by discipline", people_trained),
        Indicator("outreach-knowledge-gain", "Knowledge gain", knowledge_gain),
        Indicator("outreach-reach", "Outreach reach by audience", outreach_reach),
    )
}


dimensions.register("session_type", "Kind of session", SessionType)
dimensions.register("audience", "Audience", source=dimensions.terms(AUDIENCE_VOCABULARY))


def _trainings(period: Period, scope: Scope) -> Any:
    """Trainings held in the period (as ``held_between``, by instants); for organizations, those one of their
    staff trained at."""
    held = Training.objects.held().filter(**period.during("starts_at"))
    if scope.organization_ids is None:
        return held
    trainers = Trainer.objects.filter(training=OuterRef("pk"), organization_id__in=sorted(scope.organization_ids))
    return held.filter(Exists(trainers))


def _events(period: Period, scope: Scope) -> Any:
    events = OutreachEvent.objects.live().filter(**period.during("starts_at")).filter(starts_at__lt=timezone.now())
    if scope.organization_ids is None:
        return events
    involved = OutreachEvent.member_organizations.through.objects.filter(
        outreachevent_id=OuterRef("pk"), organization_id__in=sorted(scope.organization_ids)
    )
    return events.filter(Exists(involved))


INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "out.trainings_held",
        "Trainings held",
        "Trainings that took place in the period (started on a day in it, not cancelled), by kind of session.",
        TASK_FORCE,
        ("session_type",),
        EVENT,
        lambda period, scope: counted(_trainings(period, scope), "session_type"),
    ),
    IndicatorSpec(
        "out.people_trained",
        "People trained, by discipline",
        "Attendances at trainings held in the period, from each training's counts by discipline. A person at two "
        "trainings counts twice, because public trainings keep no names.",
        TASK_FORCE,
        ("audience",),
        EVENT,
        lambda period, scope: summed(
            TrainingAudience.objects.filter(training__in=_trainings(period, scope)), "attendees", "discipline__code"
        ),
    ),
    IndicatorSpec(
        "out.events",
        "Awareness and outreach events",
        "Awareness and outreach events held in the period (not cancelled), by audience type.",
        TASK_FORCE,
        ("audience",),
        EVENT,
        lambda period, scope: counted(_events(period, scope), "audience__code"),
    ),
    IndicatorSpec(
        "out.reach",
        "People reached by outreach events",
        "People reached by the awareness and outreach events held in the period, as recorded after each event, "
        "by audience type. Events without a recorded reach add nothing.",
        TASK_FORCE,
        ("audience",),
        EVENT,
        lambda period, scope: summed(_events(period, scope), "reach", "audience__code"),
    ),
]
