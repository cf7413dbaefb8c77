"""Every outreach write goes through an action that checks the rules, refuses bad input with a clear message and
changes nothing, and writes an audit row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.outreach import actions
from accord.outreach.models import (
    Certification,
    CommunityPartner,
    GlossaryTerm,
    Material,
    MaterialVersion,
    NetworkMembership,
    OutreachEvent,
    PartnerContact,
    RequiredTraining,
    Trainer,
    Training,
    TrainingAttendee,
    TrainingAudience,
)
from accord.outreach.tests import factories as f

pytestmark = pytest.mark.django_db
WRITERS_REFUSED = ["investigator", "advocate", "vsp_admin", "auditor"]  # for trainings: not on the committee


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


@pytest.fixture
def storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def _new_training(**fields) -> Training:
    today = timezone.localdate()
    day = today - timedelta(days=3)
    values = {
        "title": "Hotel staff",
        "starts_at": f.at(day, 9),
        "ends_at": f.at(day, 12),
        "sign_in": "counts",
        **fields,
    }
    return Training(**values)


# --- Trainings ---------------------------------------------------------------------------------------


def test_a_training_for_three_disciplines_is_saved_with_its_trainers_and_audited(personas, today):
    f.committees(personas)
    counts = {f.audience("law_enforcement"): 12, f.audience("victim_services"): 8, f.audience("health"): 5}
    training = actions.training_save(
        actor=personas.member,
        training=_new_training(total_attendees=25, pre_test_on=today - timedelta(days=3)),
        topics=[f.topic("indicators")],
        audience_counts={**counts, f.audience("public"): 0},
        trainers=[
            actions.TrainerLine("Dana Cruz", personas.vsp_b),
            actions.TrainerLine("Sam Ortiz", None, "Survivor consultant"),
        ],
    )
    assert {(a.discipline.code, a.attendees) for a in training.audience_counts.all()} == {
        ("law_enforcement", 12),
        ("victim_services", 8),
        ("health", 5),
    }
    assert [str(t) for t in Trainer.objects.all()] == ["Dana Cruz, VSP B Shelter", "Sam Ortiz, Survivor consultant"]
    [event] = _events("outreach.training_created")
    assert event.actor_id == personas.member.pk
    assert event.changes["attendees_by_discipline"][1] == {
        "Law enforcement": 12,
        "Victim services": 8,
        "Health care": 5,
    }


@pytest.mark.parametrize(
    ("total", "counts", "message"),
    [
        (20, {"law_enforcement": 12, "health": 7}, "add up to 19, not 20"),
        (None, {"law_enforcement": 12}, "Give the total number of attendees"),
        (20, {}, "Say how many of the 20 attendees came from each discipline"),
    ],
)
def test_counts_that_do_not_add_up_are_refused_and_nothing_is_saved(personas, total, counts, message):
    f.committees(personas)
    with pytest.raises(ValidationError, match=message):
        actions.training_save(
            actor=personas.coordinator,
            training=_new_training(total_attendees=total),
            audience_counts={f.audience(code): n for code, n in counts.items()},
        )
    assert not Training.objects.exists() and not TrainingAudience.objects.exists()
    assert not _events("outreach.training_created")


def test_a_post_test_before_the_training_date_is_refused(personas, today):
    f.committees(personas)
    training = _new_training(post_test_on=today - timedelta(days=4))
    with pytest.raises(ValidationError) as refused:
        actions.training_save(actor=personas.coordinator, training=training, audience_counts={})
    assert "cannot come before the training" in refused.value.message_dict["post_test_on"][0]
    assert not Training.objects.exists()


def test_only_named_trainings_certify_and_only_approved_materials_are_used(personas):
    f.committees(personas)
    with pytest.raises(ValidationError, match="named sign-in can certify"):
        actions.training_save(actor=personas.coordinator, training=_new_training(certifies=f.required()))
    with pytest.raises(ValidationError, match="Not approved by the training committee: Draft talking points"):
        actions.training_save(
            actor=personas.coordinator, training=_new_training(), materials=[f.draft_material(personas)]
        )
    assert not Training.objects.exists()


def test_counts_cannot_drop_below_the_attendees_already_signed_in(personas):
    training = f.member_training(personas)
    training.total_attendees = 3
    with pytest.raises(ValidationError, match="1 attendees from Law enforcement are already recorded"):
        actions.training_save(
            actor=personas.coordinator,
            training=training,
            audience_counts={f.audience("victim_services"): 2, f.audience("legal_services"): 1},
        )
    assert Training.objects.get().total_attendees == 4
    training.refresh_from_db()
    training.sign_in, training.certifies = "counts", None
    with pytest.raises(ValidationError, match="recorded by name"):
        actions.training_save(actor=personas.coordinator, training=training)


@pytest.mark.parametrize("persona", WRITERS_REFUSED)
def test_only_the_coordinator_and_the_training_committee_record_trainings(personas, persona):
    f.committees(personas)
    with pytest.raises(PermissionDenied):
        actions.training_save(actor=personas.user(persona), training=_new_training(), audience_counts={})


def test_the_auditor_never_writes_even_when_named_on_the_committee(personas):
    f.committees(personas)["training"].members.add(personas.auditor)
    with pytest.raises(PermissionDenied):
        actions.training_save(actor=personas.auditor, training=_new_training(), audience_counts={})
    with pytest.raises(PermissionDenied):
        actions.training_review(actor=personas.auditor, training=f.training(personas), approve=True)


def test_the_training_committee_approves_and_the_coordinator_alone_may_not(personas):
    training = f.training(personas)
    with pytest.raises(PermissionDenied):
        actions.training_review(actor=personas.coordinator, training=training, approve=True)
    with pytest.raises(ValidationError, match="Say what should change"):
        actions.training_review(actor=personas.member, training=training, approve=False)
    actions.training_review(actor=personas.member, training=training, approve=False, note="Add the labor module.")
    actions.training_review(actor=personas.member, training=training, approve=True)
    training.refresh_from_db()
    assert (training.approval, training.reviewed_by) == ("approved", personas.member)
    assert len(_events("outreach.training_returned")) == 1 and len(_events("outreach.training_approved")) == 1


def test_no_one_approves_without_a_training_committee(personas):
    training = f.training(personas)
    from accord.governance.models import Committee

    Committee.objects.filter(kind="training").update(is_active=False)
    with pytest.raises(PermissionDenied):
        actions.training_review(actor=personas.member, training=training, approve=True)


def test_removing_an_attendee_removes_the_certification_it_gave(personas):
    training = f.member_training(personas)
    attendee = f.attendee(personas)
    Certification.objects.create(
        person=personas.advocate,
        required_training=f.required(),
        completed_on=training.day,
        training=training,
        attendee=attendee,
    )
    attendee_id = attendee.pk
    with pytest.raises(PermissionDenied):
        actions.attendee_remove(actor=personas.vsp_admin, attendee=attendee)
    actions.attendee_remove(actor=personas.member, attendee=attendee)
    assert not TrainingAttendee.objects.filter(person=personas.advocate).exists()
    assert not Certification.objects.exists()
    [event] = _events("outreach.attendee_removed")
    assert event.changes == {"attendee": attendee_id, "certification_removed": True}


# --- Records and the referral network ----------------------------------------------------------------------


def test_a_certification_counts_its_expiry_from_the_trainings_validity(personas, today):
    f.committees(personas)
    completed = today - timedelta(days=31)
    certification = actions.certification_record(
        actor=personas.coordinator,
        certification=Certification(person=personas.advocate, required_training=f.required(), completed_on=completed),
    )
    assert certification.expires_on == actions.expiry_for(f.required(), completed)
    assert certification.expires_on.year == completed.year + 2
    assert len(_events("outreach.certification_created")) == 1
    with pytest.raises(ValidationError, match="has been completed"):
        actions.certification_record(
            actor=personas.coordinator,
            certification=Certification(
                person=personas.advocate, required_training=f.required(), completed_on=today + timedelta(days=1)
            ),
        )


def test_month_arithmetic_keeps_to_the_end_of_short_months():
    from datetime import date

    from accord.outreach.actions._common import add_months

    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 15), 14) == date(2026, 1, 15)
    assert add_months(date(2024, 3, 31), -25) == date(2022, 2, 28)


def test_an_organization_joins_the_network_only_when_its_staff_hold_the_required_trainings(personas):
    f.committees(personas)
    first = f.required()
    second = f.required("Referral network protocol", months=12)
    f.required("Certified trainer", network=False)
    f.certification(personas, personas.advocate)  # fundamentals only
    with pytest.raises(ValidationError) as refused:
        actions.network_grant(actor=personas.coordinator, organization=personas.vsp_b)
    message = refused.value.messages[0]
    assert "cannot join the referral network until its staff hold the required trainings (0 of 2 do)" in message
    assert f"{personas.advocate} lacks Referral network protocol" in message
    assert f"{personas.vsp_admin} lacks Human trafficking fundamentals, Referral network protocol" in message
    assert not NetworkMembership.objects.exists() and not _events("outreach.network_granted")

    f.certification(personas, personas.advocate, name=second.name)
    f.certification(personas, personas.vsp_admin, name=first.name)
    f.certification(personas, personas.vsp_admin, name=second.name, days_left=-1)  # expired yesterday
    with pytest.raises(ValidationError, match="1 of 2 do"):
        actions.network_grant(actor=personas.coordinator, organization=personas.vsp_b)
    f.certification(personas, personas.vsp_admin, name=second.name, days_left=300)
    with pytest.raises(PermissionDenied):
        actions.network_grant(actor=personas.member, organization=personas.vsp_b)
    membership = actions.network_grant(actor=personas.coordinator, organization=personas.vsp_b, note="Ready")
    assert membership.is_active and len(_events("outreach.network_granted")) == 1
    with pytest.raises(ValidationError, match="already in the referral network"):
        actions.network_grant(actor=personas.coordinator, organization=personas.vsp_b)


def test_a_network_with_no_required_training_admits_no_one(personas):
    f.committees(personas)
    with pytest.raises(ValidationError, match="No training is marked as required"):
        actions.network_grant(actor=personas.coordinator, organization=personas.vsp_b)


def test_leaving_the_network_needs_a_reason(personas):
    membership = f.membership(personas)
    with pytest.raises(ValidationError, match="Say why"):
        actions.network_withdraw(actor=personas.coordinator, membership=membership)
    actions.network_withdraw(actor=personas.coordinator, membership=membership, note="Left the task force")
    membership.refresh_from_db()
    assert membership.status == "withdrawn" and len(_events("outreach.network_withdrawn")) == 1


# --- Events and partners -------------------------------------------------------------------------------


def test_an_event_records_reach_only_after_it_happened_and_hands_out_approved_materials(personas, today):
    f.committees(personas)
    future = f.at(today + timedelta(days=5), 18)
    event = OutreachEvent(
        title="Resource fair",
        starts_at=future,
        ends_at=future + timedelta(hours=2),
        audience=f.audience("public"),
        reach=200,
    )
    with pytest.raises(ValidationError, match="after the event has taken place"):
        actions.event_save(actor=personas.advocate, event=event)
    event.reach = None
    with pytest.raises(ValidationError, match="Not approved by the training committee"):
        actions.event_save(actor=personas.advocate, event=event, materials=[f.draft_material(personas)])
    assert not OutreachEvent.objects.exists()
    actions.event_save(
        actor=personas.advocate, event=event, partners=[f.partner(personas)], materials=[f.material(personas)]
    )
    [created] = _events("outreach.event_created")
    assert created.changes["partners"] == [[], ["Riverside Interfaith Council"]]
    with pytest.raises(PermissionDenied):
        actions.event_save(actor=personas.member, event=event)


def test_a_follow_up_is_closed_by_its_owner_or_the_outreach_committee(personas, today):
    follow_up = f.follow_up(personas, owner=personas.investigator)
    with pytest.raises(PermissionDenied):
        actions.follow_up_done(actor=personas.vsp_admin, follow_up=follow_up)
    actions.follow_up_done(actor=personas.investigator, follow_up=follow_up)
    assert follow_up.done_on == today and len(_events("outreach.follow_up_done")) == 1


def test_a_member_organization_is_not_a_community_partner(personas):
    f.committees(personas)
    with pytest.raises(ValidationError, match="is a task-force member organization"):
        actions.partner_save(actor=personas.advocate, partner=CommunityPartner(name="vsp b shelter", kind="nonprofit"))
    assert not CommunityPartner.objects.exists()


def test_a_contact_needs_a_way_to_reach_them_and_a_real_number(personas):
    partner = f.partner(personas)
    with pytest.raises(ValidationError, match="e-mail address or a phone number"):
        actions.contact_add(actor=personas.advocate, contact=PartnerContact(partner=partner, name="Pat"))
    with pytest.raises(ValidationError, match="not a phone number"):
        actions.contact_add(
            actor=personas.advocate, contact=PartnerContact(partner=partner, name="Pat", phone="call me")
        )
    contact = actions.contact_add(
        actor=personas.advocate, contact=PartnerContact(partner=partner, name="Pat", phone="217 555 0123")
    )
    assert contact.phone == "+12175550123" and len(_events("outreach.partner_contact_created")) == 1


# --- The library -----------------------------------------------------------------------------------------


def test_a_version_over_the_limit_or_of_a_forbidden_type_is_refused_and_nothing_is_stored(personas, storage, settings):
    material = f.material(personas)
    settings.ACCORD_UPLOAD_MAX_BYTES = 1_048_576
    too_big = SimpleUploadedFile("curriculum.pdf", b"%PDF-1.7\n" + b"x" * 1_572_864)
    with pytest.raises(ValidationError) as refused:
        actions.material_version_add(actor=personas.member, material=material, upload=too_big)
    assert refused.value.message_dict["document"] == ["The file is 1.5 MB; the limit is 1 MB."]
    with pytest.raises(ValidationError, match="not accepted"):
        actions.material_version_add(
            actor=personas.member, material=material, upload=SimpleUploadedFile("run.exe", b"MZ\x90\x00")
        )
    with pytest.raises(ValidationError, match="is not a PDF"):
        actions.material_version_add(
            actor=personas.member, material=material, upload=SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert material.versions.count() == 1 and not list(storage.rglob("outreach/materials/*"))
    assert not _events("outreach.material_version_added")


def test_a_new_version_awaits_the_committee_which_alone_approves_it(personas, storage):
    material = f.material(personas)
    version = actions.material_version_add(
        actor=personas.coordinator,
        material=material,
        upload=SimpleUploadedFile("poster-v2.pdf", f.PDF_BYTES),
        note="Spanish added",
    )
    assert (version.number, version.status) == (2, "pending") and list(storage.rglob("outreach/materials/*.pdf"))
    with pytest.raises(PermissionDenied):
        actions.material_version_review(actor=personas.coordinator, version=version, approve=True)
    actions.material_version_review(actor=personas.member, version=version, approve=True)
    assert MaterialVersion.objects.get(pk=version.pk).status == "approved"
    assert [e.changes["version"] for e in _events("outreach.material_approved")] == [2]
    text_only = actions.material_version_add(actor=personas.member, material=material, text="- Call the hotline")
    assert text_only.number == 3 and not text_only.has_file
    with pytest.raises(ValidationError, match="Choose a file"):
        actions.material_version_add(actor=personas.member, material=material)


def test_materials_and_glossary_are_written_by_the_coordinator_and_the_committee(personas):
    f.committees(personas)
    with pytest.raises(PermissionDenied):
        actions.material_save(actor=personas.advocate, material=Material(title="X", kind="document"))
    actions.glossary_save(actor=personas.member, term=GlossaryTerm(term="T visa", definition="Relief."))
    with pytest.raises(ValidationError, match="already in the glossary"):
        actions.glossary_save(actor=personas.coordinator, term=GlossaryTerm(term="t VISA ", definition="Again."))
    assert GlossaryTerm.objects.count() == 1 and len(_events("outreach.glossary_term_created")) == 1
    required = actions.required_training_save(
        actor=personas.member, required=RequiredTraining(name="Referral protocol", valid_for_months=12)
    )
    assert required.pk and len(_events("outreach.required_training_created")) == 1
