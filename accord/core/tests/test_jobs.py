from django.core.management import call_command

from accord.core import audit
from accord.core.models import AuditEvent


def test_daily_command_runs_the_audit_check_and_records_the_head(db, capsys):
    audit.record(verb="test.one", actor_label="t")
    call_command("daily")
    assert "verify_audit_trail" in capsys.readouterr().out
    event = AuditEvent.objects.get(verb="audit.verified")
    assert event.changes["events"] == 1


def test_a_broken_chain_is_recorded_as_a_failure(db):
    from django.db import connection

    first = audit.record(verb="test.one", actor_label="t")
    audit.record(verb="test.two", actor_label="t")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE core_auditevent SET verb = 'forged' WHERE id = %s", [first.pk])
    call_command("daily")
    broken = AuditEvent.objects.get(verb="audit.broken")
    assert broken.outcome == "failure" and broken.changes["broken_at"] == first.pk
