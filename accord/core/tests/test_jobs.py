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


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_job_queued_in_the_database_commits_or_rolls_back_with_its_transaction(db, settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from accord.core.jobs import enqueue_in_transaction
    from accord.deconfliction.tasks import notify_hits

    settings.TASKS = DATABASE_QUEUE

    class Abandoned(Exception):
        pass

    try:
        with transaction.atomic():
            enqueue_in_transaction(notify_hits, [1])
            assert DBTaskResult.objects.count() == 1  # queued at once, inside the transaction
            raise Abandoned
    except Abandoned:
        pass
    assert not DBTaskResult.objects.exists()  # the action failed: no job about rows that do not exist

    with transaction.atomic():
        enqueue_in_transaction(notify_hits, [2])
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "accord.deconfliction.tasks.notify_hits"
    assert queued.args_kwargs["args"] == [[2]]


def test_a_job_for_another_backend_is_given_after_the_commit(db, django_capture_on_commit_callbacks):
    from accord.core.jobs import enqueue_in_transaction
    from accord.deconfliction.tasks import notify_hits

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_in_transaction(notify_hits, [])
    assert len(callbacks) == 1  # the tests' immediate backend would run it now, before the data is committed
