"""Outreach: trainings, member training records and the referral network, awareness events, community
partners, the materials library and the glossary.

Personal data: named attendees of member trainings and member staff's certifications are seen only by the
coordinator, the training committee, the person's own organization administrators and the person
(``accord.outreach.access``). Counts-only trainings keep no names at all.
"""

from accord.outreach.models.certifications import (
    Certification,
    CertificationReminder,
    NetworkMembership,
    NetworkStatus,
    RequiredTraining,
)
from accord.outreach.models.engagement import (
    CommunityPartner,
    Engagement,
    EngagementKind,
    EventKind,
    FollowUp,
    OutreachEvent,
    PartnerContact,
    PartnerKind,
)
from accord.outreach.models.library import (
    GlossaryTerm,
    Material,
    MaterialKind,
    MaterialUse,
    MaterialVersion,
    ReviewStatus,
)
from accord.outreach.models.trainings import (
    AUDIENCE_VOCABULARY,
    TOPIC_VOCABULARY,
    Approval,
    AttendanceImport,
    SessionType,
    SignIn,
    TestResult,
    Trainer,
    Training,
    TrainingAttendee,
    TrainingAudience,
    TrainingFormat,
)

__all__ = [
    "AUDIENCE_VOCABULARY",
    "TOPIC_VOCABULARY",
    "Approval",
    "AttendanceImport",
    "Certification",
    "CertificationReminder",
    "CommunityPartner",
    "Engagement",
    "EngagementKind",
    "EventKind",
    "FollowUp",
    "GlossaryTerm",
    "Material",
    "MaterialKind",
    "MaterialUse",
    "MaterialVersion",
    "NetworkMembership",
    "NetworkStatus",
    "OutreachEvent",
    "PartnerContact",
    "PartnerKind",
    "RequiredTraining",
    "ReviewStatus",
    "SessionType",
    "SignIn",
    "TestResult",
    "Trainer",
    "Training",
    "TrainingAttendee",
    "TrainingAudience",
    "TrainingFormat",
]
