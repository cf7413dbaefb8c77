"""Every governance write goes through an action that checks the rules, refuses bad input with a clear
message and changes nothing, and writes an audit row."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import make_organization, make_user, sign_in
from accord.governance import actions
from accord.governance.models import (
    ActionItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Charter,
    CharterRevision,
    Committee,
    Decision,
    Funding,
    MeetingPaper,
)
from accord.governance.tests import factories as f

pytestmark = pytest.mark.django_db


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


@pytest.fixture
def storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


# --- Charter -----------------------------------------------------------------------------------------


def test_charter_changes_are_kept_in_its_history_and_audited(personas):
    charter = actions.current_charter()
    charter.mission = "Serve every victim."
    actions.charter_update(actor=personas.coordinator, charter=charter, summary="First mission statement")
    charter.leadership_model = "co_led"
    actions.charter_update(actor=personas.coordinator, charter=charter, summary="Co-led model chosen")
    revisions = list(CharterRevision.objects.order_by("revised_at", "pk"))
    assert [r.summary for r in revisions] == ["First mission statement", "Co-led model chosen"]
    assert revisions[1].changes == {"leadership_model": ["", "co_led"]}
    assert len(_events("governance.charter_updated")) == 2


def test_a_charter_change_needs_a_reason(personas):
    charter = actions.current_charter()
    charter.mission = "Changed"
    with pytest.raises(ValidationError, match="what changed"):
        actions.charter_update(actor=personas.coordinator, charter=charter, summary=" ")
    assert Charter.objects.get().mission == "" and not CharterRevision.objects.exists()


@pytest.mark.parametrize("persona", ["investigator", "advocate", "vsp_admin", "member", "auditor"])
def test_only_the_coordinator_edits_the_task_forces_records(personas, persona):
    actor = personas.user(persona)
    charter = actions.current_charter()
    charter.mission = "Mine now"
    with pytest.raises(PermissionDenied):
        actions.charter_update(actor=actor, charter=charter, summary="x")
    with pytest.raises(PermissionDenied):
        actions.agreement_save(actor=actor, agreement=Agreement(title="X", kind="protocol"), parties=[])
    with pytest.raises(PermissionDenied):
        actions.funding_save(actor=actor, funding=Funding(title="X"))
    with pytest.raises(PermissionDenied):
        actions.reminder_dismiss(actor=actor, reminder=f.reminder())
    assert Charter.objects.get().mission == "" and not Agreement.objects.exists() and not Funding.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="governance.").exists()


def test_leaders_join_and_leave_with_history(personas):
    leader = f.leader(personas)
    actions.leader_remove(actor=personas.coordinator, leader=leader)
    assert CharterRevision.objects.filter(summary__contains="stepped down").exists()
    assert _events("governance.leader_removed")


# --- Agreements ---------------------------------------------------------------------------------------


def test_expiry_before_effective_is_refused_and_nothing_is_saved(personas, today):
    agreement = Agreement(
        title="MOU", kind="mou", effective_date=today, expiry_date=today - timedelta(days=1), status="draft"
    )
    with pytest.raises(ValidationError) as refused:
        actions.agreement_save(
            actor=personas.coordinator, agreement=agreement, parties=[personas.agency_a, personas.vsp_b]
        )
    assert refused.value.message_dict["expiry_date"] == ["The expiry date must be on or after the effective date."]
    assert not Agreement.objects.exists() and not _events("governance.agreement_created")


def test_the_form_shows_why_dates_out_of_order_are_refused(client, personas):
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("governance:agreement_create"),
        {
            "title": "MOU",
            "kind": "mou",
            "parties": [personas.agency_a.pk, personas.vsp_b.pk],
            "status": "draft",
            "effective_date": "2026-05-01",
            "expiry_date": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "The expiry date must be on or after the effective date." in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_mou_needs_two_parties_and_changes_to_parties_are_audited(personas):
    with pytest.raises(ValidationError, match="two or more"):
        actions.agreement_save(
            actor=personas.coordinator, agreement=Agreement(title="MOU", kind="mou"), parties=[personas.agency_a]
        )
    agreement = actions.agreement_save(
        actor=personas.coordinator,
        agreement=Agreement(title="MOU", kind="mou"),
        parties=[personas.agency_a, personas.vsp_b],
    )
    actions.agreement_save(
        actor=personas.coordinator, agreement=agreement, parties=[personas.agency_a, personas.vsp_b, personas.partner_c]
    )
    updated = _events("governance.agreement_updated")
    assert len(updated) == 1 and len(updated[0].changes["parties"][1]) == 3


def test_a_signatory_signs_for_a_party(personas):
    agreement = f.agreement(personas)
    from accord.governance.models import Signatory

    with pytest.raises(ValidationError, match="parties"):
        actions.signatory_save(
            actor=personas.coordinator,
            signatory=Signatory(agreement=agreement, organization=personas.partner_c, name="Outsider"),
        )
    assert not Signatory.objects.exists()


def test_a_signed_copy_is_stored_served_only_as_an_attachment_and_its_download_audited(client, personas, storage):
    agreement = f.agreement(personas)
    upload = SimpleUploadedFile("../MOU signed.pdf", f.PDF_BYTES)
    version = actions.agreement_version_upload(
        actor=personas.coordinator, agreement=agreement, upload=upload, is_signed=True
    )
    assert version.number == 1 and version.original_name == "MOU signed.pdf" and "MOU" not in version.storage_name
    assert _events("governance.agreement_version_uploaded")[0].changes["signed"] is True
    sign_in(client, personas.advocate)
    response = client.get(reverse("governance:version_download", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == f.PDF_BYTES
    assert _events("governance.document_downloaded")[0].actor_id == personas.advocate.pk


def test_an_upload_over_the_limit_is_refused_with_a_message(client, personas, storage, settings):
    settings.ACCORD_UPLOAD_MAX_BYTES = 1024
    agreement = f.agreement(personas)
    sign_in(client, personas.coordinator)
    big = SimpleUploadedFile("mou.pdf", f.PDF_BYTES + b"0" * 4096)
    response = client.post(reverse("governance:version_upload", args=[agreement.pk]), {"document": big})
    assert response.status_code == 422
    assert "the limit is" in response.content.decode()
    assert not AgreementVersion.objects.exists() and not list(storage.rglob("*.pdf"))


def test_an_upload_of_a_forbidden_type_is_refused_with_a_message(client, personas, storage):
    agreement = f.agreement(personas)
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("governance:version_upload", args=[agreement.pk]),
        {"document": SimpleUploadedFile("mou.html", b"<script>alert(1)</script>")},
    )
    assert response.status_code == 422 and "are not accepted" in response.content.decode()
    assert not AgreementVersion.objects.exists()
    with pytest.raises(ValidationError, match="content is not a PDF"):
        actions.agreement_version_upload(
            actor=personas.coordinator, agreement=agreement, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")
        )
    assert not AgreementVersion.objects.exists()


# --- Committees, meetings, attendance, action items -------------------------------------------------------


def test_an_attendee_from_a_lane_that_may_not_see_the_le_committee_is_refused(client, personas):
    meeting = f.le_meeting(personas)
    actions.meeting_set_attendance(actor=personas.investigator, meeting=meeting, people=[personas.investigator])
    sign_in(client, personas.investigator)
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {"people": [personas.investigator.pk, personas.advocate.pk]},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "open to law enforcement and prosecution staff only" in body and "cannot be recorded as attending" in body
    assert list(Attendance.objects.values_list("person__username", flat=True)) == ["investigator"]


def test_attendance_records_organization_and_discipline_and_is_audited(personas):
    meeting = f.tf_meeting(personas)
    actions.meeting_set_attendance(
        actor=personas.coordinator, meeting=meeting, people=[personas.advocate, personas.investigator]
    )
    rows = {a.person.username: (a.organization, a.discipline) for a in Attendance.objects.all()}
    assert rows == {
        "advocate": (personas.vsp_b, "victim_services"),
        "investigator": (personas.agency_a, "law_enforcement"),
    }
    actions.meeting_set_attendance(actor=personas.coordinator, meeting=meeting, people=[personas.advocate])
    changes = [e.changes for e in _events("governance.attendance_recorded")]
    assert changes[1] == {"added": [], "removed": [str(personas.investigator)], "total": 1}


def test_an_action_item_without_an_owner_is_refused(client, personas, today):
    meeting = f.tf_meeting(personas)
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("governance:action_item_add", args=[meeting.pk]),
        {"title": "Send the list", "owner": "", "due_date": "2031-01-01"},
    )
    assert response.status_code == 422
    assert "Choose who owns this action item" in response.content.decode()
    with pytest.raises(ValidationError, match="every action needs an owner"):
        actions.action_item_add(actor=personas.coordinator, item=ActionItem(meeting=meeting, title="x", due_date=today))
    assert not ActionItem.objects.exists()


def test_an_le_committee_action_cannot_go_to_someone_outside_its_lanes(personas, today):
    meeting = f.le_meeting(personas)
    with pytest.raises(ValidationError, match="cannot be given its actions"):
        actions.action_item_add(
            actor=personas.investigator,
            item=ActionItem(meeting=meeting, title="x", owner=personas.advocate, due_date=today),
        )
    assert not ActionItem.objects.exists()


def test_only_the_chair_and_coordinator_record_a_committee_meeting(personas, today):
    committee = f.vs_committee(personas)
    meeting = f.meeting(committee)
    decision = Decision(meeting=meeting, text="Keep a bed open", decided_on=today, decided_by="Members")
    with pytest.raises(PermissionDenied):
        actions.decision_add(actor=personas.advocate, decision=decision)
    actions.decision_add(actor=personas.vsp_admin, decision=decision)
    assert _events("governance.decision_created")[0].actor_id == personas.vsp_admin.pk
    le_meeting = f.le_meeting(personas)
    with pytest.raises(PermissionDenied):  # the coordinator cannot even see the LE committee
        actions.meeting_set_attendance(actor=personas.coordinator, meeting=le_meeting, people=[])


def test_the_owner_or_the_coordinator_closes_an_action_item(personas):
    item = f.action_item(f.tf_meeting(personas), personas.member)
    for outsider in (personas.advocate, personas.auditor, personas.investigator):
        with pytest.raises(PermissionDenied):
            actions.action_item_close(actor=outsider, item=item)
    actions.action_item_close(actor=personas.member, item=item)
    item.refresh_from_db()
    assert item.closed_by == personas.member and item.closed_at is not None
    assert _events("governance.action_item_closed")[0].actor_id == personas.member.pk
    other = f.action_item(f.tf_meeting(personas), personas.member, title="Another")
    actions.action_item_close(actor=personas.coordinator, item=other)
    assert ActionItem.objects.open().count() == 0


def test_a_restricted_committee_refuses_members_and_chairs_outside_its_lanes(personas):
    committee = Committee(name="LE", kind="law_enforcement", restricted_to_lanes=f.LE_LANES, chair=personas.advocate)
    with pytest.raises(ValidationError, match="cannot chair it"):
        actions.committee_save(actor=personas.coordinator, committee=committee, members=[])
    committee.chair = personas.investigator
    with pytest.raises(ValidationError, match="cannot be members"):
        actions.committee_save(actor=personas.coordinator, committee=committee, members=[personas.member])
    assert not Committee.objects.exists()


def test_a_meeting_must_end_after_it_starts(personas):
    from accord.governance.models import Meeting

    starts = timezone.now()
    with pytest.raises(ValidationError, match="end after it starts"):
        actions.meeting_save(actor=personas.coordinator, meeting=Meeting(title="x", starts_at=starts, ends_at=starts))
    assert not Meeting.objects.exists()


def test_a_forbidden_paper_is_refused_and_a_good_one_is_kept(personas, storage):
    meeting = f.tf_meeting(personas)
    with pytest.raises(ValidationError, match="not accepted"):
        actions.meeting_paper_upload(
            actor=personas.coordinator, meeting=meeting, title="x", upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    paper = actions.meeting_paper_upload(
        actor=personas.coordinator, meeting=meeting, title="Slides", upload=SimpleUploadedFile("s.pdf", f.PDF_BYTES)
    )
    assert MeetingPaper.objects.get() == paper and _events("governance.meeting_paper_uploaded")


# --- Funding, stakeholders, formation -------------------------------------------------------------------


def test_funding_period_out_of_order_is_refused(personas, today):
    funding = Funding(
        title="Grant", funder="OVC", period_start=today, period_end=today - timedelta(days=1), amount=Decimal(1)
    )
    with pytest.raises(ValidationError, match="end after it starts"):
        actions.funding_save(actor=personas.coordinator, funding=funding)
    assert not Funding.objects.exists()


def test_a_briefing_moves_a_stakeholder_to_briefed(personas, today):
    from accord.governance.models import Briefing

    stakeholder = f.stakeholder(personas)
    actions.briefing_add(
        actor=personas.coordinator,
        briefing=Briefing(stakeholder=stakeholder, held_on=today, findings_presented=True),
    )
    stakeholder.refresh_from_db()
    assert stakeholder.commitment == "briefed" and _events("governance.briefing_created")


def test_formation_evidence_must_be_an_accord_page_or_https(personas, today):
    step = f.step()
    step.done_on = today
    step.evidence_url = "javascript:alert(1)"
    with pytest.raises(ValidationError, match="https://"):
        actions.formation_step_save(actor=personas.coordinator, step=step)
    step.evidence_url = "/governance/charter/"
    actions.formation_step_save(actor=personas.coordinator, step=step)
    assert _events("governance.formation_step_updated")[0].changes["done_on"][1] == today.isoformat()


def test_prosecution_staff_may_join_the_le_committee(personas):
    da = make_organization("DA Office", "prosecution")
    prosecutor = make_user("prosecutor", da, "prosecutor")
    committee = f.le_committee(personas)
    actions.committee_save(
        actor=personas.investigator, committee=committee, members=[personas.investigator, prosecutor]
    )
    assert set(committee.members.all()) == {personas.investigator, prosecutor}
