"""Every write to the directory. Views, the import, the seed's corrections and tests call these.

Each action takes a keyword-only ``actor``, checks the actor may edit the organization concerned,
validates, saves and writes one audit event whose ``organization_id`` is the organization whose
entry changed, so that organization's history page can list it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import Organization, Role, User
from accord.directory.access import can_edit
from accord.directory.models import (
    Area,
    Availability,
    Contact,
    DirectoryProfile,
    FirstCall,
    ImportBatch,
    Offering,
    ServiceCategory,
    Situation,
)

if TYPE_CHECKING:
    from accord.directory.imports import Plan


def _check_can_edit(actor: User, organization_id: int | None) -> None:
    if not can_edit(actor, organization_id):
        raise PermissionDenied("You may change only your own organization's directory entry.")


def _area_names(areas: Iterable[Area]) -> list[str]:
    return sorted(a.name for a in areas)


@transaction.atomic
def profile_save(*, actor: User, profile: DirectoryProfile, areas: Iterable[Area] | None = None) -> DirectoryProfile:
    """Create or update an organization's directory profile; ``areas`` replaces the areas served."""
    _check_can_edit(actor, profile.organization_id)
    existing = DirectoryProfile.objects.filter(organization_id=profile.organization_id).first()
    if existing is not None and profile.pk is None:
        profile.pk = existing.pk
        profile.created_at = existing.created_at
    before = audit.snapshot(existing) if existing else {}
    before_areas = _area_names(existing.areas.all()) if existing else []
    profile.full_clean()
    profile.save()
    changes = audit.diff(before, audit.snapshot(profile))
    if areas is not None:
        areas = list(areas)
        profile.areas.set(areas)
        if _area_names(areas) != before_areas:
            changes["areas"] = [before_areas, _area_names(areas)]
    if changes or existing is None:
        audit.record(
            verb="directory.profile_created" if existing is None else "directory.profile_updated",
            actor=actor,
            target=profile,
            organization_id=profile.organization_id,
            changes=changes,
        )
    return profile


@transaction.atomic
def contact_save(*, actor: User, contact: Contact, call_first_for: Iterable[str] | None = None) -> Contact:
    """Create or update a point of contact; ``call_first_for`` makes them the first call for those situations."""
    _check_can_edit(actor, contact.organization_id)
    creating = contact.pk is None
    if (
        not creating
        and Contact.objects.filter(pk=contact.pk).values_list("organization_id", flat=True).first()
        != contact.organization_id
    ):
        raise ValidationError("A contact cannot move to another organization.")
    before = {} if creating else audit.snapshot(Contact.objects.get(pk=contact.pk))
    contact.full_clean()
    contact.save()
    changes = audit.diff(before, audit.snapshot(contact))
    if call_first_for is not None:
        changes.update(_assign_first_calls(contact, set(call_first_for)))
    if changes or creating:
        audit.record(
            verb="directory.contact_created" if creating else "directory.contact_updated",
            actor=actor,
            target=contact,
            organization_id=contact.organization_id,
            changes=changes,
        )
    return contact


def _assign_first_calls(contact: Contact, wanted: set[str]) -> dict[str, Any]:
    unknown = wanted - set(Situation.values)
    if unknown:
        raise ValidationError(f"Unknown situation: {', '.join(sorted(unknown))}.")
    if wanted and not contact.is_active:
        raise ValidationError("An inactive contact cannot be the first call.")
    current = {
        fc.situation: fc
        for fc in FirstCall.objects.filter(organization_id=contact.organization_id).select_related("contact")
    }
    mine = {s for s, fc in current.items() if fc.contact_id == contact.pk}
    if mine == wanted:
        return {}
    FirstCall.objects.filter(contact=contact, situation__in=mine - wanted).delete()
    taken_from = {}
    for situation in sorted(wanted - mine):
        if situation in current:
            taken_from[situation] = current[situation].contact.name
        FirstCall.objects.update_or_create(
            organization_id=contact.organization_id, situation=situation, defaults={"contact": contact}
        )
    changes: dict[str, Any] = {"call_first_for": [sorted(mine), sorted(wanted)]}
    if taken_from:
        changes["first_call_taken_from"] = taken_from
    return changes


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    _check_can_edit(actor, contact.organization_id)
    snapshot = audit.snapshot(contact)
    audit.record(
        verb="directory.contact_deleted",
        actor=actor,
        target=contact,
        organization_id=contact.organization_id,
        changes={"removed": snapshot},
    )
    contact.delete()


@transaction.atomic
def offering_save(*, actor: User, offering: Offering, areas: Iterable[Area] | None = None) -> Offering:
    """Create or update a service offering. A change of availability counts as confirming it now."""
    _check_can_edit(actor, offering.organization_id)
    creating = offering.pk is None
    old = None if creating else Offering.objects.prefetch_related("areas").get(pk=offering.pk)
    if old is not None and old.organization_id != offering.organization_id:
        raise ValidationError("A service cannot move to another organization.")
    if old is None:
        if offering.availability != Availability.UNKNOWN and offering.availability_confirmed_at is None:
            offering.availability_confirmed_at = timezone.now()
    elif (offering.availability, offering.available_units) != (old.availability, old.available_units) and (
        offering.availability_confirmed_at == old.availability_confirmed_at
    ):
        offering.availability_confirmed_at = timezone.now()
    before = audit.snapshot(old) if old else {}
    before_areas = _area_names(old.areas.all()) if old else []
    offering.full_clean()
    if areas is not None:
        areas = list(areas)
        if not areas:
            raise ValidationError({"areas": "Choose at least one area served."})
    elif creating:
        raise ValidationError({"areas": "Choose at least one area served."})
    offering.save()
    changes = audit.diff(before, audit.snapshot(offering))
    if areas is not None:
        offering.areas.set(areas)
        if _area_names(areas) != before_areas:
            changes["areas"] = [before_areas, _area_names(areas)]
    if changes or creating:
        audit.record(
            verb="directory.offering_created" if creating else "directory.offering_updated",
            actor=actor,
            target=offering,
            organization_id=offering.organization_id,
            changes=changes,
        )
    return offering


@transaction.atomic
def offering_set_availability(
    *, actor: User, offering: Offering, availability: str, available_units: int | None = None
) -> Offering:
    """The provider's one-click update: says how much room there is and confirms it as of now.

    Clicking the status already shown is meaningful too: it re-confirms the availability.
    """
    _check_can_edit(actor, offering.organization_id)
    if availability not in Availability.values:
        raise ValidationError("Unknown availability.")
    before = {
        "availability": offering.availability,
        "available_units": offering.available_units,
        "availability_confirmed_at": offering.availability_confirmed_at,
    }
    offering.availability = availability
    if available_units is not None:
        offering.available_units = available_units
    elif availability == Availability.FULL:
        offering.available_units = 0 if offering.tracks_capacity else None
    offering.availability_confirmed_at = timezone.now()
    offering.full_clean()
    offering.save(update_fields=["availability", "available_units", "availability_confirmed_at", "updated_at"])
    after = {
        "availability": offering.availability,
        "available_units": offering.available_units,
        "availability_confirmed_at": offering.availability_confirmed_at,
    }
    audit.record(
        verb="directory.availability_confirmed",
        actor=actor,
        target=offering,
        organization_id=offering.organization_id,
        changes=audit.diff(before, after),
    )
    return offering


@transaction.atomic
def category_save(*, actor: User, category: ServiceCategory) -> ServiceCategory:
    """Add or change a term of the needs taxonomy (coordinator only)."""
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("Only the coordinator can change the service taxonomy.")
    creating = category.pk is None
    before = {} if creating else audit.snapshot(ServiceCategory.objects.get(pk=category.pk))
    if not creating and before["code"] != category.code and category.offerings.exists():
        raise ValidationError({"code": "The code of a term in use cannot change: imports and exports rely on it."})
    category.full_clean()
    category.save()
    audit.record(
        verb="directory.category_created" if creating else "directory.category_updated",
        actor=actor,
        target=category,
        changes=audit.diff(before, audit.snapshot(category)),
    )
    return category


def ensure_profile(organization: Organization) -> DirectoryProfile:
    """The profile to edit: the saved one, or a new unsaved one (saved only through profile_save)."""
    try:
        return organization.directory_profile
    except DirectoryProfile.DoesNotExist:
        return DirectoryProfile(organization=organization)


def _check_coordinator_import(actor: User) -> None:
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("Only the coordinator imports directory data.")


@transaction.atomic
def import_upload(*, actor: User, filename: str, content: bytes) -> tuple[ImportBatch, Plan]:
    """Keep an uploaded spreadsheet and dry-run it: nothing in the directory changes yet."""
    from accord.directory.imports import plan_import

    _check_coordinator_import(actor)
    plan = plan_import(content)
    batch = ImportBatch.objects.create(
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
        status=ImportBatch.Status.PREVIEWED if plan.ok else ImportBatch.Status.REJECTED,
        summary=plan.summary(),
    )
    audit.record(
        verb="directory.import_previewed",
        actor=actor,
        target=batch,
        changes={
            "filename": batch.filename,
            "sha256": batch.sha256,
            **plan.summary()["counts"],
            "file_errors": plan.file_errors,
        },
    )
    return batch, plan


@transaction.atomic
def import_apply(*, actor: User, batch: ImportBatch) -> Plan:
    """Apply a previewed import, all rows or none. The file is planned again against today's data."""
    from accord.directory.imports import plan_import

    _check_coordinator_import(actor)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError("This import was already applied or has rejected rows; upload the file again.")
    plan = plan_import(bytes(batch.content))
    if not plan.ok:
        raise ValidationError("Some rows are rejected, so nothing was imported. Fix them and upload the file again.")
    for row in plan.rows:
        if row.apply is None:
            continue
        try:
            row.apply(actor)
        except ValidationError as error:
            raise ValidationError(f"Line {row.line}: {'; '.join(error.messages)} Nothing was imported.") from error
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.summary = plan.summary()
    batch.save(update_fields=["status", "applied_at", "summary"])
    audit.record(
        verb="directory.imported",
        actor=actor,
        target=batch,
        changes={"filename": batch.filename, "sha256": batch.sha256, **plan.counts()},
    )
    return plan
