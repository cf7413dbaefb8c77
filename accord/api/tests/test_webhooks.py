"""Webhooks: an event reaches the subscribed endpoints of the organization concerned, signed with HMAC, with
no identifying data; a failure is retried with back-off, then given up; every try is in the delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from accord.api import webhooks
from accord.api.actions import webhook_create
from accord.api.models import WebhookDelivery
from accord.referrals import actions as referral_actions
from accord.victim_services.tests import factories as f


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    answer = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received, Receiver.answer = [], 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiving system does (the sample in docs/api/README.md)."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def test_referral_sent_reaches_the_recipients_endpoint_signed_and_without_identity(
    personas, receiver, django_capture_on_commit_callbacks
):
    from accord.core.models import Role, RoleGrant

    RoleGrant.objects.create(user=personas.member, role=Role.ORG_ADMIN)
    _, secret = webhook_create(actor=personas.member, url=receiver, events=["referral.sent"])
    own_client = f.client(personas)
    referral = f.referral(personas, state="draft", client_=own_client)
    with django_capture_on_commit_callbacks(execute=True):
        referral_actions.referral_send(actor=personas.advocate, referral=referral, expected_version=None)
    [(headers, body)] = Receiver.received
    assert headers["X-Accord-Event"] == "referral.sent"
    assert verify(secret, headers["X-Accord-Signature"], body)
    assert not verify("whsec_wrong", headers["X-Accord-Signature"], body)
    message = json.loads(body)
    assert message["data"]["referral_id"] == referral.pk and message["data"]["state"] == "sent"
    for identifying in ("Ana", "1990-05-01", "+1217", own_client.code):
        assert identifying not in body.decode()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.response_status == 200


def test_other_organizations_and_unsubscribed_events_get_nothing(personas, django_capture_on_commit_callbacks):
    webhook_create(actor=personas.vsp_admin, url="https://example.invalid/hook", events=["referral.accepted"])
    referral = f.referral(personas, state="draft")
    with django_capture_on_commit_callbacks(execute=False):
        referral_actions.referral_send(actor=personas.advocate, referral=referral, expected_version=None)
    assert not WebhookDelivery.objects.exists()  # VSP B sent it: referral.sent goes to the recipient, C


def test_failure_backs_off_then_gives_up(personas, receiver):
    Receiver.answer = 500
    endpoint, _ = webhook_create(actor=personas.vsp_admin, url=receiver, events=["referral.accepted"])
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="referral.accepted", payload={"referral_id": 1})
    waits = []
    for _ in range(webhooks.MAX_ATTEMPTS):
        before = timezone.now()
        webhooks.attempt(delivery.pk)
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - before)
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.response_status == 500 and delivery.error == "answered 500"
    assert [round(w / timedelta(minutes=1)) for w in waits[:4]] == [1, 2, 4, 8]
    assert len(Receiver.received) == webhooks.MAX_ATTEMPTS
    webhooks.attempt(delivery.pk)  # given up: no more tries
    assert len(Receiver.received) == webhooks.MAX_ATTEMPTS


def test_unreachable_endpoint_is_logged_and_retried_later(personas):
    endpoint, _ = webhook_create(actor=personas.vsp_admin, url="http://127.0.0.1:9/hook", events=["referral.accepted"])
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="referral.accepted", payload={})
    webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1 and delivery.error
    assert delivery.next_attempt_at > timezone.now()


def test_payloads_refuse_identifying_keys():
    with pytest.raises(ValueError, match="identifying"):
        webhooks.emit([1], "referral.sent", {"legal_name": "x"})


def test_webhook_addresses_must_be_https(personas, client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        webhook_create(actor=personas.vsp_admin, url="http://example.org/hook", events=["referral.sent"])
    with pytest.raises(ValidationError):
        webhook_create(actor=personas.vsp_admin, url="https://example.org/hook", events=["nonsense"])
