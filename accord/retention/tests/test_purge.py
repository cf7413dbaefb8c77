"""The purge, through its actions: per class, old and unheld records go, young or held ones stay; counts only."""

from __future__ import annotations

import os
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import AuditEvent
from accord.investigations.models import IntelligenceRecord
from accord.investigations.tests import factories as inv
from accord.referrals.models import Referral
from accord.retention import actions, tasks
from accord.retention.models import LegalHold, RetentionRule
from accord.victim_services.models import Client, Release
from accord.victim_services.tests import factories as vs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def enable(record_class: str, days: int) -> None:
    RetentionRule.objects.filter(record_class=record_class).update(period_days=days, enabled=True)


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def closed_client(p, code: str, closed_days_ago: int) -> Client:
    client = vs.client(p, code, intake_date=days_ago(closed_days_ago + 30))
    Client.objects.filter(pk=client.pk).update(status="closed", closed_on=days_ago(closed_days_ago))
    return client


def last_purge_event() -> AuditEvent:
    return AuditEvent.objects.filter(verb="retention.purged").latest("id")


def test_defaults_are_seeded_conservatively():
    rules = {r.record_class: r for r in RetentionRule.objects.all()}
    assert set(rules) == {"closed_clients", "intelligence", "audit_events", "expired_releases", "uploads"}
    assert [c for c, r in rules.items() if r.enabled] == ["intelligence"]
    assert rules["audit_events"].period_days >= 365 and rules["intelligence"].period_days <= 5 * 365 + 1


def test_closed_clients_past_the_period_are_purged_with_their_files_young_and_held_kept(
    personas, django_capture_on_commit_callbacks
):
    enable("closed_clients", 100)
    old = closed_client(personas, "VSPB-0001", 200)
    document = vs.document(personas, old)
    young = closed_client(personas, "VSPB-0002", 50)
    held = closed_client(personas, "VSPB-0003", 300)
    still_open = vs.client(personas, "VSPB-0004", intake_date=days_ago(900))
    actions.hold_place(
        actor=personas.coordinator,
        reason="Civil suit 24-118",
        kind="client",
        organization=personas.vsp_b,
        reference="VSPB-0003",
    )
    assert default_storage.exists(document.storage_name)

    with django_capture_on_commit_callbacks(execute=True):
        counts = actions.purge()

    assert counts["closed_clients"] == 1
    assert set(Client.objects.values_list("pk", flat=True)) == {young.pk, held.pk, still_open.pk}
    assert not default_storage.exists(document.storage_name)
    event = last_purge_event()
    assert event.changes["counts"]["closed_clients"] == 1
    assert event.target_id == "" and event.target_label == "" and "VSPB" not in str(event.changes)


def test_a_referral_outlives_the_purged_client_without_its_link(personas):
    enable("closed_clients", 100)
    old = closed_client(personas, "VSPB-0001", 200)
    referral = vs.referral(personas, client_=old)
    actions.purge()
    referral.refresh_from_db()
    assert referral.client_id is None and not referral.share_identity
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_the_purge_is_idempotent(personas):
    enable("closed_clients", 100)
    enable("expired_releases", 10)
    closed_client(personas, "VSPB-0001", 200)
    assert actions.purge()["closed_clients"] == 1
    second = actions.purge()
    assert set(second.values()) == {0}
    assert AuditEvent.objects.filter(verb="retention.purged").count() == 2


def test_dry_run_counts_and_changes_nothing(personas):
    enable("closed_clients", 100)
    closed_client(personas, "VSPB-0001", 200)
    before = AuditEvent.objects.count()
    assert actions.purge(dry_run=True)["closed_clients"] == 1
    assert Client.objects.count() == 1 and AuditEvent.objects.count() == before


def test_disabled_rules_purge_nothing(personas):
    closed_client(personas, "VSPB-0001", 5000)
    assert actions.purge()["closed_clients"] == 0
    assert Client.objects.count() == 1


def test_intelligence_past_the_period_goes_unless_held_itself_or_through_its_investigation(personas):
    enable("intelligence", 365)
    investigation = inv.investigation(personas.agency_a, personas.investigator, case_number="C-HOLD")
    old = inv.intelligence(personas.agency_a, entered_on=days_ago(400), review_due_on=days_ago(-30))
    reviewed = inv.intelligence(personas.agency_a, entered_on=days_ago(700), review_due_on=days_ago(-30))
    IntelligenceRecord.objects.filter(pk=reviewed.pk).update(last_reviewed_on=days_ago(20))
    held_itself = inv.intelligence(personas.agency_a, entered_on=days_ago(400), review_due_on=days_ago(-30))
    held_case = inv.intelligence(
        personas.agency_a, entered_on=days_ago(400), review_due_on=days_ago(-30), investigation=investigation
    )
    hold = {"actor": personas.coordinator, "reason": "Appeal pending", "organization": personas.agency_a}
    actions.hold_place(**hold, kind="intelligence", reference=str(held_itself.pk))
    actions.hold_place(**hold, kind="investigation", reference="C-HOLD")

    assert actions.purge()["intelligence"] == 1
    assert set(IntelligenceRecord.objects.values_list("pk", flat=True)) == {reviewed.pk, held_itself.pk, held_case.pk}
    assert not IntelligenceRecord.objects.filter(pk=old.pk).exists()


def test_the_investigations_five_year_job_respects_legal_holds_too(personas):
    from accord.investigations import actions as inv_actions

    old = inv.intelligence(personas.agency_a, entered_on=days_ago(6 * 365), review_due_on=days_ago(4 * 365))
    actions.hold_place(
        actor=personas.coordinator,
        reason="Appeal",
        kind="intelligence",
        organization=personas.agency_a,
        reference=str(old.pk),
    )
    assert inv_actions.intelligence_purge_expired()["purged"] == 0
    assert IntelligenceRecord.objects.filter(pk=old.pk).exists()


def test_expired_and_revoked_releases_past_the_period_go_live_and_held_stay(personas):
    enable("expired_releases", 30)
    client = vs.client(personas, intake_date=days_ago(400))
    expired = vs.release(personas, client, signed_on=days_ago(300), expires_on=days_ago(100))
    revoked = vs.release(
        personas, client, recipient=personas.agency_a, signed_on=days_ago(300), expires_on=days_ago(-60)
    )
    Release.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now() - timedelta(days=90))
    live = vs.release(
        personas, client, recipient=personas.coordination, signed_on=days_ago(10), expires_on=days_ago(-60)
    )
    other = vs.client(personas, "VSPB-0002", intake_date=days_ago(400))
    held = vs.release(personas, other, signed_on=days_ago(300), expires_on=days_ago(100))
    actions.hold_place(
        actor=personas.coordinator,
        reason="Subpoena review",
        kind="client",
        organization=personas.vsp_b,
        reference="VSPB-0002",
    )

    assert actions.purge()["expired_releases"] == 2
    assert set(Release.objects.values_list("pk", flat=True)) == {live.pk, held.pk}
    assert not Release.objects.filter(pk__in=[expired.pk, revoked.pk]).exists()


def test_a_hold_on_a_whole_class_stops_its_purge_until_released(personas):
    enable("closed_clients", 100)
    closed_client(personas, "VSPB-0001", 200)
    hold = actions.hold_place(actor=personas.coordinator, reason="Audit by the funder", record_class="closed_clients")
    assert actions.purge()["closed_clients"] == 0 and Client.objects.count() == 1
    actions.hold_release(actor=personas.coordinator, hold=hold)
    assert actions.purge()["closed_clients"] == 1 and Client.objects.count() == 0


def test_orphaned_uploads_older_than_the_period_go_referenced_and_fresh_stay(personas, settings):
    enable("uploads", 1)
    document = vs.document(personas)
    orphan = default_storage.save("victim_services/documents/orphan.pdf", ContentFile(b"%PDF-old"))
    fresh = default_storage.save("investigations/fresh.pdf", ContentFile(b"%PDF-new"))
    elsewhere = default_storage.save("backups/keep.bin", ContentFile(b"x"))
    old = (timezone.now() - timedelta(days=3)).timestamp()
    for name in (orphan, document.storage_name, elsewhere):
        os.utime(default_storage.path(name), (old, old))

    assert actions.purge()["uploads"] == 1
    assert not default_storage.exists(orphan)
    assert all(default_storage.exists(n) for n in (document.storage_name, fresh, elsewhere))


def _old_events(n: int, days: int) -> list[AuditEvent]:
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=True):
        return [audit.record(verb="test.old", actor_label="t") for _ in range(n)]


def _tamper_delete(pk: int) -> None:
    """What someone with database access and the purge switch could do: remove a row outside the purge."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL accord.audit_purge = 'on'")
        AuditEvent.objects.filter(pk=pk).delete()


def test_audit_events_past_the_period_go_and_the_chain_still_verifies(personas, monkeypatch):
    monkeypatch.setattr(actions, "AUDIT_BATCH", 3)  # several batches, several checkpoints
    enable("audit_events", 400)
    old = _old_events(7, 500)
    assert audit.verify().ok
    young = audit.record(verb="test.young", actor_label="t")

    assert actions.purge()["audit_events"] >= len(old)
    assert not AuditEvent.objects.filter(verb="test.old").exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    assert AuditEvent.objects.filter(verb="audit.checkpoint").count() >= 3
    result = audit.verify()
    assert result.ok, result.reason
    assert actions.purge()["audit_events"] == 0 and audit.verify().ok


def test_verify_fails_when_old_events_are_removed_without_a_checkpoint_or_a_checkpoint_is_forged(personas):
    enable("audit_events", 400)
    _old_events(4, 500)
    audit.record(verb="test.young", actor_label="t")
    _tamper_delete(AuditEvent.objects.order_by("id").first().pk)
    result = audit.verify()
    assert not result.ok and "checkpoint" in result.reason

    actions.purge()
    assert audit.verify().ok
    _tamper_delete(AuditEvent.objects.filter(verb="audit.checkpoint").latest("id").pk)
    assert not audit.verify().ok


def test_audit_period_below_one_year_is_refused(personas):
    rule = RetentionRule.objects.get(record_class="audit_events")
    rule.period_days = 200
    with pytest.raises(Exception, match="at least 365"):
        actions.rule_update(actor=personas.coordinator, rule=rule)


def test_the_daily_job_and_the_command(personas):
    enable("closed_clients", 100)
    closed_client(personas, "VSPB-0001", 200)
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "closed_clients: would purge 1" in out.getvalue() and Client.objects.count() == 1
    assert tasks.purge_expired.call()["closed_clients"] == 1
    out = StringIO()
    call_command("daily", stdout=out)
    assert "purge_expired" in out.getvalue()


@pytest.mark.parametrize("persona", ["advocate", "vsp_admin", "investigator", "auditor"])
def test_only_the_coordinator_sets_rules_and_holds(personas, persona):
    user = personas.user(persona)
    rule = RetentionRule.objects.get(record_class="uploads")
    with pytest.raises(PermissionDenied):
        actions.rule_update(actor=user, rule=rule)
    with pytest.raises(PermissionDenied):
        actions.hold_place(actor=user, reason="x", record_class="uploads")
    assert not LegalHold.objects.exists() and not AuditEvent.objects.filter(verb__startswith="retention.").exists()


def test_the_audit_purge_stops_at_the_first_event_within_the_period_and_the_dry_run_says_so(personas):
    enable("audit_events", 400)
    _old_events(3, 500)
    young = audit.record(verb="test.young", actor_label="t")
    late = _old_events(2, 500)  # stamped old but written after a young one (clock or import): kept with the chain
    assert actions.purge(dry_run=True)["audit_events"] == 3
    assert actions.purge()["audit_events"] == 3
    assert AuditEvent.objects.filter(pk__in=[young.pk, *(e.pk for e in late)]).count() == 3
    assert audit.verify().ok
