"""Turning ids from a request into directory objects, for the people allowed to reach them.

Every signed-in member reads the whole directory. Writing is narrower: the coordinator edits
every organization's entry, an organization administrator edits their own. With ``write=True``
an object outside the person's edit scope answers 404, exactly like a missing one.
"""

from __future__ import annotations

from django.http import Http404

from accord.core.models import Organization, Role, User
from accord.directory.models import Contact, ImportBatch, Offering


def can_edit(user: User, organization_id: int | None) -> bool:
    """Whether ``user`` may change the directory entry of organization ``organization_id``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role(Role.COORDINATOR):
        return True
    return user.has_role(Role.ORG_ADMIN) and organization_id is not None and organization_id == user.organization_id


def get_organization_for(user: User, organization_id: int, *, write: bool = False) -> Organization:
    organization = Organization.objects.select_related("directory_profile").filter(pk=organization_id).first()
    if organization is None or (write and not can_edit(user, organization.pk)):
        raise Http404("No such organization.")
    return organization


def get_history_organization_for(user: User, organization_id: int) -> Organization:
    """An organization's change history: its editors and the auditor."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None or not (user.has_role(Role.AUDITOR) or can_edit(user, organization.pk)):
        raise Http404("No such organization.")
    return organization


def get_offering_for(user: User, offering_id: int, *, write: bool = False) -> Offering:
    offering = (
        Offering.objects.select_related("organization__directory_profile", "category")
        .prefetch_related("areas")
        .filter(pk=offering_id)
        .first()
    )
    if offering is None or (write and not can_edit(user, offering.organization_id)):
        raise Http404("No such service.")
    if not write and not (offering.is_active or can_edit(user, offering.organization_id)):
        raise Http404("No such service.")
    return offering


def get_contact_for(user: User, contact_id: int, *, write: bool = False) -> Contact:
    contact = Contact.objects.select_related("organization").filter(pk=contact_id).first()
    if contact is None or (write and not can_edit(user, contact.organization_id)):
        raise Http404("No such contact.")
    return contact


def get_import_batch_for(user: User, batch_id: int) -> ImportBatch:
    """Imports span organizations, so only the coordinator runs them; each sees only their own uploads."""
    batch = ImportBatch.objects.filter(pk=batch_id, uploaded_by=user).first()
    if batch is None or not user.has_role(Role.COORDINATOR):
        raise Http404("No such import.")
    return batch
