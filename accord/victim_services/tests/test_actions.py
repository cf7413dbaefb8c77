"""Rules through actions: releases (bad input, minors, abusers), locking, screening, compelled disclosure, jobs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.victim_services import actions
from accord.victim_services.locking import RecordChanged
from accord.victim_services.models import (
    Client,
    CompelledDisclosure,
    Instrument,
    NotificationTask,
    Option,
    Release,
    ServiceDelivery,
    TraffickingStatus,
)
from accord.victim_services.tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _release(p, client, **fields):
    values = {
        "client": client,
        "recipient": p.partner_c,
        "purpose": "Legal help",
        "categories": ["identity"],
        "signed_on": TODAY(),
        "expires_on": TODAY() + timedelta(days=30),
    } | fields
    return Release(**values)


def test_intake_creates_a_coded_client_and_audits_without_identity(personas):
    c = actions.client_create(actor=personas.advocate, client=Client(legal_name="Secret Name", phone="+12175550123"))
    assert re.fullmatch(r"[A-Z]+-0001", c.code) and c.organization == personas.vsp_b
    event = AuditEvent.objects.get(verb="client.created")
    assert "Secret Name" not in str(event.changes) and event.target_label == f"Client {c.code}"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT legal_name FROM victim_services_client WHERE id = %s", [c.pk])
        assert cursor.fetchone()[0].startswith("v1:")


def test_only_vsp_staff_open_client_records(personas):
    from django.core.exceptions import PermissionDenied

    for persona in (personas.investigator, personas.member, personas.coordinator):
        with pytest.raises(PermissionDenied):
            actions.client_create(actor=persona, client=Client())
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"expires_on": TODAY() - timedelta(days=1)}, "expires_on"),
        ({"expires_on": TODAY() + timedelta(days=400)}, "expires_on"),
        ({"categories": ["identity", "bank_details"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"signed_on": TODAY() + timedelta(days=2), "expires_on": TODAY() + timedelta(days=5)}, "signed_on"),
    ],
)
def test_bad_release_is_refused_and_changes_nothing(personas, fields, field):
    c = f.client(personas)
    with pytest.raises(ValidationError) as error:
        actions.release_create(actor=personas.advocate, release=_release(personas, c, **fields))
    assert field in error.value.message_dict
    assert not Release.objects.exists() and not AuditEvent.objects.filter(verb="release.created").exists()


def test_release_maximum_is_configurable(personas, settings):
    settings.ACCORD_RELEASE_MAX_DAYS = 10
    c = f.client(personas)
    with pytest.raises(ValidationError):
        actions.release_create(
            actor=personas.advocate, release=_release(personas, c, expires_on=TODAY() + timedelta(days=11))
        )
    actions.release_create(actor=personas.advocate, release=_release(personas, c, expires_on=TODAY() + timedelta(10)))


def test_one_live_release_per_recipient(personas):
    c = f.client(personas)
    actions.release_create(actor=personas.advocate, release=_release(personas, c))
    with pytest.raises(ValidationError):
        actions.release_create(actor=personas.advocate, release=_release(personas, c))
    assert Release.objects.count() == 1


def test_minor_needs_a_guardian_unless_the_law_lets_them_consent_alone(personas):
    minor = f.client(personas, "VSPB-0100", age_band="15-17")
    with pytest.raises(ValidationError) as error:
        actions.release_create(actor=personas.advocate, release=_release(personas, minor))
    assert "grantor" in error.value.message_dict
    parent = f.person(minor)
    actions.release_create(
        actor=personas.advocate, release=_release(personas, minor, grantor="client_and_guardian", guardian=parent)
    )
    other = f.client(personas, "VSPB-0101", age_band="15-17")
    actions.release_create(actor=personas.advocate, release=_release(personas, other, minor_consents_alone=True))


def test_the_abuser_cannot_consent(personas):
    minor = f.client(personas, "VSPB-0100", age_band="12-14")
    abuser = f.person(minor, abuser=True)
    with pytest.raises(ValidationError) as error:
        actions.release_create(
            actor=personas.advocate, release=_release(personas, minor, grantor="client_and_guardian", guardian=abuser)
        )
    assert "abuser" in str(error.value.message_dict["guardian"])


def test_incapacity_needs_the_court_appointed_guardian(personas):
    c = f.client(personas)
    parent = f.person(c)
    with pytest.raises(ValidationError):
        actions.release_create(
            actor=personas.advocate, release=_release(personas, c, grantor="court_guardian", guardian=parent)
        )
    guardian = f.person(c, relationship="court_guardian")
    actions.release_create(
        actor=personas.advocate, release=_release(personas, c, grantor="court_guardian", guardian=guardian)
    )


def test_services_need_no_release(personas):
    c = f.client(personas)
    service = actions.service_record(
        actor=personas.advocate,
        service=ServiceDelivery(client=c, category=f.category("case_management"), units=2),
    )
    assert service.pk and not c.releases.exists()
    assert AuditEvent.objects.filter(verb="client.service.created", target_id=str(c.pk)).exists()


def test_stale_client_save_is_refused(personas, client):
    c = f.client(personas)
    sign_in(client, personas.advocate)
    url = reverse("victim_services:client_edit", args=[c.pk])
    form = {
        "legal_name": "First Editor",
        "intake_date": c.intake_date.isoformat(),
        "age_band": "25-34",
        "gender": "female",
        "citizenship": "us_citizen",
        "family": "alone",
        "trafficking_type": "labor",
        "trafficking_status": "possible",
        "status_decided_by": "ngo",
        "expected_version": c.version,
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, form | {"legal_name": "Second Editor"})
    assert stale.status_code == 409 and "Someone else changed this record" in stale.content.decode()
    c.refresh_from_db()
    assert c.legal_name == "First Editor" and c.version == 2


def test_stale_release_revoke_is_refused(personas):
    release = f.release(personas)
    with pytest.raises(RecordChanged):
        actions.release_revoke(actor=personas.advocate, release=release, expected_version=release.version + 5)
    release.refresh_from_db()
    assert release.revoked_at is None


def test_screen_scores_domains_and_never_sets_a_determination(personas):
    c = f.client(personas, trafficking_status=TraffickingStatus.POSSIBLE)
    version = Instrument.objects.get(code="accord-trafficking-screen").current_version()
    yes = list(Option.objects.filter(question__section__version=version, label="Yes").select_related("question"))
    screening = actions.screening_record(actor=personas.advocate, client=c, version=version, options=yes)
    assert set(screening.flagged_domains) == {d.code for d in version.domains.all()}
    c.refresh_from_db()
    assert c.trafficking_status == TraffickingStatus.POSSIBLE


def test_screen_refuses_two_answers_to_one_question(personas):
    c = f.client(personas)
    version = Instrument.objects.get(code="accord-trafficking-screen").current_version()
    question = version.sections.first().questions.first()
    with pytest.raises(ValidationError):
        actions.screening_record(actor=personas.advocate, client=c, version=version, options=question.options.all())


def test_compelled_disclosure_records_basis_fields_and_a_notification_task(personas, client):
    c = f.client(personas)
    disclosure = CompelledDisclosure(
        client=c,
        basis="court_order",
        authority="Circuit Court 24-CV-1",
        recipient="Circuit Court",
        fields=["code", "date_of_birth"],
    )
    actions.disclosure_record(actor=personas.advocate, disclosure=disclosure)
    task = NotificationTask.objects.get(disclosure=disclosure)
    assert task.done_at is None
    event = AuditEvent.objects.get(verb="disclosure.recorded")
    assert event.changes["basis"] == "court_order" and event.changes["notification_task_id"] == task.pk
    sign_in(client, personas.advocate)
    home = client.get(reverse("core:home")).content.decode()
    assert "Tell clients about a compelled disclosure" in home
    page = client.get(reverse("victim_services:disclosure_detail", args=[disclosure.pk])).content.decode()
    assert c.date_of_birth in page and c.legal_name not in page  # only the named fields go out


def test_compelled_disclosure_without_a_basis_is_refused(personas):
    c = f.client(personas)
    for basis in ("", "subpoena"):
        with pytest.raises(ValidationError):
            actions.disclosure_record(
                actor=personas.advocate,
                disclosure=CompelledDisclosure(client=c, basis=basis, authority="x", recipient="y", fields=["code"]),
            )
    assert not NotificationTask.objects.exists()


def test_daily_job_notes_expired_releases(personas):
    from accord.victim_services.tasks import release_housekeeping

    release = f.release(personas, signed_on=TODAY() - timedelta(days=20), expires_on=TODAY() - timedelta(days=1))
    release_housekeeping.enqueue()
    release.refresh_from_db()
    assert release.expiry_noted_at is not None
    assert AuditEvent.objects.filter(verb="release.expired", changes__release_id=release.pk).count() == 1
    release_housekeeping.enqueue()
    assert AuditEvent.objects.filter(verb="release.expired", changes__release_id=release.pk).count() == 1


def test_intake_through_the_page_then_release_and_print(personas, client):
    sign_in(client, personas.advocate)
    response = client.post(
        reverse("victim_services:client_create"),
        {
            "legal_name": "Page Person",
            "intake_date": TODAY().isoformat(),
            "age_band": "25-34",
            "gender": "male",
            "citizenship": "foreign_national",
            "family": "alone",
            "trafficking_type": "labor",
            "trafficking_status": "possible",
            "status_decided_by": "ngo",
        },
    )
    c = Client.objects.get()
    assert response.status_code == 302 and response.url == reverse("victim_services:client_detail", args=[c.pk])
    response = client.post(
        reverse("victim_services:release_create", args=[c.pk]),
        {
            "recipient": personas.partner_c.pk,
            "purpose": "Legal help",
            "categories": ["identity", "contact"],
            "grantor": "client",
            "signed_on": TODAY().isoformat(),
            "expires_on": (TODAY() + timedelta(days=200)).isoformat(),
            "consent_record": "paper",
        },
    )
    assert response.status_code == 200 and "at most 90 days" in response.content.decode()
    assert not Release.objects.exists()
    blank = client.get(reverse("victim_services:release_blank", args=[c.pk]))
    assert "You do not have to sign" in blank.content.decode()
