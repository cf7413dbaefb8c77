"""Referrals: the state machine, identity only under a live release, locking, bad input, timers and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent, Term
from accord.core.testing import sign_in
from accord.referrals import actions
from accord.referrals.models import Referral, State
from accord.victim_services import actions as vs_actions
from accord.victim_services.locking import RecordChanged
from accord.victim_services.tests import factories as f

pytestmark = pytest.mark.django_db


def _draft(p, **fields):
    values = {"recipient": p.partner_c, "need": f.category(), "age_band": "25-34", "gender": "female"} | fields
    return actions.referral_save(actor=p.advocate, referral=Referral(**values))


def test_full_loop_with_identity_under_a_release_then_revoked(personas, client):
    c = f.client(personas, legal_name="Lucia Identity", date_of_birth="1991-02-03")
    release = f.release(personas, c, categories=["identity"])
    referral = _draft(personas, client=c, share_identity=True)
    actions.referral_send(actor=personas.advocate, referral=referral, expected_version=referral.version)
    assert AuditEvent.objects.get(verb="referral.sent").changes["release_id"] == release.pk

    sign_in(client, personas.member)
    url = reverse("referrals:detail", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Lucia Identity" in page and "1991-02-03" in page
    assert AuditEvent.objects.filter(verb="client.viewed", changes__referral_id=referral.pk).exists()

    actions.referral_accept(actor=personas.member, referral=referral, expected_version=referral.version)
    actions.referral_complete(
        actor=personas.member, referral=referral, expected_version=referral.version, outcome="provided"
    )
    referral.refresh_from_db()
    assert referral.state == State.COMPLETED and referral.service_delivery.client == c
    assert referral.service_delivery.provider == personas.partner_c and referral.matched_within_48_hours

    vs_actions.release_revoke(actor=personas.advocate, release=release, expected_version=release.version)
    page = client.get(url).content.decode()
    assert "Lucia Identity" not in page and "Descriptors only" in page
    assert client.get(reverse("victim_services:client_detail", args=[c.pk])).status_code == 404


def test_identity_hidden_after_expiry(personas, client):
    c = f.client(personas, legal_name="Expiring Person")
    f.release(personas, c, categories=["identity"], days=2)
    referral = _draft(personas, client=c, share_identity=True)
    actions.referral_send(actor=personas.advocate, referral=referral, expected_version=referral.version)
    sign_in(client, personas.member)
    url = reverse("referrals:detail", args=[referral.pk])
    assert "Expiring Person" in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        sign_in(client, personas.member)
        assert "Expiring Person" not in client.get(url).content.decode()


def test_no_identity_without_the_senders_choice_or_the_identity_category(personas, client):
    c = f.client(personas, legal_name="Quiet Person")
    f.release(personas, c, categories=["needs"])
    referral = _draft(personas, client=c)
    actions.referral_send(actor=personas.advocate, referral=referral, expected_version=referral.version)
    sign_in(client, personas.member)
    assert "Quiet Person" not in client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()


@pytest.mark.parametrize("release_kind", ["missing", "expired", "revoked", "no identity"])
def test_share_without_a_live_identity_release_is_refused(personas, release_kind):
    c = f.client(personas)
    if release_kind == "expired":
        f.release(
            personas, c, signed_on=timezone.localdate() - timedelta(10), expires_on=timezone.localdate() - timedelta(1)
        )
    elif release_kind == "revoked":
        r = f.release(personas, c)
        vs_actions.release_revoke(actor=personas.advocate, release=r, expected_version=r.version)
    elif release_kind == "no identity":
        f.release(personas, c, categories=["needs"])
    referral = _draft(personas, client=c, share_identity=True)
    with pytest.raises(ValidationError) as error:
        actions.referral_send(actor=personas.advocate, referral=referral, expected_version=referral.version)
    assert "share_identity" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.state == State.DRAFT and not AuditEvent.objects.filter(verb="referral.sent").exists()


def test_referral_to_own_organization_is_refused(personas):
    with pytest.raises(ValidationError):
        _draft(personas, recipient=personas.vsp_b)
    assert not Referral.objects.exists()


def test_only_the_clients_vsp_links_a_client(personas):
    c = f.client(personas)
    with pytest.raises((ValidationError, PermissionDenied)):
        actions.referral_save(
            actor=personas.investigator,
            referral=Referral(recipient=personas.partner_c, need=f.category(), client=c),
        )


def test_moves_only_by_the_right_side_and_state(personas):
    referral = f.referral(personas)
    with pytest.raises(PermissionDenied):
        actions.referral_accept(actor=personas.advocate, referral=referral, expected_version=1)
    with pytest.raises(PermissionDenied):
        actions.referral_withdraw(actor=personas.member, referral=referral, expected_version=1)
    with pytest.raises(ValidationError):
        actions.referral_complete(actor=personas.member, referral=referral, expected_version=1, outcome="provided")
    reason = Term.objects.of("referral-decline-reason").first()
    with pytest.raises(ValidationError):
        actions.referral_decline(actor=personas.member, referral=referral, expected_version=1, reason=None)
    actions.referral_decline(actor=personas.member, referral=referral, expected_version=1, reason=reason)
    assert referral.state == State.DECLINED
    with pytest.raises(ValidationError):
        actions.referral_withdraw(actor=personas.advocate, referral=referral, expected_version=referral.version)


def test_stale_accept_is_refused_with_a_conflict_page(personas, client):
    referral = f.referral(personas)
    actions.referral_accept(actor=personas.member, referral=referral, expected_version=1)
    with pytest.raises(RecordChanged):
        actions.referral_complete(actor=personas.member, referral=referral, expected_version=1, outcome="provided")
    sign_in(client, personas.advocate)
    response = client.post(reverse("referrals:move", args=[referral.pk, "withdraw"]), {"expected_version": 1})
    assert response.status_code == 409 and "Someone else changed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == State.ACCEPTED


def test_law_enforcement_refers_a_newly_identified_victim_with_descriptors_only(personas, client):
    referral = actions.referral_save(
        actor=personas.investigator,
        referral=Referral(recipient=personas.vsp_b, need=f.category("emergency_shelter"), age_band="15-17"),
    )
    actions.referral_send(actor=personas.investigator, referral=referral, expected_version=referral.version)
    sign_in(client, personas.advocate)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "15 to 17" in page and "Accept" in page
    actions.referral_accept(actor=personas.advocate, referral=referral, expected_version=referral.version)
    assert referral.state == State.ACCEPTED


def test_stale_referrals_are_reminded_once_a_day(personas):
    from accord.referrals.tasks import stale_referral_reminders

    old = f.referral(personas, sent_at=timezone.now() - timedelta(hours=60))
    f.referral(personas)  # fresh: not stale
    stale_referral_reminders.enqueue()
    old.refresh_from_db()
    assert old.reminded_at is not None and old.is_stale and old.matched_within_48_hours is False
    assert AuditEvent.objects.filter(verb="referral.reminder_sent").count() == 1
    assert len(mail.outbox) == 1 and personas.member.email in mail.outbox[0].to
    stale_referral_reminders.enqueue()
    assert AuditEvent.objects.filter(verb="referral.reminder_sent").count() == 1


def test_create_page_from_find_help_prefills_and_sends(personas, client):
    from accord.directory.tests import factories as df

    df.offering(personas.partner_c, "legal_immigration")
    sign_in(client, personas.advocate)
    find = client.get(reverse("referrals:find"), {"service": f.category().pk, "age": 30})
    assert "Refer to Partner C Legal Aid" in find.content.decode()
    form = client.get(reverse("referrals:create"), {"organization": personas.partner_c.pk, "category": f.category().pk})
    assert form.status_code == 200 and f'value="{personas.partner_c.pk}" selected' in form.content.decode()


def test_referral_list_query_count_does_not_grow(personas, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, personas.member)
    for _ in range(3):
        f.referral(personas)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("referrals:list"))
    for _ in range(20):
        f.referral(personas)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("referrals:list"))
    assert len(many) == len(few)


def test_find_help_starts_from_the_clients_descriptors_not_identity(personas, client):
    c = f.client(personas, gender="male", primary_language="es", trafficking_type="labor")
    sign_in(client, personas.advocate)
    page = client.get(reverse("referrals:find"), {"client": c.pk}).content.decode()
    assert '<option value="men" selected>' in page and '<option value="es" selected>' in page
    assert c.legal_name not in page
    sign_in(client, personas.member)
    assert client.get(reverse("referrals:find"), {"client": c.pk}).status_code == 200  # ignored: not their client
