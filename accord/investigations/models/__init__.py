"""Investigations, the people in them, enforcement and court, immigration relief, and criminal intelligence.

Law-enforcement records are need-to-know: an investigation is visible to case staff of its owning agency and of
the organizations it is explicitly shared with (``Investigation.objects.visible_to``). Nothing here links to a
victim-services client record. Names, aliases, dates of birth and identifiers of people are encrypted, and every
``__str__`` is non-identifying because it is what the audit trail stores as the target's label.
"""

from accord.investigations.models.base import (
    CASE_LANES,
    CASE_ROLES,
    CONVICTIONS,
    INTELLIGENCE_RETENTION_YEARS,
    MINOR_AGE_BANDS,
    STAGE_ORDER,
    AgeBand,
    CertificationForm,
    CertificationStatus,
    Citizenship,
    CourtEventKind,
    Decision,
    Gender,
    Origin,
    Outcome,
    ReliefStatus,
    Stage,
    Status,
    TaskStatus,
    TraffickingType,
    add_months,
    add_years,
    is_case_staff,
)
from accord.investigations.models.cases import (
    CaseRecord,
    Investigation,
    InvestigationQuerySet,
    InvestigationShare,
    ShareQuerySet,
)
from accord.investigations.models.court import Arrest, Charge, CourtEvent, Disposition, ProsecutionReferral
from accord.investigations.models.intelligence import IntelligenceQuerySet, IntelligenceRecord
from accord.investigations.models.people import DOB, Subject, Victim, Witness
from accord.investigations.models.relief import Certification, ContinuedPresence, InvestigationSettings
from accord.investigations.models.work import CaseReviewItem, Document, Task, TaskQuerySet, TimelineEvent

__all__ = [
    "CASE_LANES",
    "CASE_ROLES",
    "CONVICTIONS",
    "DOB",
    "INTELLIGENCE_RETENTION_YEARS",
    "MINOR_AGE_BANDS",
    "STAGE_ORDER",
    "AgeBand",
    "Arrest",
    "CaseRecord",
    "CaseReviewItem",
    "Certification",
    "CertificationForm",
    "CertificationStatus",
    "Charge",
    "Citizenship",
    "ContinuedPresence",
    "CourtEvent",
    "CourtEventKind",
    "Decision",
    "Disposition",
    "Document",
    "Gender",
    "IntelligenceQuerySet",
    "IntelligenceRecord",
    "Investigation",
    "InvestigationQuerySet",
    "InvestigationSettings",
    "InvestigationShare",
    "Origin",
    "Outcome",
    "ProsecutionReferral",
    "ReliefStatus",
    "ShareQuerySet",
    "Stage",
    "Status",
    "Subject",
    "Task",
    "TaskQuerySet",
    "TaskStatus",
    "TimelineEvent",
    "TraffickingType",
    "Victim",
    "Witness",
    "add_months",
    "add_years",
    "is_case_staff",
]
