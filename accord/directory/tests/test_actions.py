"""Every directory write goes through an action that checks the editor's scope and writes an audit row."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.directory import actions
from accord.directory.models import Contact, DirectoryProfile, FirstCall, Offering, ServiceCategory
from accord.directory.tests import factories as f

pytestmark = pytest.mark.django_db


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def test_profile_save_creates_then_updates_with_a_diff(personas):
    profile = DirectoryProfile(organization=personas.vsp_b, main_phone="+12175550111", languages=["en"])
    actions.profile_save(actor=personas.vsp_admin, profile=profile, areas=[f.area("Cedar")])
    profile.hotline = "+12175550122"
    actions.profile_save(actor=personas.vsp_admin, profile=profile, areas=[f.area("Cedar"), f.area("Marlow")])
    created, updated = _events("directory.profile_created"), _events("directory.profile_updated")
    assert len(created) == 1 and len(updated) == 1
    assert updated[0].organization_id == personas.vsp_b.pk
    assert updated[0].changes["hotline"] == ["", "+12175550122"]
    assert updated[0].changes["areas"] == [["Cedar"], ["Cedar", "Marlow"]]


def test_saving_an_unchanged_profile_writes_no_event(personas):
    profile = DirectoryProfile(organization=personas.vsp_b)
    actions.profile_save(actor=personas.coordinator, profile=profile, areas=[])
    actions.profile_save(actor=personas.coordinator, profile=profile, areas=[])
    assert not _events("directory.profile_updated")


@pytest.mark.parametrize("persona", ["advocate", "member", "investigator", "auditor"])
def test_only_editors_may_write(personas, persona):
    with pytest.raises(PermissionDenied):
        actions.profile_save(actor=personas.user(persona), profile=DirectoryProfile(organization=personas.vsp_b))
    assert not DirectoryProfile.objects.exists()


def test_org_admin_cannot_touch_another_organization(personas):
    offering = f.offering(personas.partner_c)
    with pytest.raises(PermissionDenied):
        actions.offering_set_availability(actor=personas.vsp_admin, offering=offering, availability="full")
    with pytest.raises(PermissionDenied):
        actions.contact_save(
            actor=personas.vsp_admin, contact=Contact(organization=personas.partner_c, name="X", phone="+12175550100")
        )
    offering.refresh_from_db()
    assert offering.availability == "open"


def test_bad_phone_is_refused_and_nothing_saved(personas):
    with pytest.raises(ValidationError):
        actions.profile_save(
            actor=personas.coordinator, profile=DirectoryProfile(organization=personas.vsp_b, main_phone="555-1234")
        )
    assert not DirectoryProfile.objects.exists() and not _events("directory.profile_created")


def test_contact_needs_a_way_to_reach_them(personas):
    with pytest.raises(ValidationError):
        actions.contact_save(actor=personas.vsp_admin, contact=Contact(organization=personas.vsp_b, name="No Way"))


def test_first_call_moves_from_one_contact_to_another(personas):
    first = actions.contact_save(
        actor=personas.vsp_admin,
        call_first_for=["general", "minor"],
        contact=Contact(organization=personas.vsp_b, name="Ana", phone="+12175550101"),
    )
    second = actions.contact_save(
        actor=personas.vsp_admin,
        call_first_for=["minor"],
        contact=Contact(organization=personas.vsp_b, name="Ben", phone="+12175550102"),
    )
    calls = {fc.situation: fc.contact_id for fc in FirstCall.objects.filter(organization=personas.vsp_b)}
    assert calls == {"general": first.pk, "minor": second.pk}
    event = AuditEvent.objects.filter(verb="directory.contact_created", target_id=str(second.pk)).get()
    assert event.changes["first_call_taken_from"] == {"minor": "Ana"}


def test_contact_delete_is_audited(personas):
    contact = f.contact(personas.vsp_b)
    actions.contact_delete(actor=personas.vsp_admin, contact=contact)
    assert not Contact.objects.exists()
    assert _events("directory.contact_deleted")[0].changes["removed"]["name"] == "Pat Rivera"


def test_offering_save_validates_eligibility(personas):
    offering = Offering(
        organization=personas.vsp_b,
        category=f.category(),
        genders=["women"],
        trafficking_types=["sex"],
        citizenship=["us_citizen"],
        languages=["en"],
        min_age=12,
    )
    with pytest.raises(ValidationError) as error:
        actions.offering_save(actor=personas.vsp_admin, offering=offering, areas=[f.area()])
    assert "minors" in error.value.message_dict
    offering.minors = "any"
    saved = actions.offering_save(actor=personas.vsp_admin, offering=offering, areas=[f.area()])
    assert _events("directory.offering_created")[0].target_id == str(saved.pk)


def test_offering_needs_an_area(personas):
    offering = Offering(
        organization=personas.vsp_b,
        category=f.category(),
        genders=["women"],
        trafficking_types=["sex"],
        citizenship=["us_citizen"],
        languages=["en"],
    )
    with pytest.raises(ValidationError):
        actions.offering_save(actor=personas.vsp_admin, offering=offering, areas=[])
    assert not Offering.objects.exists()


def test_changing_availability_in_the_form_confirms_it(personas):
    offering = f.offering(personas.vsp_b, availability_confirmed_at=timezone.now() - timezone.timedelta(days=60))
    assert offering.is_stale
    offering.availability = "full"
    actions.offering_save(actor=personas.vsp_admin, offering=offering)
    offering.refresh_from_db()
    assert not offering.is_stale


def test_one_click_availability_confirms_and_audits(personas):
    offering = f.offering(personas.vsp_b, availability_confirmed_at=timezone.now() - timezone.timedelta(days=90))
    actions.offering_set_availability(actor=personas.vsp_admin, offering=offering, availability="full")
    offering.refresh_from_db()
    assert offering.availability == "full" and offering.available_units == 0 and not offering.is_stale
    event = _events("directory.availability_confirmed")[0]
    assert event.changes["availability"] == ["open", "full"] and event.organization_id == personas.vsp_b.pk
    # Clicking the same status again re-confirms it: still audited.
    actions.offering_set_availability(actor=personas.vsp_admin, offering=offering, availability="full")
    assert len(_events("directory.availability_confirmed")) == 2


def test_taxonomy_is_data_the_coordinator_edits(personas):
    assert ServiceCategory.objects.filter(code="legal_immigration").exists()
    category = ServiceCategory(code="pet_care", name="Pet care", group="Basic needs")
    with pytest.raises(PermissionDenied):
        actions.category_save(actor=personas.vsp_admin, category=category)
    actions.category_save(actor=personas.coordinator, category=category)
    assert _events("directory.category_created")


def test_code_of_a_term_in_use_cannot_change(personas):
    f.offering(personas.vsp_b)
    category = f.category()
    category.code = "shelter"
    with pytest.raises(ValidationError):
        actions.category_save(actor=personas.coordinator, category=category)
