"""Governance reads, already scoped by who may see what (restricted committees and their meetings)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accord.core.calendar import CalendarEntry
from accord.core.models import Sector, Term, User
from accord.governance import progress
from accord.governance.access import can_record_for
from accord.governance.models import (
    PROTOCOL_TOPIC_VOCABULARY,
    ActionItem,
    Agreement,
    Charter,
    Committee,
    Decision,
    FormationStep,
    Funding,
    Goal,
    Meeting,
    Objective,
    Reminder,
    Stakeholder,
)

CALENDAR_PAST_DAYS = 90
CALENDAR_FUTURE_DAYS = 400


def charter_with_goals(charter: Charter) -> dict[str, Any]:
    goals = list(
        Goal.objects.filter(charter=charter).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("owner__organization"))
        )
    )
    for goal in goals:
        for objective in goal.objectives.all():
            objective.progress = progress.progress_of(objective)  # type: ignore[attr-defined]
            objective.awaiting_indicator = progress.awaiting_indicator(objective)  # type: ignore[attr-defined]
    return {
        "goals": goals,
        "leaders": list(charter.leaders.select_related("person__organization")),
        "revisions": list(charter.revisions.select_related("revised_by")[:50]),
    }


def agreements(kind: str = "", status: str = "") -> QuerySet[Agreement]:
    qs = Agreement.objects.prefetch_related("parties").annotate(version_count=Count("versions"))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("title")


def protocol_checklist() -> list[dict[str, Any]]:
    """Each protocol topic with the agreements covering it and whether one of them is in force."""
    topics = Term.objects.of(PROTOCOL_TOPIC_VOCABULARY).prefetch_related(
        Prefetch("governance_agreements", queryset=Agreement.objects.order_by("title"), to_attr="covering")
    )
    rows = []
    for topic in topics:
        covering = list(topic.covering)  # type: ignore[attr-defined]
        rows.append(
            {
                "topic": topic,
                "agreements": covering,
                "covered": any(a.status == "in_force" for a in covering),
                "drafting": any(a.status in ("draft", "in_signature") for a in covering),
            }
        )
    return rows


def committees_for(user: User) -> QuerySet[Committee]:
    return (
        Committee.objects.visible_to(user)
        .select_related("chair__organization")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-is_active", "name")
    )


def meetings_for(user: User, *, committee: Committee | None = None, when: str = "") -> QuerySet[Meeting]:
    qs = (
        Meeting.objects.visible_to(user)
        .select_related("committee")
        .annotate(
            attendee_count=Count("attendance", distinct=True),
            open_items=Count("action_items", filter=Q(action_items__closed_at__isnull=True), distinct=True),
        )
    )
    if committee is not None:
        qs = qs.filter(committee=committee)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at")
    if when == "past":
        return qs.filter(starts_at__lt=now).order_by("-starts_at")
    return qs.order_by("-starts_at")


def meeting_detail(meeting: Meeting) -> dict[str, Any]:
    attendance = list(meeting.attendance.select_related("person", "organization"))
    by_organization = Counter(a.organization.name for a in attendance)
    by_discipline = Counter(Sector(a.discipline).label for a in attendance)
    return {
        "attendance": attendance,
        "by_organization": sorted(by_organization.items()),
        "by_discipline": sorted(by_discipline.items()),
        "decisions": list(meeting.decisions.select_related("recorded_by")),
        "action_items": list(meeting.action_items.select_related("owner__organization")),
        "papers": list(meeting.papers.all()),
    }


def decision_log(user: User, *, text: str = "", committee_id: int | None = None) -> QuerySet[Decision]:
    visible = Meeting.objects.visible_to(user)
    qs = Decision.objects.filter(meeting__in=visible).select_related("meeting__committee")
    if text:
        qs = qs.filter(Q(text__icontains=text) | Q(decided_by__icontains=text) | Q(meeting__title__icontains=text))
    if committee_id == 0:
        qs = qs.filter(meeting__committee__isnull=True)
    elif committee_id:
        qs = qs.filter(meeting__committee_id=committee_id)
    return qs.order_by("-decided_on", "-pk")


def open_action_items_of(user: User) -> list[ActionItem]:
    return list(
        ActionItem.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("meeting__committee")
        .order_by("due_date", "pk")
    )


def recordable_people(committee: Committee | None) -> QuerySet[User]:
    """People who may attend or own actions of a meeting of ``committee`` (restricted: its lanes only)."""
    qs = User.objects.filter(is_active=True, organization__isnull=False).select_related("organization")
    if committee is not None and committee.restricted_to_lanes:
        qs = qs.filter(organization__lane__in=committee.restricted_to_lanes)
    return qs.order_by("organization__name", "last_name", "first_name")


def pending_reminders() -> list[Reminder]:
    return list(Reminder.objects.pending().order_by("due_date", "-threshold_days")[:20])


def formation_steps() -> list[FormationStep]:
    return list(FormationStep.objects.filter(is_active=True).select_related("updated_by"))


def funding_list() -> QuerySet[Funding]:
    today = timezone.localdate()
    return (
        Funding.objects.select_related("recipient")
        .annotate(
            open_deadlines=Count("deadlines", filter=Q(deadlines__submitted_on__isnull=True)),
            overdue_deadlines=Count(
                "deadlines", filter=Q(deadlines__submitted_on__isnull=True, deadlines__due_date__lt=today)
            ),
        )
        .order_by("-period_end", "title")
    )


def stakeholders(category: str = "", commitment: str = "") -> QuerySet[Stakeholder]:
    qs = Stakeholder.objects.select_related("category", "organization").annotate(
        briefing_count=Count("briefings"),
        findings_presented=Count("briefings", filter=Q(briefings__findings_presented=True)),
    )
    if category:
        qs = qs.filter(category__code=category)
    if commitment:
        qs = qs.filter(commitment=commitment)
    return qs.order_by("organization_name", "name")


def can_record_any(user: User) -> bool:
    return can_record_for(user, None) or any(
        can_record_for(user, c) for c in Committee.objects.visible_to(user).filter(chair=user)
    )


# --- Calendar sources (accord.core.calendar) -----------------------------------------------------------


def meeting_entries(user: User) -> list[CalendarEntry]:
    """The meetings ``user`` may see, from three months back: title, time, place and a link; never the agenda."""
    now = timezone.now()
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(
            starts_at__gte=now - timedelta(days=CALENDAR_PAST_DAYS),
            starts_at__lte=now + timedelta(days=CALENDAR_FUTURE_DAYS),
        )
        .select_related("committee")
    )
    return [
        CalendarEntry(
            uid=f"meeting-{m.pk}@accord",
            title=f"{'CANCELLED: ' if m.is_cancelled else ''}{m.title}",
            start=m.starts_at,
            end=m.ends_at,
            location=m.location,
            description=m.body,
            url=reverse("governance:meeting_detail", args=[m.pk]),
        )
        for m in meetings
    ]


def action_item_entries(user: User) -> list[CalendarEntry]:
    """The person's own open action items, as all-day entries on their due dates."""
    return [
        CalendarEntry(
            uid=f"action-item-{item.pk}@accord",
            title=f"Action due: {item.title}",
            start=item.due_date,
            end=item.due_date + timedelta(days=1),
            description=f"From {item.meeting.title}",
            url=reverse("governance:meeting_detail", args=[item.meeting_id]),
        )
        for item in open_action_items_of(user)
    ]
