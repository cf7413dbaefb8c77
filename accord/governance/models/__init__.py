"""Governance: charter, goals and objectives, agreements, committees, meetings, action items, funding,
stakeholders, the formation path, reminders and calendar-feed tokens.

Visibility has one special case: a committee with ``restricted_to_lanes`` (the law-enforcement committee:
law enforcement and prosecution) and everything hanging from it (meetings, minutes, decisions, action
items, papers) exist only for people whose organization is in one of those lanes. ``visible_to(user)``
on the querysets applies it; ``accord.governance.access`` answers 404 for the rest.
"""

from accord.governance.models.agreements import (
    PROTOCOL_TOPIC_VOCABULARY,
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementVersion,
    Signatory,
    StoredDocument,
)
from accord.governance.models.charter import (
    Charter,
    CharterRevision,
    Goal,
    Leader,
    LeadershipModel,
    LeadershipRole,
    Objective,
    ObjectiveStatus,
)
from accord.governance.models.meetings import (
    ActionItem,
    Attendance,
    Cadence,
    Committee,
    CommitteeKind,
    Decision,
    Meeting,
    MeetingPaper,
    lane_admits,
    visible_committee_ids,
)
from accord.governance.models.support import (
    STAKEHOLDER_VOCABULARY,
    Briefing,
    Commitment,
    FormationStep,
    Funding,
    FundingKind,
    ReportingDeadline,
    Stakeholder,
)
from accord.governance.models.system import CalendarFeedToken, Reminder, ReminderKind

__all__ = [
    "PROTOCOL_TOPIC_VOCABULARY",
    "STAKEHOLDER_VOCABULARY",
    "ActionItem",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "AgreementVersion",
    "Attendance",
    "Briefing",
    "Cadence",
    "CalendarFeedToken",
    "Charter",
    "CharterRevision",
    "Commitment",
    "Committee",
    "CommitteeKind",
    "Decision",
    "FormationStep",
    "Funding",
    "FundingKind",
    "Goal",
    "Leader",
    "LeadershipModel",
    "LeadershipRole",
    "Meeting",
    "MeetingPaper",
    "Objective",
    "ObjectiveStatus",
    "Reminder",
    "ReminderKind",
    "ReportingDeadline",
    "Signatory",
    "Stakeholder",
    "StoredDocument",
    "lane_admits",
    "visible_committee_ids",
]
