"""The audit trail: chained, tamper-evident, append-only on PostgreSQL, readable and exportable by auditors only."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core import audit
from accord.core.models import AuditEvent
from accord.core.testing import audit_store_down, sign_in


def _record_some(n: int = 5, **kwargs) -> list[AuditEvent]:
    return [audit.record(verb=f"test.event{i}", actor_label="tester", changes={"i": i}, **kwargs) for i in range(n)]


def test_each_event_is_chained_to_the_previous(db):
    events = _record_some(3)
    assert (
        events[0].prev_hash == audit.GENESIS
        or events[0].prev_hash == AuditEvent.objects.order_by("id").first().prev_hash
    )
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert audit.verify().ok


def test_events_appended_together_are_chained_in_their_order_in_one_round_trip_on_postgresql(db):
    before = audit.record(verb="test.before", actor_label="tester")
    together = [audit.event(verb=f"test.together{i}", actor_label="tester", changes={"i": i}) for i in range(3)]
    with CaptureQueriesContext(connection) as sent:
        audit.append(together)
    assert [e.prev_hash for e in together] == [before.hash, together[0].hash, together[1].hash]
    assert [e.pk for e in together] == sorted(e.pk for e in together) and together[0].pk > before.pk
    assert list(AuditEvent.objects.filter(pk__gt=before.pk).values_list("verb", flat=True).order_by("id")) == [
        "test.together0",
        "test.together1",
        "test.together2",
    ]
    assert audit.verify().ok
    if connection.vendor == "postgresql":
        assert len(sent.captured_queries) == 1


def test_an_event_reads_back_with_what_was_recorded_and_its_link(personas):
    first = audit.record(verb="test.first", actor_label="t")
    event = audit.record(
        verb="test.second", actor=personas.coordinator, target=personas.agency_a, changes={"name": ["a", "é"]}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.actor_id, stored.organization_id) == (
        "test.second",
        personas.coordinator.pk,
        personas.coordinator.organization_id,
    )
    assert stored.target_id == str(personas.agency_a.pk) and stored.changes == {"name": ["a", "é"]}
    assert stored.occurred_at == event.occurred_at
    assert (
        (stored.prev_hash, stored.hash)
        == (first.hash, event.hash)
        == (first.hash, audit.chain_hash(first.hash, stored))
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers at BEGIN IMMEDIATE")
@pytest.mark.django_db(transaction=True)
def test_appends_from_concurrent_transactions_keep_one_unbroken_chain():
    # Each thread appends in its own transactions; the chain's lock must make every append see the one before.
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def append(worker: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(verb="test.concurrent", actor_label=f"worker{worker}", changes={"i": i})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append, range(4)))
    assert AuditEvent.objects.filter(verb="test.concurrent").count() == 40
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == AuditEvent.objects.count()
    assert audit.verify().ok


def test_record_carries_actor_organization_and_request_context(client, personas):
    sign_in(client, personas.coordinator)
    client.post(reverse("core:task_force_settings"), {"name": "Renamed TF", "suppression_threshold": 11})
    event = AuditEvent.objects.get(verb="task_force.updated")
    assert event.actor_id == personas.coordinator.pk
    assert event.organization_id == personas.coordination.pk
    assert event.changes["name"][1] == "Renamed TF"
    assert event.ip_address == "127.0.0.1"
    assert len(event.request_id) == 32
    assert event.occurred_at.tzinfo is not None


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # what a DB superuser could do
        cursor.execute(sql, params)


@pytest.mark.django_db(transaction=False)
def test_verify_catches_a_changed_row(capsys):
    events = _record_some(5)
    _tamper("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone-else", events[2].pk])
    result = audit.verify()
    assert not result.ok and result.broken_at == events[2].pk and "content" in result.reason
    with pytest.raises(CommandError, match=f"BROKEN at event {events[2].pk}"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_verify_catches_a_removed_row():
    events = _record_some(5)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    result = audit.verify()
    assert not result.ok and result.broken_at == events[3].pk and "removed" in result.reason


@pytest.mark.django_db
def test_verify_command_reports_an_intact_chain(capsys):
    _record_some(3)
    call_command("audit", "verify")
    assert "Audit trail intact: 3 events" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_on_the_audit_table():
    event = _record_some(1)[0]
    for statement in (
        "UPDATE core_auditevent SET verb = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.event0"


def test_failed_audit_write_fails_the_action(personas):
    from accord.core import actions
    from accord.core.models import TaskForce

    task_force = TaskForce.current()
    task_force.name = "Should not stick"
    with audit_store_down(), pytest.raises(DatabaseError):
        actions.task_force_update(actor=personas.coordinator, task_force=task_force)
    assert TaskForce.current().name != "Should not stick"


def test_auditor_lists_and_filters_events_and_the_viewing_is_audited(client, personas):
    audit.record(verb="auth.login_failed", actor=personas.member, outcome="failure")
    audit.record(verb="user.invited", actor=personas.coordinator)
    sign_in(client, personas.auditor)
    response = client.get(reverse("core:audit_list"), {"verb": "auth."})
    assert response.status_code == 200
    assert b"auth.login_failed" in response.content and b"user.invited" not in response.content
    viewed = AuditEvent.objects.get(verb="audit.viewed")
    assert viewed.actor_id == personas.auditor.pk and viewed.changes["filters"] == {"verb": "auth."}


def test_audit_list_query_count_does_not_grow_with_events(client, personas):
    from django.test.utils import CaptureQueriesContext

    sign_in(client, personas.auditor)
    counts = []
    for more in (2, 60):
        _record_some(more)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("core:audit_list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_csv_export_is_audited_and_neutralises_formulas(client, personas):
    audit.record(verb="test.injection", actor_label='=HYPERLINK("http://evil")', changes={"note": "+1"})
    sign_in(client, personas.auditor)
    response = client.get(reverse("core:audit_export"), {"verb": "test."})
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["verb"] for r in rows] == ["test.injection"]
    assert rows[0]["actor_label"].startswith("'=")
    exported = AuditEvent.objects.get(verb="audit.exported")
    assert exported.changes == {"filters": {"verb": "test."}, "rows": 1}


def test_export_asks_for_recent_reauthentication(client, personas):
    sign_in(client, personas.auditor, recently_reauthenticated=False)
    response = client.get(reverse("core:audit_export"))
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert not AuditEvent.objects.filter(verb="audit.exported").exists()


@pytest.mark.parametrize("persona", ["investigator", "advocate", "member", "coordinator"])
def test_only_the_auditor_reads_the_trail(client, personas, persona):
    sign_in(client, personas.user(persona))
    assert client.get(reverse("core:audit_list")).status_code == 403
