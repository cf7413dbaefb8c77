"""The directory as a flat CSV/XLSX (the import layout) for people and their spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from accord.core.models import Organization
from accord.directory import queries
from accord.directory.models import Offering


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def joined(values: list[str]) -> str:
    return "; ".join(values)


def profile_row(organization: Organization) -> dict[str, Any] | None:
    profile = getattr(organization, "directory_profile", None)
    if profile is None:
        return None
    return {
        "record": "profile",
        "organization": organization.name,
        "description": profile.description,
        "counties": joined([a.name for a in profile.areas.all()]),
        "address_line1": profile.address_line1,
        "address_line2": profile.address_line2,
        "city": profile.city,
        "state": profile.state,
        "postal_code": profile.postal_code,
        "phone": profile.main_phone,
        "hotline": profile.hotline,
        "email": profile.email,
        "website": profile.website,
        "languages": joined(profile.languages),
        "mou_status": profile.mou_status,
    }


def contact_rows(organization: Organization) -> Iterator[dict[str, Any]]:
    first: dict[int, list[str]] = {}
    for fc in organization.directory_first_calls.all():
        first.setdefault(fc.contact_id, []).append(fc.situation)
    for contact in organization.directory_contacts.all():
        yield {
            "record": "contact",
            "organization": organization.name,
            "name": contact.name,
            "title": contact.title,
            "phone": contact.phone,
            "email": contact.email,
            "contact_hours": contact.availability,
            "ht_trained": yes_no(contact.ht_trained),
            "call_first_for": joined(sorted(first.get(contact.pk, []))),
            "active": yes_no(contact.is_active),
        }


def offering_row(organization: Organization, o: Offering) -> dict[str, Any]:
    confirmed = timezone.localdate(o.availability_confirmed_at) if o.availability_confirmed_at else ""
    return {
        "record": "offering",
        "organization": organization.name,
        "service": o.category.code,
        "name": o.name,
        "description": o.description,
        "counties": joined([a.name for a in o.areas.all()]),
        "languages": joined(o.languages),
        "genders": joined(o.genders),
        "min_age": o.min_age,
        "max_age": o.max_age,
        "minors": o.minors,
        "families": yes_no(o.families),
        "trafficking_types": joined(o.trafficking_types),
        "citizenship": joined(o.citizenship),
        "interpretation": yes_no(o.interpretation),
        "disability_access": yes_no(o.disability_access),
        "lgbtq_affirming": yes_no(o.lgbtq_affirming),
        "cost": o.cost,
        "open_24_7": yes_no(o.open_24_7),
        "hours": o.hours,
        "capacity_unit": o.capacity_unit,
        "capacity_total": o.capacity_total,
        "available": o.available_units,
        "availability": o.availability,
        "confirmed_on": confirmed,
        "active": yes_no(o.is_active),
    }


def directory_rows() -> Iterator[dict[str, Any]]:
    organizations = (
        queries.directory_organizations()
        .prefetch_related(None)
        .prefetch_related(
            "directory_profile__areas",
            "directory_contacts",
            "directory_first_calls",
            "directory_offerings__category",
            "directory_offerings__areas",
        )
    )
    for organization in organizations:
        row = profile_row(organization)
        if row:
            yield row
        yield from contact_rows(organization)
        for offering in sorted(
            organization.directory_offerings.all(), key=lambda o: (o.category.sort_order, o.category.code, o.name)
        ):
            yield offering_row(organization, offering)
