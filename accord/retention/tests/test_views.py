"""The coordinator's page, through HTTP: rules edited and audited, bad input refused, holds placed and released."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.retention.models import LegalHold, RetentionRule
from accord.victim_services.tests import factories as vs

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, personas):
    sign_in(client, personas.coordinator)
    return client


def test_the_page_shows_each_rule_and_the_dry_run_count(coordinator, personas):
    client = vs.client(personas, intake_date=date(2015, 1, 5))
    type(client).objects.filter(pk=client.pk).update(status="closed", closed_on=client.intake_date)
    RetentionRule.objects.filter(record_class="closed_clients").update(enabled=True, period_days=30)
    page = coordinator.get(reverse("retention:index")).content.decode()
    assert "Closed victim-services clients" in page and "Audit events" in page
    assert "<td>1</td>" in page  # one closed client would go today
    assert "VSPB-0001" not in page  # counts only, never which records
    assert "7 years (2555 days) after the event" in page and "30 days after the client" in page


def test_editing_a_rule_is_audited(coordinator, personas):
    url = reverse("retention:rule_edit", args=["closed_clients"])
    response = coordinator.post(url, {"period_days": 3000, "enabled": "on"})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(record_class="closed_clients")
    assert rule.period_days == 3000 and rule.enabled
    event = AuditEvent.objects.get(verb="retention.rule_updated")
    assert event.actor_id == personas.coordinator.pk and event.changes["period_days"] == [2555, 3000]


@pytest.mark.parametrize(
    ("record_class", "days", "message"),
    [("audit_events", 100, "at least 365"), ("intelligence", 4000, "at most 1826"), ("uploads", 0, "at least 1")],
)
def test_periods_outside_the_law_are_refused_with_a_message(coordinator, record_class, days, message):
    before = RetentionRule.objects.get(record_class=record_class).period_days
    response = coordinator.post(reverse("retention:rule_edit", args=[record_class]), {"period_days": days})
    assert response.status_code == 200 and message in response.content.decode()
    assert RetentionRule.objects.get(record_class=record_class).period_days == before
    assert not AuditEvent.objects.filter(verb="retention.rule_updated").exists()


def test_placing_and_releasing_a_hold_on_a_client_by_code(coordinator, personas):
    vs.client(personas, "VSPB-0042")
    data = {"scope": "client", "organization": personas.vsp_b.pk, "reference": "VSPB-0042", "reason": "Civil suit"}
    assert coordinator.post(reverse("retention:hold_create"), data).status_code == 302
    hold = LegalHold.objects.get()
    assert hold.active and hold.organization == personas.vsp_b and "VSPB-0042" in hold.target_label
    placed = AuditEvent.objects.get(verb="retention.hold_placed")
    assert placed.actor_id == personas.coordinator.pk and placed.target_id == str(hold.pk)

    assert coordinator.post(reverse("retention:hold_release", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert not hold.active and hold.released_by == personas.coordinator
    assert AuditEvent.objects.filter(verb="retention.hold_released", target_id=str(hold.pk)).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "client", "reference": "NOPE-1"}, "no such record"),
        ({"scope": "intelligence", "reference": "abc"}, "digits only"),
        ({"scope": "class"}, "Choose the record class"),
    ],
)
def test_a_hold_that_matches_nothing_is_refused(coordinator, personas, data, message):
    data = {"organization": personas.vsp_b.pk, "reason": "Civil suit", **data}
    response = coordinator.post(reverse("retention:hold_create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not LegalHold.objects.exists() and not AuditEvent.objects.filter(verb="retention.hold_placed").exists()


def test_a_second_hold_on_the_same_class_is_refused(coordinator):
    data = {"scope": "class", "record_class": "uploads", "reason": "Records request"}
    coordinator.post(reverse("retention:hold_create"), data)
    response = coordinator.post(reverse("retention:hold_create"), data)
    assert "already under an active legal hold" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_changing_a_rule_or_releasing_a_hold_asks_for_the_second_factor_again(client, personas):
    sign_in(client, personas.coordinator, recently_reauthenticated=False)
    hold = LegalHold.objects.create(record_class="uploads", reason="Records request", placed_by=personas.coordinator)
    response = client.post(reverse("retention:rule_edit", args=["uploads"]), {"period_days": 5, "enabled": "on"})
    assert response.status_code == 302 and "reauthenticate" in response.url
    response = client.post(reverse("retention:hold_release", args=[hold.pk]))
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert not RetentionRule.objects.get(record_class="uploads").enabled
    hold.refresh_from_db()
    assert hold.active
