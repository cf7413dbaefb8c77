"""Reads for directory pages. The directory is open to every member, so scoping is about edit rights."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from accord.core.models import AuditEvent, Organization, User
from accord.directory.access import can_edit
from accord.directory.models import Contact, FirstCall, Offering


def directory_organizations() -> QuerySet[Organization]:
    """Active organizations with everything the directory list and print pages show."""
    return (
        Organization.objects.active()
        .select_related("directory_profile")
        .prefetch_related(
            "directory_profile__areas",
            Prefetch(
                "directory_offerings", queryset=Offering.objects.filter(is_active=True).select_related("category")
            ),
            Prefetch("directory_contacts", queryset=Contact.objects.active()),
            Prefetch("directory_first_calls", queryset=FirstCall.objects.select_related("contact")),
        )
        .order_by("name")
    )


def organization_offerings(organization: Organization, user: User) -> list[Offering]:
    offerings = organization.directory_offerings.select_related("category").prefetch_related("areas")
    if not can_edit(user, organization.pk):
        offerings = offerings.filter(is_active=True)
    return list(offerings.order_by("-is_active", "category__sort_order", "category__name", "name"))


def organization_contacts(organization: Organization, user: User) -> list[Contact]:
    contacts = organization.directory_contacts.prefetch_related("first_calls")
    if not can_edit(user, organization.pk):
        contacts = contacts.filter(is_active=True)
    return list(contacts.order_by("-is_active", "name"))


def organization_history(organization: Organization) -> QuerySet[AuditEvent]:
    """Changes to the organization itself and to its directory entry, newest first."""
    return AuditEvent.objects.filter(
        Q(organization_id=organization.pk, target_type__startswith="directory.")
        | Q(target_type="core.organization", target_id=str(organization.pk))
    ).order_by("-id")


def offerings_to_confirm(user: User) -> list[Offering]:
    """For an organization administrator's home page: their capacity nobody confirmed recently."""
    if not user.organization_id:
        return []
    return list(
        Offering.objects.filter(organization_id=user.organization_id, is_active=True)
        .stale()
        .select_related("category", "organization")
        .order_by("availability_confirmed_at", "pk")[:10]
    )
