"""Encrypted backups of the database and the uploaded files (``accord backup`` and ``accord restore``).

An archive is a tar of ``database.sqlite3`` (SQLite's online backup API: a consistent copy while Accord runs)
or ``database.pgdump`` (``pg_dump -Fc``), plus ``files/`` (the uploads), encrypted in 1 MiB chunks:

    b"ACCORDBK" | format (1 byte) | salt (16) | key check (16) | header length (4) | header (JSON)
    then, per chunk: length (4) | AES-256-GCM(nonce = chunk number, associated data = all of the above + last flag)

The archive key is HKDF-SHA256 of ``ACCORD_BACKUP_KEY`` with the salt, so no two archives share a key and nonces
can count from zero. The associated data binds every chunk to the header and marks the last chunk: a changed header
or byte, reordered chunks or a cut-off end all fail. The key check (another HKDF output) tells a wrong key apart
from a damaged archive. Restore decrypts and checks the whole archive before it changes anything.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess  # runs pg_dump/pg_restore from PATH with argument lists, never a shell
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from accord.core import audit, crypto

MAGIC = b"ACCORDBK"
FORMAT = 1
CHUNK = 1 << 20
SQLITE_MEMBER, PG_MEMBER, FILES_MEMBER = "database.sqlite3", "database.pgdump", "files"


class BackupError(Exception):
    """A reason to stop, worded for the operator. Nothing was changed."""


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    tables: int
    files: int


def files_dir() -> Path:
    return Path(default_storage.location)  # type: ignore[attr-defined]


def backup_key() -> bytes:
    """ACCORD_BACKUP_KEY: base64 of 32 random bytes, and none of the other keys."""
    spec = settings.ACCORD_BACKUP_KEY
    if not spec:
        raise BackupError(
            "ACCORD_BACKUP_KEY is not set. Make one with `accord keys generate` and keep it apart from the data keys."
        )
    try:
        key = base64.b64decode(spec, validate=True)
    except (binascii.Error, ValueError):
        raise BackupError("ACCORD_BACKUP_KEY is not valid base64.") from None
    if len(key) != 32:
        raise BackupError("ACCORD_BACKUP_KEY must be 32 bytes (base64 of 32 random bytes).")
    others = {k for _, k in crypto.key_ring().keys} | {base64.b64decode(settings.ACCORD_BLIND_INDEX_KEY)}
    if key in others or spec == settings.SECRET_KEY:
        raise BackupError("ACCORD_BACKUP_KEY must be a key of its own, not a data key, blind-index key or SECRET_KEY.")
    return key


def _derive(key: bytes, salt: bytes, purpose: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=b"accord-backup " + purpose).derive(key)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


class _EncryptingWriter:
    """A write-only file for ``tarfile`` that seals what it is given chunk by chunk."""

    def __init__(self, out: IO[bytes], aead: AESGCM, associated: bytes) -> None:
        self.out, self.aead, self.associated = out, aead, associated
        self.pending = bytearray()
        self.index = 0

    def write(self, data: bytes) -> int:
        self.pending += data
        while len(self.pending) > CHUNK:
            self._seal(bytes(self.pending[:CHUNK]), last=False)
            del self.pending[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._seal(bytes(self.pending), last=True)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.index), plain, self.associated + bytes([last]))
        self.out.write(len(sealed).to_bytes(4, "big") + sealed)
        self.index += 1


def migration_heads() -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.graph.leaf_nodes() if (app, name) in loader.applied_migrations)


def _header() -> dict[str, Any]:
    try:
        version = metadata.version("accord")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "format": FORMAT,
        "database": connection.vendor,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": version,
        "migrations": migration_heads(),
    }


# --- PostgreSQL client tools ---------------------------------------------------------------------------------


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore as libpq variables (the password stays off the command line)."""
    env = dict(os.environ)
    for var, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _pg_tool(name: str) -> str:
    """The tool's path, refusing one older than the server (it cannot read a newer server's catalogue)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not on PATH. Install the PostgreSQL client tools (Debian: postgresql-client).")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603 (argument list, no shell)
    match = re.search(r"\(PostgreSQL\) (\d+)", output)
    tool_major = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
    if tool_major < server_major:
        raise BackupError(
            f"{name} is version {tool_major} but the server is PostgreSQL {server_major}. "
            f"Install postgresql-client-{server_major} (the tools must be at least the server's version)."
        )
    return path


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (argument list, no shell)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --- backup --------------------------------------------------------------------------------------------------


def _dump_database(directory: Path) -> Path:
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:  # SQLite's backup would wait forever for this transaction's lock
            raise BackupError("A backup cannot run inside a transaction.")
        target = directory / SQLITE_MEMBER
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    if connection.vendor == "postgresql":
        target = directory / PG_MEMBER
        argv = [_pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-acl", "-f", str(target)]
        _run(argv, _pg_env(connection.settings_dict))
        return target
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def default_output() -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"accord-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.backup"


def make(output: Path | None = None) -> Made:
    """Write an encrypted archive of the database and the uploads; audit it (counts only)."""
    key = backup_key()
    output = output or default_output()
    output.parent.mkdir(parents=True, exist_ok=True)
    salt = os.urandom(16)
    header = json.dumps(_header(), sort_keys=True).encode()
    preamble = MAGIC + bytes([FORMAT]) + salt + _derive(key, salt, b"check", 16) + len(header).to_bytes(4, "big")
    partial = output.with_name(output.name + ".partial")
    uploads = files_dir()
    file_count = sum(1 for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else 0
    try:
        with tempfile.TemporaryDirectory(prefix="accord-backup-") as work:
            dump = _dump_database(Path(work))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(preamble + header)
                writer = _EncryptingWriter(out, AESGCM(_derive(key, salt, b"data")), preamble + header)
                with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
                    tar.add(dump, arcname=dump.name)
                    if uploads.is_dir():
                        tar.add(uploads, arcname=FILES_MEMBER)
                writer.close()
                out.flush()
                os.fsync(out.fileno())
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    made = Made(output, output.stat().st_size, len(connection.introspection.table_names()), file_count)
    audit.record(
        verb="backup.created",
        actor_label="accord backup",
        changes={"tables": made.tables, "files": made.files, "bytes": made.size},
    )
    return made


# --- restore -------------------------------------------------------------------------------------------------


def _read_exactly(source: IO[bytes], size: int, what: str) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupError(f"The archive is incomplete: it ends inside {what}. It was cut off; use another copy.")
    return data


def decrypt(archive: Path, key: bytes, plain: IO[bytes]) -> dict[str, Any]:
    """Check and decrypt the whole archive into ``plain``; return its header."""
    with archive.open("rb") as source:
        start = source.read(len(MAGIC) + 1)
        if start[: len(MAGIC)] != MAGIC:
            raise BackupError(f"{archive.name} is not an Accord backup.")
        if start[-1] != FORMAT:
            raise BackupError(f"{archive.name} is in backup format {start[-1]}; this Accord reads format {FORMAT}.")
        salt = _read_exactly(source, 16, "the header")
        check = _read_exactly(source, 16, "the header")
        length_bytes = _read_exactly(source, 4, "the header")
        header_bytes = _read_exactly(source, int.from_bytes(length_bytes, "big"), "the header")
        if not hmac.compare_digest(check, _derive(key, salt, b"check", 16)):
            raise BackupError("ACCORD_BACKUP_KEY is not the key this archive was made with.")
        associated = start + salt + check + length_bytes + header_bytes
        aead = AESGCM(_derive(key, salt, b"data"))
        index, last = 0, False
        while not last:
            size_bytes = source.read(4)
            if len(size_bytes) != 4:
                raise BackupError(f"The archive is incomplete: it ends after chunk {index}. It was cut off.")
            sealed = _read_exactly(source, int.from_bytes(size_bytes, "big"), f"chunk {index}")
            for last in (False, True):
                try:
                    plain.write(aead.decrypt(_nonce(index), sealed, associated + bytes([last])))
                    break
                except InvalidTag:
                    continue
            else:
                raise BackupError(f"The archive is damaged or was altered (chunk {index} fails its check).")
            index += 1
        if source.read(1):
            raise BackupError("The archive is damaged or was altered (data after its last chunk).")
    try:
        header: dict[str, Any] = json.loads(header_bytes)
    except ValueError:
        raise BackupError("The archive's header is not readable.") from None
    return header


def _check_compatible(header: dict[str, Any]) -> None:
    if header.get("database") != connection.vendor:
        raise BackupError(
            f"The archive holds a {header.get('database')} database; the target is {connection.vendor}. "
            "Restore into the same kind of database."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    unknown = [f"{app}.{name}" for app, name in header.get("migrations", []) if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"The archive was made by a newer Accord ({header.get('app_version')}; migrations this version lacks: "
            f"{', '.join(unknown[:5])}). Install that version or newer, then restore."
        )


def _target_is_empty(uploads: Path) -> bool:
    has_tables = bool(connection.introspection.table_names())
    has_files = uploads.is_dir() and any(uploads.iterdir())
    return not has_tables and not has_files


def _restore_sqlite(dump: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()  # the file is about to be replaced under this connection
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, staged)
    check = sqlite3.connect(staged)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:
        staged.unlink()
        raise BackupError("The database in the archive fails SQLite's integrity check.")
    for suffix in ("-wal", "-shm"):  # a stale write-ahead log would be replayed onto the restored file
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    staged.replace(target)


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    argv = [_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
    if force:
        argv += ["--clean", "--if-exists"]
    _run([*argv, "-d", connection.settings_dict["NAME"], str(dump)], _pg_env(connection.settings_dict))


def _swap_files(restored: Path, uploads: Path) -> int:
    """Put the archive's files in place of the current ones (renames, so never half of each)."""
    uploads.parent.mkdir(parents=True, exist_ok=True)
    incoming = uploads.with_name(uploads.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    if restored.is_dir():
        shutil.copytree(restored, incoming)
    else:
        incoming.mkdir()
    old = uploads.with_name(uploads.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if uploads.exists():
        uploads.replace(old)
    incoming.replace(uploads)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in uploads.rglob("*") if p.is_file())


@contextmanager
def _opened(archive: Path, key: bytes) -> Iterator[tuple[dict[str, Any], Path]]:
    """Decrypt, check and unpack the archive into a private temporary directory."""
    with tempfile.TemporaryDirectory(prefix="accord-restore-") as work:
        plain_path = Path(work) / "archive.tar"
        with plain_path.open("wb") as plain:
            header = decrypt(archive, key, plain)
        unpacked = Path(work) / "unpacked"
        with tarfile.open(plain_path) as tar:
            tar.extractall(unpacked, filter="data")
        plain_path.unlink()
        yield header, unpacked


def restore(archive: Path, *, force: bool = False, uploads: Path | None = None) -> dict[str, Any]:
    """Restore the archive into the configured database and files directory; refuse a non-empty target."""
    if not archive.is_file():
        raise BackupError(f"There is no file {archive}.")
    key = backup_key()
    uploads = uploads or files_dir()
    with _opened(archive, key) as (header, unpacked):
        _check_compatible(header)
        if not force and not _target_is_empty(uploads):
            raise BackupError(
                "The target database or files directory is not empty. Restore into an empty database "
                "(or add --force to replace what is there)."
            )
        if connection.vendor == "sqlite":
            _restore_sqlite(unpacked / SQLITE_MEMBER)
        else:
            _restore_postgresql(unpacked / PG_MEMBER, force=force)
        files = _swap_files(unpacked / FILES_MEMBER, uploads)
    audit.record(
        verb="backup.restored",
        actor_label="accord restore",
        changes={"files": files, "made_at": header.get("created_at", ""), "app_version": header.get("app_version")},
    )
    return {**header, "files": files}
