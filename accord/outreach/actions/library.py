"""The materials library (versions checked by accord.core.uploads, approved by the training committee) and the
glossary."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accord.core import audit, uploads
from accord.core.models import User
from accord.outreach.access import can_approve, require_training_manager
from accord.outreach.actions._common import save_audited
from accord.outreach.models import GlossaryTerm, Material, MaterialVersion, ReviewStatus

MATERIAL_TYPES = uploads.MATERIALS  # PDF, Word, PowerPoint, Excel, PNG, JPEG, plain text


@transaction.atomic
def material_save(*, actor: User, material: Material) -> Material:
    require_training_manager(actor)
    if material.pk is None:
        material.created_by = actor
    save_audited(actor, material, "material")
    return material


@transaction.atomic
def material_version_add(
    *, actor: User, material: Material, upload: File | None = None, text: str = "", note: str = ""
) -> MaterialVersion:
    """Add a version (a file, text, or both); it awaits the training committee's approval."""
    require_training_manager(actor)
    text = text.strip()
    if upload is None and not text:
        raise ValidationError({"document": "Choose a file to upload, or write the text of this version."})
    last = material.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = MaterialVersion(material=material, number=last + 1, text=text, note=note.strip(), uploaded_by=actor)
    if upload is not None:
        try:
            checked = uploads.check(upload, allowed=MATERIAL_TYPES)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
        version.original_name = checked.original_name
        version.content_type = checked.file_type.content_type
        version.size = checked.size
        version.sha256 = checked.sha256
        version.storage_name = "pending"
        version.full_clean()
        version.storage_name = uploads.store(upload, checked, folder="outreach/materials")
    else:
        version.full_clean()
    try:
        version.save()
    except Exception:
        if version.storage_name:
            default_storage.delete(version.storage_name)
        raise
    audit.record(
        verb="outreach.material_version_added",
        actor=actor,
        target=material,
        changes={"version": version.number, "file": version.original_name, "sha256": version.sha256},
    )
    return version


@transaction.atomic
def material_version_review(*, actor: User, version: MaterialVersion, approve: bool, note: str = "") -> MaterialVersion:
    """The training committee approves a version for use, or returns it with a reason."""
    if not can_approve(actor):
        raise PermissionDenied("Only members of the training committee approve materials.")
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": "Say what should change: it is shown with the version."})
    before = version.status
    version.status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    version.reviewed_by = actor
    version.reviewed_at = timezone.now()
    version.review_note = note[:300]
    version.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        verb="outreach.material_approved" if approve else "outreach.material_returned",
        actor=actor,
        target=version.material,
        changes={"version": version.number, "status": [before, version.status], "note": version.review_note},
    )
    return version


def material_downloaded(*, actor: User, version: MaterialVersion) -> None:
    """Audit a download (a read, not a change)."""
    audit.record(
        verb="outreach.material_downloaded",
        actor=actor,
        target=version.material,
        changes={"version": version.number, "file": version.original_name},
    )


@transaction.atomic
def glossary_save(*, actor: User, term: GlossaryTerm) -> GlossaryTerm:
    require_training_manager(actor)
    term.term = term.term.strip()
    clash = GlossaryTerm.objects.filter(term__iexact=term.term).exclude(pk=term.pk).first()
    if clash is not None:
        raise ValidationError({"term": f"“{clash.term}” is already in the glossary: edit it instead."})
    term.updated_by = actor
    save_audited(actor, term, "glossary_term")
    return term
