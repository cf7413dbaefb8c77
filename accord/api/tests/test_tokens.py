"""Tokens: stored hashed, scoped, expiring, revocable; every use and every refusal audited; the problem format."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.api.models import ApiToken, token_digest
from accord.api.scopes import Scope
from accord.api.tests.helpers import bearer, token_for
from accord.core.models import AuditEvent
from accord.core.testing import sign_in

REFERRALS = "/api/v1/referrals/"


def test_token_page_requires_step_up_then_shows_the_secret_once(personas, client):
    sign_in(client, personas.member, recently_reauthenticated=False)
    response = client.get(reverse("api:token_create"))
    assert response.status_code == 302 and "reauthenticate" in response.url
    sign_in(client, personas.member)
    response = client.post(
        reverse("api:token_create"), {"name": "RMS sync", "scopes": ["referrals:read"], "days": 30}, follow=True
    )
    secret = response.context["secret"]
    assert secret.startswith("acc_")
    token = ApiToken.objects.get(user=personas.member)
    assert token.digest == token_digest(secret) and secret not in str(token.__dict__)  # only a digest is stored
    assert AuditEvent.objects.filter(verb="api.token_created", target_id=str(token.pk)).exists()
    again = client.get(reverse("api:token_list"))
    assert secret not in again.content.decode()  # shown once


def test_expiry_is_required_and_bounded(personas, client):
    sign_in(client, personas.member)
    response = client.post(reverse("api:token_create"), {"name": "x", "scopes": ["referrals:read"], "days": 400})
    assert response.status_code == 200 and "days" in response.context["form"].errors
    response = client.post(reverse("api:token_create"), {"name": "x", "scopes": ["referrals:read"]})
    assert "days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_every_use_is_one_audit_row(personas, client):
    secret = token_for(personas.member)
    before = AuditEvent.objects.filter(verb="api.request").count()
    response = client.get(REFERRALS, **bearer(secret))
    assert response.status_code == 200
    rows = AuditEvent.objects.filter(verb="api.request")
    assert rows.count() == before + 1
    row = rows.latest("id")
    assert row.actor_id == personas.member.pk
    assert row.changes == {
        "token_id": ApiToken.objects.get().pk,
        "method": "GET",
        "path": REFERRALS,
        "status": 200,
    }
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Bearer acc_nothere_x", "unknown token"),
        ("Bearer nonsense", "malformed token"),
        ("Token abc", "malformed header"),
    ],
)
def test_bad_tokens_get_401_problem_and_are_audited(personas, client, header, reason):
    response = client.get(REFERRALS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Not authenticated" and body["instance"] == REFERRALS
    assert response["WWW-Authenticate"].startswith("Bearer")
    event = AuditEvent.objects.filter(verb="api.token_refused").latest("id")
    assert event.changes["reason"] == reason and event.outcome == AuditEvent.Outcome.DENIED


def test_wrong_secret_with_a_real_prefix_is_refused(personas, client):
    secret = token_for(personas.member)
    response = client.get(REFERRALS, **bearer(secret[:-4] + "AAAA"))
    assert response.status_code == 401


def test_expired_token_is_refused(personas, client):
    secret = token_for(personas.member, days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client.get(REFERRALS, **bearer(secret))
    assert response.status_code == 401
    assert AuditEvent.objects.filter(verb="api.token_refused", changes__reason="expired").exists()


def test_revoked_token_is_refused_and_the_org_admin_can_revoke(personas, client):
    secret = token_for(personas.advocate)
    token = ApiToken.objects.get()
    sign_in(client, personas.member)  # another organization: not theirs to revoke
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    client.logout()
    sign_in(client, personas.vsp_admin)  # the advocate's organization administrator
    assert token.name in client.get(reverse("api:token_list")).content.decode()
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    assert AuditEvent.objects.filter(verb="api.token_revoked", actor_id=personas.vsp_admin.pk).exists()
    response = client.get(REFERRALS, **bearer(secret))
    assert response.status_code == 401
    assert AuditEvent.objects.filter(verb="api.token_refused", changes__reason="revoked").exists()


def test_token_beyond_its_scope_is_403_audited_and_changes_nothing(personas, client):
    from accord.referrals.models import Referral
    from accord.victim_services.tests import factories as f

    secret = token_for(personas.advocate, [Scope.REFERRALS_READ])
    response = client.post(
        REFERRALS,
        {"recipient": personas.partner_c.pk, "need": f.category().pk},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert "referrals:write" in response.json()["detail"]
    assert not Referral.objects.exists()
    event = AuditEvent.objects.filter(verb="api.request").latest("id")
    assert event.changes["status"] == 403 and event.outcome == AuditEvent.Outcome.DENIED


def test_deactivated_account_tokens_stop_working(personas, client):
    secret = token_for(personas.member)
    personas.member.is_active = False
    personas.member.save()
    assert client.get(REFERRALS, **bearer(secret)).status_code == 401


def test_session_without_second_factor_is_refused(personas, client):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.member).delete()
    sign_in(client, personas.member)
    assert client.get(REFERRALS).status_code == 403


def test_token_list_query_count_does_not_grow(personas, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, personas.vsp_admin)
    token_for(personas.advocate)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:token_list"))
    for _ in range(5):
        token_for(personas.advocate)
        token_for(personas.vsp_admin)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("api:token_list"))
    assert response.context["page"].paginator.count == 11
    assert len(many) == len(few)


def test_webhook_list_query_count_does_not_grow(personas, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.api.actions import webhook_create
    from accord.api.models import WebhookDelivery

    sign_in(client, personas.vsp_admin)
    endpoint, _ = webhook_create(actor=personas.vsp_admin, url="https://example.invalid/a", events=["referral.sent"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:webhook_list"))
    for n in range(5):
        webhook_create(actor=personas.vsp_admin, url=f"https://example.invalid/{n}", events=["referral.sent"])
        WebhookDelivery.objects.create(endpoint=endpoint, event="referral.sent", payload={})
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("api:webhook_list"))
    assert len(response.context["deliveries"]) == 5
    assert len(many) == len(few)


def test_webhook_pages_add_and_turn_off_with_audit(personas, client):
    from accord.api.models import WebhookEndpoint

    sign_in(client, personas.vsp_admin)
    response = client.post(
        reverse("api:webhook_create"),
        {"url": "https://cms.example.org/accord", "events": ["referral.sent"]},
        follow=True,
    )
    assert response.context["secret"].startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.organization_id == personas.vsp_b.pk
    refused = client.post(
        reverse("api:webhook_create"), {"url": "http://cms.example.org/", "events": ["referral.sent"]}
    )
    assert refused.status_code == 200 and "url" in refused.context["form"].errors
    assert WebhookEndpoint.objects.count() == 1
    client.post(reverse("api:webhook_disable", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert AuditEvent.objects.filter(verb="api.webhook_created").exists()
    assert AuditEvent.objects.filter(verb="api.webhook_disabled", target_id=str(endpoint.pk)).exists()
