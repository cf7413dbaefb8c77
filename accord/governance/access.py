"""Turning ids from a request into governance objects, for the people allowed to reach them.

Everyone signed in reads the charter, agreements, funding, the formation path, unrestricted committees,
their meetings and the decision log. A restricted committee (``restricted_to_lanes``) and everything
hanging from it answer 404 to anyone whose organization is outside those lanes, the coordinator and the
auditor included: "missing" and "not yours" look the same. Writing: the coordinator edits the task
force's records; a committee's chair records its meetings; an action item's owner (or the coordinator)
closes it. Visible but not editable answers 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from accord.core.models import Role, User
from accord.governance.models import (
    ActionItem,
    Agreement,
    AgreementVersion,
    Briefing,
    Committee,
    FormationStep,
    Funding,
    Goal,
    Leader,
    Meeting,
    MeetingPaper,
    Objective,
    Reminder,
    ReportingDeadline,
    Signatory,
    Stakeholder,
)

M = TypeVar("M", bound=models.Model)


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.COORDINATOR)


def can_record_for(user: Any, committee: Committee | None) -> bool:
    """Whether ``user`` may schedule and record meetings of ``committee`` (None: the whole task force)."""
    if committee is None:
        return is_coordinator(user)
    if not committee.admits(user):
        return False
    return is_coordinator(user) or (committee.chair_id is not None and committee.chair_id == user.pk)


def can_edit_committee(user: Any, committee: Committee) -> bool:
    return can_record_for(user, committee)


def can_close(user: Any, item: ActionItem) -> bool:
    return item.owner_id == user.pk or is_coordinator(user)


def recordable_committees(user: User) -> list[Committee]:
    """Committees whose meetings ``user`` may record (active ones only)."""
    return [c for c in Committee.objects.visible_to(user).filter(is_active=True) if can_record_for(user, c)]


def _get(queryset: models.QuerySet[M], pk: int, what: str) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def _coordinator_writes(user: User, write: bool) -> None:
    if write and not is_coordinator(user):
        raise PermissionDenied("Only the coordinator changes this.")


def get_goal_for(user: User, goal_id: int, *, write: bool = False) -> Goal:
    goal = _get(Goal.objects.all(), goal_id, "goal")
    _coordinator_writes(user, write)
    return goal


def get_objective_for(user: User, objective_id: int, *, write: bool = False) -> Objective:
    objective = _get(Objective.objects.select_related("goal", "owner"), objective_id, "objective")
    _coordinator_writes(user, write)
    return objective


def get_leader_for(user: User, leader_id: int, *, write: bool = False) -> Leader:
    leader = _get(Leader.objects.select_related("person"), leader_id, "leader")
    _coordinator_writes(user, write)
    return leader


def get_agreement_for(user: User, agreement_id: int, *, write: bool = False) -> Agreement:
    agreement = _get(Agreement.objects.all(), agreement_id, "agreement")
    _coordinator_writes(user, write)
    return agreement


def get_signatory_for(user: User, signatory_id: int, *, write: bool = False) -> Signatory:
    signatory = _get(Signatory.objects.select_related("agreement"), signatory_id, "signatory")
    _coordinator_writes(user, write)
    return signatory


def get_version_for(user: User, version_id: int) -> AgreementVersion:
    return _get(AgreementVersion.objects.select_related("agreement"), version_id, "document")


def get_committee_for(user: User, committee_id: int, *, write: bool = False) -> Committee:
    committee = _get(Committee.objects.visible_to(user).select_related("chair"), committee_id, "committee")
    if write and not can_edit_committee(user, committee):
        raise PermissionDenied("Only the coordinator and the committee's chair change this committee.")
    return committee


def get_meeting_for(user: User, meeting_id: int, *, write: bool = False) -> Meeting:
    meeting = _get(Meeting.objects.visible_to(user).select_related("committee"), meeting_id, "meeting")
    if write and not can_record_for(user, meeting.committee):
        raise PermissionDenied("Only the coordinator and the committee's chair record this meeting.")
    return meeting


def get_paper_for(user: User, paper_id: int) -> MeetingPaper:
    paper = _get(MeetingPaper.objects.select_related("meeting__committee"), paper_id, "paper")
    if not paper.meeting.admits(user):
        raise Http404("No such paper.")
    return paper


def get_action_item_for(user: User, item_id: int, *, close: bool = False) -> ActionItem:
    item = _get(ActionItem.objects.visible_to(user).select_related("meeting", "owner"), item_id, "action item")
    if close and not can_close(user, item):
        raise PermissionDenied("Only the action item's owner or the coordinator closes it.")
    return item


def get_funding_for(user: User, funding_id: int, *, write: bool = False) -> Funding:
    funding = _get(Funding.objects.select_related("recipient"), funding_id, "funding")
    _coordinator_writes(user, write)
    return funding


def get_deadline_for(user: User, deadline_id: int, *, write: bool = False) -> ReportingDeadline:
    deadline = _get(ReportingDeadline.objects.select_related("funding"), deadline_id, "deadline")
    _coordinator_writes(user, write)
    return deadline


def get_stakeholder_for(user: User, stakeholder_id: int, *, write: bool = False) -> Stakeholder:
    """The register is read by the coordinator and the auditor (the view's rule); written by the coordinator."""
    stakeholder = _get(Stakeholder.objects.select_related("category", "organization"), stakeholder_id, "stakeholder")
    _coordinator_writes(user, write)
    return stakeholder


def get_briefing_for(user: User, briefing_id: int) -> Briefing:
    return _get(Briefing.objects.select_related("stakeholder"), briefing_id, "briefing")


def get_formation_step_for(user: User, step_id: int, *, write: bool = False) -> FormationStep:
    step = _get(FormationStep.objects.all(), step_id, "step")
    _coordinator_writes(user, write)
    return step


def get_reminder_for(user: User, reminder_id: int) -> Reminder:
    if not is_coordinator(user):
        raise Http404("No such reminder.")
    return _get(Reminder.objects.all(), reminder_id, "reminder")
