"""Failure behaviour: the database going away mid-request, a full disk on upload, a worker killed mid-job."""

from __future__ import annotations

import errno
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accord.core import audit
from accord.core.jobs import recover_abandoned, verify_audit_trail
from accord.core.models import AuditEvent, Invitation, User
from accord.core.testing import sign_in
from accord.governance.models import AgreementVersion
from accord.governance.tests import factories as f


def test_a_database_lost_mid_request_gives_a_503_and_saves_nothing(client, personas):
    sign_in(client, personas.vsp_admin)
    users, events = User.objects.count(), AuditEvent.objects.count()
    lost = OperationalError("server closed the connection unexpectedly")
    # The invitation's account is written, then the connection drops while its audit row is written.
    with mock.patch.object(audit, "record", side_effect=lost):
        response = client.post(
            reverse("core:person_invite"),
            {
                "organization": personas.vsp_b.pk,
                "first_name": "Ana",
                "last_name": "Ruiz",
                "username": "aruiz",
                "email": "aruiz@example.invalid",
                "roles": ["advocate"],
                "title": "Advocate",
            },
        )
    assert response.status_code == 503 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "The database is not reachable" in page and "Nothing was saved" in page
    assert "Traceback" not in page and "server closed" not in page
    assert User.objects.count() == users and not Invitation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_database_lost_before_the_view_also_gives_the_503(rf):
    from accord.core.views.errors import server_error

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))  # Django calls handler500 inside the except block
    assert response.status_code == 503 and b"not reachable" in response.content


def test_an_api_client_gets_the_503_as_a_problem(client, personas):
    from accord.api.tests.helpers import bearer, token_for

    token = token_for(personas.coordinator)
    with mock.patch.object(audit, "record", side_effect=OperationalError("server closed the connection")):
        response = client.get("/api/v1/directory/organizations/", **bearer(token))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503 and "Nothing was changed" in body["detail"] and "server closed" not in str(body)


@pytest.fixture
def storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def _full_disk(self: FileSystemStorage, name: str, content: object) -> str:
    """Write part of the file, then run out of room, as a real full disk does."""
    path = Path(self.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\n1 0 o")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_on_upload_is_a_form_error_with_no_file_and_no_row(client, personas, storage):
    agreement = f.agreement(personas)
    sign_in(client, personas.coordinator)
    events = AuditEvent.objects.count()
    with mock.patch.object(FileSystemStorage, "_save", _full_disk):
        response = client.post(
            reverse("governance:version_upload", args=[agreement.pk]),
            {"document": SimpleUploadedFile("mou.pdf", f.PDF_BYTES)},
        )
    assert response.status_code == 422
    assert "no room left to store this file" in response.content.decode()
    assert not AgreementVersion.objects.exists()
    assert not [p for p in storage.rglob("*") if p.is_file()]  # the partial file is gone
    assert AuditEvent.objects.count() == events


def _running(task_path: str, started_minutes_ago: int) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=now - timedelta(minutes=started_minutes_ago),
        run_after=now,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        worker_ids=["worker-killed"],
    )


def test_jobs_abandoned_by_a_killed_worker_are_resumed_or_marked_failed(db, settings):
    settings.ACCORD_JOB_LEASE_MINUTES = 60
    daily = _running(verify_audit_trail.module_path, started_minutes_ago=90)
    other = _running("accord.api.webhooks.deliver", started_minutes_ago=90)
    busy = _running("accord.api.webhooks.deliver", started_minutes_ago=5)  # its worker may still be at it

    assert recover_abandoned() == {"resumed": 1, "failed": 1}

    daily.refresh_from_db(), other.refresh_from_db(), busy.refresh_from_db()
    assert daily.status == TaskResultStatus.READY and daily.started_at is None  # the worker picks it up again
    assert other.status == TaskResultStatus.FAILED and other.finished_at is not None
    assert "Worker worker-killed stopped while running this job" in other.traceback
    assert other.exception_class_path == "accord.core.jobs.WorkerLost"
    assert busy.status == TaskResultStatus.RUNNING
    assert AuditEvent.objects.get(verb="jobs.recovered").changes == {"resumed": 1, "failed": 1}
    assert recover_abandoned() == {"resumed": 0, "failed": 0}  # nothing left to do, nothing audited
    assert AuditEvent.objects.filter(verb="jobs.recovered").count() == 1


def test_the_daily_command_recovers_abandoned_jobs(db, capsys):
    _running("accord.api.webhooks.deliver", started_minutes_ago=24 * 60)
    call_command("daily")
    assert "abandoned jobs: 0 queued again, 1 failed" in capsys.readouterr().out


def test_accord_worker_recovers_abandoned_jobs_before_it_starts(db, capsys):
    from accord import cli

    job = _running("accord.api.webhooks.deliver", started_minutes_ago=24 * 60)
    with mock.patch("django.core.management.execute_from_command_line") as worker:
        cli.main(["worker", "--no-startup-delay"])
    worker.assert_called_once_with(["accord", "db_worker", "--no-startup-delay"])
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert "Abandoned jobs: 0 queued again, 1 marked failed." in capsys.readouterr().out
