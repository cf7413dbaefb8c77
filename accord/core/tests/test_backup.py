"""The restore drill (back up a seeded task force, restore it into a fresh database, check it is the same) and the
archives a restore must refuse. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from accord.core import backup, crypto
from accord.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def backup_settings(settings, tmp_path, monkeypatch):
    key = crypto.new_key()
    settings.ACCORD_BACKUP_KEY = key
    monkeypatch.setenv("ACCORD_BACKUP_KEY", key)  # for the restore's own process
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"]}}
    settings.STORAGES["default"]["OPTIONS"] = {"location": tmp_path / "files"}
    return settings


def _pg_admin(settings_dict):
    return psycopg.connect(
        dbname="postgres",
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the test database's kind, as a DATABASE_URL; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"{source['NAME'].removeprefix('test_')}_restore_{uuid.uuid4().hex[:8]}"
    with _pg_admin(source) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = source["USER"] + (f":{source['PASSWORD']}" if source["PASSWORD"] else "")
        yield f"postgres://{user}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{name}"
    finally:
        with _pg_admin(source) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts(cursor, tables):
    return {table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608 (names from the catalogue)


def source_counts():
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
        return counts


def restored_counts(url):
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        db = sqlite3.connect(config["NAME"])
        try:
            query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return _counts(db, [row[0] for row in db.execute(query)])
        finally:
            db.close()
    with (
        psycopg.connect(dbname=config["NAME"], host=config["HOST"], port=config["PORT"], user=config["USER"]) as db,
        db.cursor() as cursor,
    ):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return _counts(cursor, [row[0] for row in cursor.fetchall()])


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_drill(backup_settings, fresh_database, tmp_path):
    call_command("seed", scale="small", verbosity=0)
    default_storage.save("drill/evidence.txt", ContentFile(b"kept across the restore"))
    before = source_counts()
    archive = tmp_path / "drill.backup"

    call_command("backup", output=archive)

    created = AuditEvent.objects.get(verb="backup.created")
    assert set(created.changes) == {"tables", "files", "bytes"}  # counts only, nothing of the data
    assert created.changes["files"] >= 1 and oct(archive.stat().st_mode)[-3:] == "600"
    assert b"kept across the restore" not in archive.read_bytes()

    restored_files = tmp_path / "restored-files"
    call_command("restore", str(archive), database_url=fresh_database, files_dir=str(restored_files))

    migrate = manage(fresh_database, "migrate", "--check")
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    verify = manage(fresh_database, "audit", "verify")
    assert verify.returncode == 0 and "Audit trail intact" in verify.stdout, verify.stdout + verify.stderr
    after = restored_counts(fresh_database)
    assert after.pop("core_auditevent") == before.pop("core_auditevent") + 1  # + backup.restored
    assert after == before
    assert before["core_organization"] > 0
    assert (restored_files / "drill" / "evidence.txt").read_bytes() == b"kept across the restore"


@pytest.fixture
def archive(backup_settings, tmp_path, transactional_db):
    default_storage.save("a/original.txt", ContentFile(b"original"))
    path = tmp_path / "small.backup"
    backup.make(path)
    return path


def _refused(path: Path, message: str) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("restore", str(path), force=True)
    assert "Nothing was changed" in str(refusal.value)
    assert AuditEvent.objects.count() == events
    assert default_storage.open("a/original.txt").read() == b"original"


def test_a_wrong_key_is_refused(archive, backup_settings):
    backup_settings.ACCORD_BACKUP_KEY = crypto.new_key()
    _refused(archive, "not the key this archive was made with")


@pytest.mark.parametrize("where", ["header", "body"])
def test_a_changed_byte_is_refused(archive, where):
    data = bytearray(archive.read_bytes())
    offset = data.index(b'"database"') + 2 if where == "header" else len(data) // 2
    data[offset] ^= 0x01
    archive.write_bytes(bytes(data))
    _refused(archive, "damaged or was altered")


def test_a_cut_off_archive_is_refused(archive):
    archive.write_bytes(archive.read_bytes()[:-100])
    _refused(archive, "incomplete")


def test_a_file_that_is_not_a_backup_is_refused(archive):
    archive.write_bytes(b"PK\x03\x04 a zip, not a backup")
    _refused(archive, "not an Accord backup")


def test_a_non_empty_target_is_refused_without_force(archive):
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert AuditEvent.objects.filter(verb="backup.restored").count() == 0


def test_the_backup_key_must_be_its_own(backup_settings, transactional_db):
    backup_settings.ACCORD_BACKUP_KEY = backup_settings.ACCORD_BLIND_INDEX_KEY
    with pytest.raises(CommandError, match="key of its own"):
        call_command("backup", output=Path("never-written.backup"))
    backup_settings.ACCORD_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="ACCORD_BACKUP_KEY is not set"):
        call_command("backup")


def test_an_archive_from_a_newer_accord_is_refused(backup_settings, tmp_path, transactional_db, monkeypatch):
    path = tmp_path / "newer.backup"
    with monkeypatch.context() as patched:
        patched.setattr(backup, "migration_heads", lambda: [["core", "9999_from_the_future"]])
        backup.make(path)
    with pytest.raises(CommandError, match=r"newer Accord .*core\.9999_from_the_future"):
        call_command("restore", str(path), force=True)
