"""Webhooks: events about an organization, sent to its endpoints, signed, retried with back-off.

``emit(organization_ids, event, payload)`` is the one hook the other apps' actions call (``emit_each`` for a batch
of one event). It stores a delivery per subscribed endpoint and queues the send with the caller's transaction (a
rolled-back action sends nothing).
Payloads carry ids, states and codes only: never a name, date of birth or any other identifying datum.

Signature: ``X-Accord-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tasks import task

from accord.api.models import Event, WebhookDelivery, WebhookEndpoint
from accord.core import rows
from accord.core.jobs import enqueue_in_transaction

log = logging.getLogger("accord.webhooks")

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
# Identifying keys a payload must never carry (a guard against a careless caller).
FORBIDDEN_KEYS = frozenset(
    {"name", "legal_name", "preferred_name", "date_of_birth", "dob", "phone", "email", "address"}
)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8, 16 minutes… after the 1st, 2nd, 3rd… failure."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def emit(organization_ids: Iterable[int | None], event: str, payload: dict[str, Any]) -> list[int]:
    """Queue ``event`` for the active endpoints of these organizations (ids, or a query of them) that subscribe
    to it: one read of the endpoints, however many organizations hear of it. The deliveries are queued with
    the caller's transaction (``enqueue_in_transaction``)."""
    return emit_each(event, [(organization_ids, payload)])


def emit_each(event: str, occurrences: Iterable[tuple[Iterable[int | None], dict[str, Any]]]) -> list[int]:
    """``emit`` for several occurrences of one event, each with its organizations and payload (a batch of
    deconfliction hits): one read of the endpoints for all of them."""
    if event not in Event.values:
        raise ValueError(f"unknown webhook event {event}")
    heard = [(set(organization_ids), payload) for organization_ids, payload in occurrences]
    if any(FORBIDDEN_KEYS & set(payload) for _, payload in heard):
        raise ValueError("webhook payloads carry no identifying data")
    everyone = set().union(*(organization_ids for organization_ids, _ in heard))
    subscribed = [endpoint for endpoint in _active_endpoints(list(everyone)) if event in endpoint.events]
    deliveries = [
        WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        for organization_ids, payload in heard
        for endpoint in subscribed
        if endpoint.organization_id in organization_ids
    ]
    ids = [d.pk for d in deliveries]
    for delivery_id in ids:
        enqueue_in_transaction(deliver, delivery_id)
    return ids


def _active_endpoints(organization_ids: list[int | None]) -> list[WebhookEndpoint]:
    """These organizations' active endpoints, by a fixed statement."""
    if not organization_ids:
        return []
    sql = rows.statement(_ACTIVE, lists={"ids": len(organization_ids)}, endpoints=WebhookEndpoint)
    with connection.cursor() as cursor:
        rows.execute(cursor, sql, [*organization_ids, True])
        return [rows.instance(WebhookEndpoint, row) for row in cursor.fetchall()]


_ACTIVE = "SELECT {endpoints_columns} FROM {endpoints} WHERE organization_id IN ({ids}) AND is_active = %s"


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> int:
    body = json.dumps(delivery.body(), separators=(",", ":")).encode()
    request = urllib.request.Request(  # noqa: S310 (the address is an https URL the organization's admin set)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Accord-Webhooks/1",
            "X-Accord-Event": delivery.event,
            "X-Accord-Delivery": str(delivery.pk),
            "X-Accord-Signature": sign(endpoint.secret, int(time.time()), body),
        },
    )
    # The address is https (http only on loopback): webhook_endpoint actions refuse any other scheme.
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
        return int(response.status)


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """One try at a pending delivery; on failure, schedule the next with back-off, until MAX_ATTEMPTS."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING or not delivery.endpoint.is_active:
        return delivery
    delivery.attempts += 1
    try:
        delivery.response_status = _post(delivery.endpoint, delivery)
        delivery.error = ""
    except urllib.error.HTTPError as error:
        delivery.response_status, delivery.error = error.code, f"answered {error.code}"
    except (OSError, ValueError) as error:
        delivery.response_status, delivery.error = None, str(error)[:300]
    now = timezone.now()
    if delivery.response_status is not None and 200 <= delivery.response_status < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        log.warning("Webhook delivery %s gave up after %s attempts", delivery.pk, delivery.attempts)
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    if delivery.status == WebhookDelivery.Status.PENDING and deliver.get_backend().supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery


@task()
def deliver(delivery_id: int) -> dict[str, Any]:
    delivery = attempt(delivery_id)
    return {"delivery": delivery_id, "status": delivery.status if delivery else "missing"}


@task()
def retry_due() -> dict[str, Any]:
    """Safety net (daily): re-queue pending deliveries that are due, in case their queued retry was lost (the
    worker was down, or the queue cannot defer). Deliveries are at-least-once: receivers dedupe on the id."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:1000]
    )
    for delivery_id in due:
        deliver.enqueue(delivery_id)
    return {"requeued": len(due)}
