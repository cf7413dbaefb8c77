"""Upload checks: size, type, content sniffing, generated names, no public URL (security.md R36)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core import uploads

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_pdf_is_accepted_and_stored_under_a_generated_name(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    upload = SimpleUploadedFile("../../etc/MOU signed.pdf", PDF_BYTES)
    checked = uploads.check(upload)
    assert checked.original_name == "MOU signed.pdf" and checked.file_type is uploads.PDF
    name = uploads.store(upload, checked, folder="agreements")
    assert name.startswith("agreements/") and "MOU" not in name and ".." not in name
    response = uploads.serve(name, download_name=checked.original_name, content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    default_storage.delete(name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.exe", b"MZ\x90\x00", "not accepted"),
        ("report.pdf", b"<html><script>alert(1)</script>", "content is not a PDF"),
        ("notes.txt", b"\x00\x01binary", "content is not a plain text"),
        ("empty.pdf", b"", "empty"),
        ("noextension", b"%PDF-1.4", "not accepted"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError, match=message):
        uploads.check(SimpleUploadedFile(name, content))


def test_files_over_the_limit_are_refused():
    with pytest.raises(ValidationError, match="the limit is"):
        uploads.check(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000), max_bytes=1024)


def test_there_is_no_public_media_url(client, db):
    assert client.get("/media/agreements/anything.pdf").status_code in {302, 404}
