"""Who may reach each governance URL.

Everyone signed in reads the charter, agreements, funding, the formation path, open committees, their
meetings and the decision log. The law-enforcement committee (factories: chaired by the investigator,
open to law enforcement and prosecution) and everything under it answer 404 to everyone else, the
coordinator and the auditor included (their organization is a partner). The coordinator edits the task
force's records; a chair records their committee's meetings (403 for others who can see the meeting);
the stakeholder register is read by the coordinator and the auditor only. The feed URL needs no session:
a good token answers 200 to anyone, a bad one 404. Personas: accord.core.testing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, everyone, only, public
from accord.governance import actions
from accord.governance.tests import factories as f

COORDINATOR_ONLY = only(200, "coordinator")
COORDINATOR_WRITES = only(302, "coordinator")
LE_ONLY = {**only(200, "investigator", others=NOT_FOUND)}


def _today() -> str:
    """Read when a row's data is built, not at import: a run may cross midnight."""
    return timezone.localdate().isoformat()


def _le_only(status: int) -> dict[str, int]:
    return only(status, "investigator", others=NOT_FOUND)


def _bad_file(p):  # refused by the upload check, so the matrix stores nothing
    return SimpleUploadedFile("notes.exe", b"MZ\x90\x00")


def _committees(p):  # the chairs' committees must exist for "may this person schedule meetings?"
    f.le_committee(p)
    f.vs_committee(p)
    return {}


def _feed_token(p):
    return {"token": actions.calendar_token_reset(actor=p.investigator)}


ROWS = [
    # Reading.
    Row("governance:index", everyone()),
    Row("governance:charter", everyone()),
    Row("governance:agreement_list", everyone()),
    Row("governance:agreement_detail", everyone(), kwargs=lambda p: {"agreement_id": f.agreement(p).pk}),
    Row("governance:agreement_detail", everyone(404), kwargs=lambda p: {"agreement_id": 999999}),
    Row("governance:version_download", everyone(), kwargs=lambda p: {"version_id": f.version(p).pk}),
    Row("governance:protocol_checklist", everyone()),
    Row("governance:committee_list", everyone()),
    Row("governance:committee_detail", everyone(), kwargs=lambda p: {"committee_id": f.vs_committee(p).pk}),
    Row(
        "governance:committee_detail",
        LE_ONLY,
        kwargs=lambda p: {"committee_id": f.le_committee(p).pk},
        note="law-enforcement committee: 404 outside law enforcement and prosecution, coordinator included",
    ),
    Row("governance:meeting_list", everyone()),
    Row("governance:meeting_detail", everyone(), kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk}),
    Row("governance:meeting_detail", LE_ONLY, kwargs=lambda p: {"meeting_id": f.le_meeting(p).pk}, note="LE minutes"),
    Row("governance:paper_download", everyone(), kwargs=lambda p: {"paper_id": f.paper(f.tf_meeting(p)).pk}),
    Row(
        "governance:paper_download",
        LE_ONLY,
        kwargs=lambda p: {"paper_id": f.paper(f.le_meeting(p)).pk},
        note="LE papers",
    ),
    Row("governance:decision_log", everyone()),
    Row("governance:decision_log", everyone(), query="q=shelter&committee=0", note="search"),
    Row("governance:funding_list", everyone()),
    Row("governance:funding_detail", everyone(), kwargs=lambda p: {"funding_id": f.funding(p).pk}),
    Row("governance:formation", everyone()),
    Row("governance:stakeholder_list", only(200, "coordinator", "auditor")),
    Row(
        "governance:stakeholder_detail",
        only(200, "coordinator", "auditor"),
        kwargs=lambda p: {"stakeholder_id": f.stakeholder(p).pk},
    ),
    Row("governance:calendar", everyone()),
    Row("governance:calendar", everyone(200), method="POST", data=lambda p: {"action": "reset"}),
    Row("governance:calendar_feed", public(404), kwargs=lambda p: {"token": "not-a-real-token"}),
    Row("governance:calendar_feed", public(200), kwargs=_feed_token, note="a good token needs no session"),
    # The coordinator's edit pages.
    Row("governance:charter_edit", COORDINATOR_ONLY),
    Row(
        "governance:charter_edit",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {"mission": "Serve every victim.", "purpose": "", "guiding_principles": "", "summary": "New"},
    ),
    Row("governance:leader_add", COORDINATOR_ONLY),
    Row(
        "governance:leader_add",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {"person": p.advocate.pk, "role": "co_chair", "since": _today()},
    ),
    Row("governance:leader_remove", COORDINATOR_WRITES, method="POST", kwargs=lambda p: {"leader_id": f.leader(p).pk}),
    Row("governance:goal_create", COORDINATOR_ONLY),
    Row(
        "governance:goal_create",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {"title": "Train members", "description": "", "sort_order": 10},
    ),
    Row("governance:goal_edit", COORDINATOR_ONLY, kwargs=lambda p: {"goal_id": f.charter_goal(p).pk}),
    Row("governance:objective_create", COORDINATOR_ONLY, kwargs=lambda p: {"goal_id": f.charter_goal(p).pk}),
    Row(
        "governance:objective_create",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"goal_id": f.charter_goal(p).pk},
        data=lambda p: {
            "description": "Train officers",
            "measure": "officers trained",
            "target": "100",
            "due_date": "2031-01-01",
            "owner": p.member.pk,
            "status": "on_track",
        },
    ),
    Row("governance:objective_edit", COORDINATOR_ONLY, kwargs=lambda p: {"objective_id": f.objective(p).pk}),
    Row("governance:agreement_create", COORDINATOR_ONLY),
    Row(
        "governance:agreement_create",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {
            "title": "Data-sharing agreement",
            "kind": "data_sharing",
            "parties": [p.agency_a.pk],
            "status": "draft",
        },
    ),
    Row("governance:agreement_edit", COORDINATOR_ONLY, kwargs=lambda p: {"agreement_id": f.agreement(p).pk}),
    Row(
        "governance:version_upload",
        {**only(422, "coordinator")},
        method="POST",
        kwargs=lambda p: {"agreement_id": f.agreement(p).pk},
        data=lambda p: {"document": _bad_file(p)},
        note="a forbidden file type: the coordinator gets the form back with the reason",
    ),
    Row(
        "governance:signatory_add",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"agreement_id": f.agreement(p).pk},
        data=lambda p: {"organization": p.agency_a.pk, "name": "Chief Lee", "title": "Chief", "signed_on": _today()},
    ),
    Row("governance:committee_create", COORDINATOR_ONLY),
    Row(
        "governance:committee_create",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {"name": "Training committee", "kind": "training", "cadence": "quarterly"},
    ),
    Row(
        "governance:committee_edit",
        {**only(200, "coordinator", "vsp_admin")},
        kwargs=lambda p: {"committee_id": f.vs_committee(p).pk},
        note="the chair (VSP B's admin) and the coordinator",
    ),
    Row(
        "governance:committee_edit",
        _le_only(200),
        kwargs=lambda p: {"committee_id": f.le_committee(p).pk},
        note="LE committee: its chair only; 404 to the rest",
    ),
    Row(
        "governance:committee_edit",
        {**only(302, "coordinator", "vsp_admin")},
        method="POST",
        kwargs=lambda p: {"committee_id": f.vs_committee(p).pk},
        data=lambda p: {
            "name": "Victim-services committee",
            "kind": "victim_services",
            "cadence": "monthly",
            "chair": p.vsp_admin.pk,
            "members": [p.advocate.pk],
            "is_active": "on",
        },
    ),
    Row("governance:meeting_create", {**only(200, "coordinator", "investigator", "vsp_admin")}, kwargs=_committees),
    Row(
        "governance:meeting_create",
        {**only(200, "investigator", "vsp_admin"), "coordinator": 302},
        method="POST",
        kwargs=_committees,
        data=lambda p: {
            "committee": "",
            "title": "Quarterly meeting",
            "starts_at": "2031-03-01T10:00",
            "ends_at": "2031-03-01T11:30",
        },
        note="whole task force: the coordinator only (chairs get the form back: choose your committee)",
    ),
    Row(
        "governance:meeting_create",
        {**only(200, "coordinator", "vsp_admin"), "investigator": 302},
        method="POST",
        kwargs=_committees,
        data=lambda p: {
            "committee": f.le_committee(p).pk,
            "title": "LE committee",
            "starts_at": "2031-03-01T10:00",
            "ends_at": "2031-03-01T11:30",
        },
        note="the LE committee: its chair; it is not a choice for anyone else",
    ),
    Row("governance:meeting_edit", COORDINATOR_ONLY, kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk}),
    Row("governance:meeting_edit", _le_only(200), kwargs=lambda p: {"meeting_id": f.le_meeting(p).pk}),
    Row(
        "governance:meeting_attendance",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk},
        data=lambda p: {"people": [p.advocate.pk, p.investigator.pk]},
    ),
    Row(
        "governance:meeting_attendance",
        _le_only(302),
        method="POST",
        kwargs=lambda p: {"meeting_id": f.le_meeting(p).pk},
        data=lambda p: {"people": [p.investigator.pk]},
    ),
    Row(
        "governance:decision_add",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk},
        data=lambda p: {"text": "Adopt the protocol.", "decided_on": _today(), "decided_by": "Members, by consensus"},
    ),
    Row(
        "governance:action_item_add",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk},
        data=lambda p: {"title": "Send the list", "owner": p.member.pk, "due_date": "2031-01-01"},
    ),
    Row(
        "governance:action_item_close",
        {**only(302, "member", "coordinator")},
        method="POST",
        kwargs=lambda p: {"item_id": f.action_item(f.tf_meeting(p), p.member).pk},
        note="the owner or the coordinator",
    ),
    Row(
        "governance:action_item_close",
        _le_only(302),
        method="POST",
        kwargs=lambda p: {"item_id": f.action_item(f.le_meeting(p), p.investigator).pk},
    ),
    Row(
        "governance:paper_upload",
        only(422, "coordinator"),
        method="POST",
        kwargs=lambda p: {"meeting_id": f.tf_meeting(p).pk},
        data=lambda p: {"title": "Slides", "document": _bad_file(p)},
        note="a forbidden file type is refused with a reason",
    ),
    Row(
        "governance:paper_upload",
        _le_only(422),
        method="POST",
        kwargs=lambda p: {"meeting_id": f.le_meeting(p).pk},
        data=lambda p: {"title": "Slides", "document": _bad_file(p)},
    ),
    Row("governance:funding_create", COORDINATOR_ONLY),
    Row(
        "governance:funding_create",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {
            "title": "State grant",
            "kind": "grant",
            "funder": "State",
            "period_start": "2030-01-01",
            "period_end": "2031-01-01",
            "amount": "1000",
            "match_amount": "0",
        },
    ),
    Row("governance:funding_edit", COORDINATOR_ONLY, kwargs=lambda p: {"funding_id": f.funding(p).pk}),
    Row(
        "governance:deadline_add",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"funding_id": f.funding(p).pk},
        data=lambda p: {"title": "Quarterly report", "due_date": "2030-01-01"},
    ),
    Row("governance:deadline_edit", COORDINATOR_ONLY, kwargs=lambda p: {"deadline_id": f.deadline(p).pk}),
    Row("governance:stakeholder_create", COORDINATOR_ONLY),
    Row(
        "governance:stakeholder_create",
        COORDINATOR_WRITES,
        method="POST",
        data=lambda p: {
            "name": "Sam Roe",
            "organization_name": "Sheriff's Office",
            "category": f.category("police-sheriff").pk,
            "commitment": "not_contacted",
        },
    ),
    Row("governance:stakeholder_edit", COORDINATOR_ONLY, kwargs=lambda p: {"stakeholder_id": f.stakeholder(p).pk}),
    Row(
        "governance:briefing_add",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"stakeholder_id": f.stakeholder(p).pk},
        data=lambda p: {"held_on": _today(), "findings_presented": "on", "summary": "Presented the assessment."},
    ),
    Row("governance:formation_step_create", COORDINATOR_ONLY),
    Row("governance:formation_step_edit", COORDINATOR_ONLY, kwargs=lambda p: {"step_id": f.step().pk}),
    Row(
        "governance:formation_step_edit",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"step_id": f.step().pk},
        data=lambda p: {
            "title": f.step().title,
            "sort_order": 10,
            "is_active": "on",
            "done_on": _today(),
            "evidence_url": "/governance/charter/",
            "evidence_note": "Charter",
        },
    ),
    Row(
        "governance:reminder_dismiss",
        COORDINATOR_WRITES,
        method="POST",
        kwargs=lambda p: {"reminder_id": f.reminder().pk},
    ),
]

__all__ = ["FORBIDDEN", "LOGIN", "ROWS"]
