"""Every outreach write. Views, the daily job, the seed, imports and tests call these.

Each action takes a keyword-only ``actor``, runs in one transaction, checks the rules
(``accord.outreach.access``), validates with ``full_clean()``, saves and writes its audit event. Rule failures
raise PermissionDenied; bad input raises ValidationError with a message a person can act on, and changes
nothing. Split by area: trainings, member records and the network, engagement, the library.
"""

from accord.outreach.actions.engagement import (
    contact_add,
    engagement_add,
    event_save,
    follow_up_add,
    follow_up_done,
    partner_save,
)
from accord.outreach.actions.library import (
    glossary_save,
    material_downloaded,
    material_save,
    material_version_add,
    material_version_review,
)
from accord.outreach.actions.records import (
    certification_record,
    certify_attendees,
    expiry_for,
    network_grant,
    network_withdraw,
    required_training_save,
)
from accord.outreach.actions.trainings import (
    TrainerLine,
    attendance_import_apply,
    attendance_import_upload,
    attendee_remove,
    check_adds_up,
    training_review,
    training_save,
)

__all__ = [
    "TrainerLine",
    "attendance_import_apply",
    "attendance_import_upload",
    "attendee_remove",
    "certification_record",
    "certify_attendees",
    "check_adds_up",
    "contact_add",
    "engagement_add",
    "event_save",
    "expiry_for",
    "follow_up_add",
    "follow_up_done",
    "glossary_save",
    "material_downloaded",
    "material_save",
    "material_version_add",
    "material_version_review",
    "network_grant",
    "network_withdraw",
    "partner_save",
    "required_training_save",
    "training_review",
    "training_save",
]
