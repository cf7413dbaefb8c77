"""Uploaded files: checked on the way in, stored under generated names, served only by authorised views.

There is no public media URL: a file leaves Accord only through ``serve`` called by a view that has
already checked the person may see the record the file belongs to (and audited the download).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse

log = logging.getLogger("accord.uploads")


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]  # leading bytes; empty for text


PDF = FileType("PDF", "application/pdf", (".pdf",), (b"%PDF-",))
PNG = FileType("PNG image", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = FileType("JPEG image", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
DOCX = FileType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    (b"PK\x03\x04",),
)
XLSX = FileType(
    "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), (b"PK\x03\x04",)
)
PPTX = FileType(
    "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    (b"PK\x03\x04",),
)
TEXT = FileType("plain text", "text/plain", (".txt",), ())

DOCUMENTS = (PDF, DOCX, TEXT)
MATERIALS = (PDF, DOCX, PPTX, XLSX, PNG, JPEG, TEXT)


@dataclass(frozen=True)
class CheckedFile:
    file_type: FileType
    original_name: str
    size: int
    sha256: str


def _safe_name(name: str) -> str:
    """The file's own name without any path, for display and download only."""
    base = PurePath(name.replace("\\", "/")).name.strip().lstrip(".")
    return "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')[:150] or "file"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a multi-byte character cut at the end of the sample
    return True


def check(upload: File, *, allowed: tuple[FileType, ...] = DOCUMENTS, max_bytes: int | None = None) -> CheckedFile:
    """Refuse files over the size limit, of a type not allowed, or whose content is not what the name says."""
    limit = max_bytes or settings.ACCORD_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > limit:
        raise ValidationError(f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB.")
    name = _safe_name(upload.name or "")
    extension = PurePath(name).suffix.lower()
    candidates = [t for t in allowed if extension in t.extensions]
    if not candidates:
        kinds = ", ".join(sorted({ext for t in allowed for ext in t.extensions}))
        raise ValidationError(f"Files of type “{extension or 'unknown'}” are not accepted. Accepted: {kinds}.")
    upload.seek(0)
    head = upload.read(2048)
    file_type = candidates[0]
    matches = (
        _looks_like_text(head) if not file_type.signatures else any(head.startswith(s) for s in file_type.signatures)
    )
    if not matches:
        raise ValidationError(f"The file's content is not a {file_type.label}, whatever its name says.")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(file_type, name, size, digest.hexdigest())


def store(upload: File, checked: CheckedFile, *, folder: str) -> str:
    """Save under a generated name (never the uploader's) and return the storage name.

    A full disk is the operator's problem, but the person uploading gets a clear form error; the partly written
    file is removed, and the caller's transaction (raised through) leaves no row behind."""
    name = f"{folder}/{uuid.uuid4().hex}{checked.file_type.extensions[0]}"
    try:
        return default_storage.save(name, upload)
    except OSError as error:
        default_storage.delete(name)
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        log.error("Upload refused: no space left for %s", name)
        raise ValidationError(
            "The server has no room left to store this file, so it was not saved and nothing was changed. "
            "Please tell your administrator."
        ) from error


def serve(storage_name: str, *, download_name: str, content_type: str) -> FileResponse:
    """Send a stored file as an attachment that browsers will not render or sniff."""
    response = FileResponse(
        default_storage.open(storage_name, "rb"), as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
