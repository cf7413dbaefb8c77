"""Small builders for directory tests and the access matrix (get-or-create, so rows can share them)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accord.core.models import Organization
from accord.directory.models import Area, Availability, CapacityUnit, Contact, Offering, ServiceCategory


def area(name: str = "Cedar", kind: str = Area.Kind.COUNTY) -> Area:
    return Area.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def category(code: str = "emergency_shelter") -> ServiceCategory:
    return ServiceCategory.objects.get(code=code)


def offering(
    organization: Organization,
    code: str = "emergency_shelter",
    *,
    areas: list[Area] | None = None,
    name: str = "",
    **fields: Any,
) -> Offering:
    values: dict[str, Any] = {
        "genders": ["women", "men", "transgender_nonbinary"],
        "trafficking_types": ["sex", "labor"],
        "citizenship": ["us_citizen", "permanent_resident", "foreign_with_status", "foreign_without_status"],
        "languages": ["en"],
        "min_age": 18,
        "capacity_unit": CapacityUnit.BEDS,
        "capacity_total": 10,
        "available_units": 4,
        "availability": Availability.OPEN,
        "availability_confirmed_at": timezone.now(),
    }
    values.update(fields)
    created, new = Offering.objects.get_or_create(
        organization=organization, category=category(code), name=name, defaults=values
    )
    if new:
        created.areas.set(areas if areas is not None else [area()])
    return created


def contact(organization: Organization, name: str = "Pat Rivera", **fields: Any) -> Contact:
    defaults = {"phone": "+12175550123", "email": "pat@example.org", "title": "Advocate"} | fields
    return Contact.objects.get_or_create(organization=organization, name=name, defaults=defaults)[0]


def offering_post_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "category": category().pk,
        "name": "",
        "description": "",
        "areas": [area().pk],
        "genders": ["women", "men"],
        "trafficking_types": ["sex", "labor"],
        "citizenship": ["us_citizen"],
        "languages": ["en", "es"],
        "min_age": "18",
        "max_age": "",
        "minors": "none",
        "cost": "free",
        "hours": "",
        "capacity_unit": "beds",
        "capacity_total": "8",
        "available_units": "2",
        "availability": "limited",
        "is_active": "on",
        "open_24_7": "on",
    }
    data.update(overrides)
    return data
