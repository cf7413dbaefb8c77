"""Who may reach each outreach URL.

Everyone signed in reads trainings, events, partners, approved materials, the glossary, the calendar, the
referral network and their own training records. The training committee (factories: chaired by the member
persona) and the coordinator record trainings, attendance, certifications, materials and glossary terms; only
the committee approves. The outreach committee (chaired by the advocate) and the coordinator record events
and partners. The coordinator alone changes referral-network membership. Attendee names: the coordinator and
the committee see all; VSP B's administrator sees VSP B's; others their own (404 for the rest). Unapproved
materials answer 404 outside the committee and the coordinator. The auditor never writes.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, everyone, only
from accord.outreach.tests import factories as f

TRAINERS = ("coordinator", "member")  # the coordinator and the training committee
OUTREACH = ("coordinator", "advocate")  # the coordinator and the outreach committee


def _today() -> str:
    """Read when a row's data is built, not at import: a run may cross midnight."""
    return timezone.localdate().isoformat()


def _soon() -> str:
    return (timezone.localdate() + timedelta(days=20)).isoformat()


def _bad_file(p):  # refused by the upload check, so the matrix stores nothing
    return SimpleUploadedFile("slides.exe", b"MZ\x90\x00")


def _sheet(p):
    return SimpleUploadedFile("sign-in.csv", f.sheet(p), content_type="text/csv")


def _training(p):
    return {"training_id": f.training(p).pk}


def _member_training(p):
    return {"training_id": f.member_training(p).pk}


def _training_data(p, *, total: int = 8):
    return {
        "title": "Hotel staff training",
        "starts_at": f"{_soon()}T09:00",
        "ends_at": f"{_soon()}T12:00",
        "format": "in_person",
        "session_type": "standard",
        "sign_in": "counts",
        "total_attendees": total,
        "max_score": 100,
        "count_hospitality": 5,
        "count_business": 3,
    }


def _event_data(p):
    return {
        "title": "Health fair booth",
        "kind": "tabling",
        "starts_at": f"{_soon()}T10:00",
        "ends_at": f"{_soon()}T14:00",
        "audience": f.audience("health").pk,
    }


TRAINER_PAGE = only(200, *TRAINERS)
TRAINER_WRITE = only(302, *TRAINERS)
OUTREACH_PAGE = only(200, *OUTREACH)
OUTREACH_WRITE = only(302, *OUTREACH)

ROWS = [
    # Reading.
    Row("outreach:index", everyone()),
    Row("outreach:index", everyone(), query="period=year", note="another period"),
    Row("outreach:calendar", everyone()),
    Row("outreach:training_list", everyone()),
    Row("outreach:training_list", everyone(), query="when=past&session_type=onboarding&sign_in=named", note="filter"),
    Row("outreach:training_detail", everyone(), kwargs=_training),
    Row("outreach:training_detail", everyone(), kwargs=_member_training, note="names shown by scope"),
    Row("outreach:training_detail", everyone(404), kwargs=lambda p: {"training_id": 999999}),
    Row("outreach:training_ics", everyone(), kwargs=_training),
    Row("outreach:attendance_template", everyone()),
    Row("outreach:records", everyone()),
    Row("outreach:network", everyone()),
    Row("outreach:event_list", everyone()),
    Row("outreach:event_detail", everyone(), kwargs=lambda p: {"event_id": f.event(p).pk}),
    Row("outreach:event_detail", everyone(404), kwargs=lambda p: {"event_id": 999999}),
    Row("outreach:event_ics", everyone(), kwargs=lambda p: {"event_id": f.event(p).pk}),
    Row("outreach:partner_list", everyone()),
    Row("outreach:partner_list", everyone(), query="q=river&kind=faith", note="search"),
    Row("outreach:partner_detail", everyone(), kwargs=lambda p: {"partner_id": f.partner(p).pk}),
    Row("outreach:material_list", everyone()),
    Row("outreach:material_detail", everyone(), kwargs=lambda p: {"material_id": f.material(p).pk}),
    Row(
        "outreach:material_detail",
        only(200, *TRAINERS, others=NOT_FOUND),
        kwargs=lambda p: {"material_id": f.draft_material(p).pk},
        note="not approved yet: the committee and the coordinator only",
    ),
    Row("outreach:version_download", everyone(), kwargs=lambda p: {"version_id": f.version(p).pk}),
    Row(
        "outreach:version_download",
        only(200, *TRAINERS, others=NOT_FOUND),
        kwargs=lambda p: {"version_id": f.version(p, approved=False).pk},
        note="an unapproved version",
    ),
    Row("outreach:glossary", everyone()),
    Row("outreach:glossary", everyone(), query="q=debt", note="search"),
    # Trainings: the coordinator and the training committee.
    Row("outreach:training_create", TRAINER_PAGE, kwargs=f.setup),
    Row("outreach:training_create", TRAINER_WRITE, method="POST", kwargs=f.setup, data=_training_data),
    Row(
        "outreach:training_create",
        TRAINER_PAGE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: _training_data(p, total=9),
        note="counts that do not add up: the form comes back with the reason",
    ),
    Row("outreach:training_edit", TRAINER_PAGE, kwargs=_training),
    Row(
        "outreach:training_review",
        only(302, "member"),
        method="POST",
        kwargs=_training,
        data=lambda p: {"decision": "approve"},
        note="the training committee only, not the coordinator",
    ),
    Row("outreach:attendance_upload", TRAINER_PAGE, kwargs=_member_training),
    Row(
        "outreach:attendance_upload",
        TRAINER_WRITE,
        method="POST",
        kwargs=_member_training,
        data=lambda p: {"file": _sheet(p)},
    ),
    Row("outreach:attendance_preview", TRAINER_PAGE, kwargs=lambda p: {"import_id": f.previewed_sheet(p).pk}),
    Row(
        "outreach:attendance_apply",
        TRAINER_WRITE,
        method="POST",
        kwargs=lambda p: {"import_id": f.previewed_sheet(p).pk},
    ),
    Row(
        "outreach:attendee_remove",
        {**only(302, *TRAINERS, others=NOT_FOUND), "advocate": FORBIDDEN, "vsp_admin": FORBIDDEN},
        method="POST",
        kwargs=lambda p: {"attendee_id": f.attendee(p).pk},
        note="the advocate's attendance: she and her org admin see it but may not change it",
    ),
    Row("outreach:certification_add", TRAINER_PAGE, kwargs=f.setup),
    Row(
        "outreach:certification_add",
        TRAINER_WRITE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"person": p.advocate.pk, "required_training": f.required().pk, "completed_on": _today()},
    ),
    Row("outreach:required_training_create", TRAINER_PAGE, kwargs=f.setup),
    Row(
        "outreach:required_training_create",
        TRAINER_WRITE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"name": "Referral protocol", "valid_for_months": 12, "required_for_network": "on"},
    ),
    Row(
        "outreach:required_training_edit", TRAINER_PAGE, kwargs=lambda p: {**f.setup(p), "required_id": f.required().pk}
    ),
    # The referral network: the coordinator.
    Row(
        "outreach:network_grant",
        only(302, "coordinator"),
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"organization": p.partner_c.pk},
        note="refused with a message (staff uncertified) and nothing changed; others 403",
    ),
    Row(
        "outreach:network_withdraw",
        only(302, "coordinator"),
        method="POST",
        kwargs=lambda p: {"membership_id": f.membership(p).pk},
        data=lambda p: {"note": "Left the task force"},
    ),
    # Materials and the glossary: the coordinator and the training committee; approval: the committee.
    Row("outreach:material_create", TRAINER_PAGE, kwargs=f.setup),
    Row(
        "outreach:material_create",
        TRAINER_PAGE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"title": "Slides", "kind": "slides", "use": "task_force", "document": _bad_file(p)},
        note="a forbidden file type: the form comes back with the reason, nothing saved",
    ),
    Row("outreach:material_edit", TRAINER_PAGE, kwargs=lambda p: {"material_id": f.material(p).pk}),
    Row(
        "outreach:version_add",
        only(422, *TRAINERS),
        method="POST",
        kwargs=lambda p: {"material_id": f.material(p).pk},
        data=lambda p: {"document": _bad_file(p)},
        note="a forbidden file type is refused with a reason",
    ),
    Row(
        "outreach:version_review",
        {**only(302, "member", others=NOT_FOUND), "coordinator": FORBIDDEN},
        method="POST",
        kwargs=lambda p: {"version_id": f.version(p, approved=False).pk},
        data=lambda p: {"decision": "approve"},
        note="the committee approves; the coordinator sees it but may not; others do not see it",
    ),
    Row("outreach:glossary_create", TRAINER_PAGE, kwargs=f.setup),
    Row(
        "outreach:glossary_create",
        TRAINER_WRITE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"term": "Survivor-informed", "definition": "Shaped by people with lived experience."},
    ),
    Row("outreach:glossary_edit", TRAINER_PAGE, kwargs=lambda p: {**f.setup(p), "term_id": f.glossary_term().pk}),
    # Events and partners: the coordinator and the outreach committee.
    Row("outreach:event_create", OUTREACH_PAGE, kwargs=f.setup),
    Row("outreach:event_create", OUTREACH_WRITE, method="POST", kwargs=f.setup, data=_event_data),
    Row("outreach:event_edit", OUTREACH_PAGE, kwargs=lambda p: {"event_id": f.event(p).pk}),
    Row(
        "outreach:follow_up_add",
        OUTREACH_WRITE,
        method="POST",
        kwargs=lambda p: {"event_id": f.event(p).pk},
        data=lambda p: {"description": "Call back", "owner": p.member.pk, "due_on": _soon()},
    ),
    Row(
        "outreach:follow_up_done",
        only(302, "member", *OUTREACH),
        method="POST",
        kwargs=lambda p: {"follow_up_id": f.follow_up(p).pk},
        note="its owner (the member), the coordinator and the outreach committee",
    ),
    Row("outreach:partner_create", OUTREACH_PAGE, kwargs=f.setup),
    Row(
        "outreach:partner_create",
        OUTREACH_WRITE,
        method="POST",
        kwargs=f.setup,
        data=lambda p: {"name": "Valley Literacy Project", "kind": "nonprofit", "is_active": "on"},
    ),
    Row("outreach:partner_edit", OUTREACH_PAGE, kwargs=lambda p: {"partner_id": f.partner(p).pk}),
    Row(
        "outreach:contact_add",
        OUTREACH_WRITE,
        method="POST",
        kwargs=lambda p: {"partner_id": f.partner(p).pk},
        data=lambda p: {"name": "Pat Lee", "role": "Coordinator", "email": "pat@example.org"},
    ),
    Row(
        "outreach:engagement_add",
        OUTREACH_WRITE,
        method="POST",
        kwargs=lambda p: {"partner_id": f.partner(p).pk},
        data=lambda p: {"occurred_on": _today(), "kind": "meeting", "summary": "Planned the spring evening."},
    ),
]

__all__ = ["FORBIDDEN", "LOGIN", "ROWS"]
