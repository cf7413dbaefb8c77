"""Governance indicators for reporting (``accord.reporting.registry``): the task force's own work.

One database aggregate each. These count meetings, attendance, agreements and objectives, not people served,
so they are shown as counted (lane ``task_force``). An organization's share: the meetings its staff attended,
the agreements it is a party to, the objectives its staff own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from accord.core import dimensions
from accord.core.models import Sector
from accord.governance.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Attendance,
    Meeting,
    Objective,
    ObjectiveStatus,
)
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, STOCK, TASK_FORCE, IndicatorSpec, Scope, counted

dimensions.register("discipline", "Discipline", Sector)
dimensions.register("agreement_kind", "Kind of agreement", AgreementKind)
dimensions.register("objective_status", "Status", ObjectiveStatus)


def _meetings(period: Period) -> Any:
    return Meeting.objects.filter(is_cancelled=False, **period.during("starts_at"))


def meetings_held(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    meetings = _meetings(period)
    if scope.organization_ids is not None:
        attended = Attendance.objects.filter(meeting=OuterRef("pk"), **scope.filter("organization_id"))
        meetings = meetings.filter(Exists(attended))
    held = meetings.count()
    return {(): held} if held else {}


def attendance(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = Attendance.objects.filter(meeting__in=_meetings(period), **scope.filter("organization_id"))
    return counted(rows, "discipline")


def agreements_in_force(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = Agreement.objects.filter(
        Q(effective_date__isnull=True) | Q(effective_date__lte=period.end),
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=period.start),
        status=AgreementStatus.IN_FORCE,
    )
    if scope.organization_ids is not None:
        party = Agreement.parties.through.objects.filter(agreement_id=OuterRef("pk"), **scope.filter("organization_id"))
        rows = rows.filter(Exists(party))
    return counted(rows, "kind")


def objectives(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = Objective.objects.filter(due_date__gte=period.start, **scope.filter("owner__organization_id"))
    return counted(rows, "status")


INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "gov.meetings_held",
        "Meetings held",
        "Meetings of the task force and its committees that took place in the period (not cancelled).",
        TASK_FORCE,
        (),
        EVENT,
        meetings_held,
    ),
    IndicatorSpec(
        "gov.attendance",
        "Meeting attendance, by discipline",
        "Attendances at meetings held in the period, by the discipline of the person's organization on the day. "
        "A person at three meetings counts three times.",
        TASK_FORCE,
        ("discipline",),
        EVENT,
        attendance,
    ),
    IndicatorSpec(
        "gov.agreements_in_force",
        "Agreements in force",
        "MOUs, protocols and data-sharing agreements in force at some time in the period (status in force, "
        "effective by its end, not expired before its start), by kind.",
        TASK_FORCE,
        ("agreement_kind",),
        STOCK,
        agreements_in_force,
    ),
    IndicatorSpec(
        "gov.objectives",
        "Objectives by status",
        "The task force's objectives due in the period or later, by their status now (on track, at risk, "
        "achieved...): the share on track is the first progress measure of the strategic plan.",
        TASK_FORCE,
        ("objective_status",),
        STOCK,
        objectives,
    ),
]
