"""Export in the Open Referral Human Services Data Specification (HSDS) 3.0, tabular form.

What is exported, table by table (columns are HSDS 3.0 names; Accord fills those it has):
organization, service, location, address, phone, contact, service_at_location, service_area,
language, schedule, taxonomy_term and attribute. Every id is a UUID derived from the Accord
record's kind and primary key (uuid5), so ids are stable from one export to the next.

What is not carried: HSDS has no fields for Accord's structured eligibility (genders, minors,
families, trafficking types, citizenship, disability access, LGBTQ+ affirming); they are written
as text in service.eligibility_description. Availability goes into service.alert and the date it
was confirmed into service.assured_date. Points of contact are organization-level contacts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from accord.core.exports import safe_cell
from accord.core.models import Organization
from accord.directory.models import LANGUAGE_NAMES, Area, Availability, Minors, Offering, ServiceCategory

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:accord:hsds")
TAXONOMY = "Accord victim-needs taxonomy (after the OVC TTAC Task Force e-Guide needs list)"

TABLES: dict[str, list[str]] = {
    "organization": ["id", "name", "alternate_name", "description", "email", "website"],
    "service": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "email",
        "status",
        "interpretation_services",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
        "last_modified",
    ],
    "location": ["id", "location_type", "organization_id", "name", "description"],
    "address": [
        "id",
        "location_id",
        "address_1",
        "address_2",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "phone": ["id", "location_id", "service_id", "organization_id", "contact_id", "number", "type", "description"],
    "contact": ["id", "organization_id", "name", "title", "email"],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "service_area": ["id", "service_id", "name", "description"],
    "language": ["id", "service_id", "location_id", "name", "code"],
    "schedule": ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    "taxonomy_term": ["id", "code", "name", "description", "taxonomy"],
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity"],
}
NUMBER_COLUMNS = {"minimum_age": "number", "maximum_age": "number"}
E164 = re.compile(r"^\+\d{7,15}$")


def hsds_id(kind: str, pk: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def _eligibility(o: Offering) -> str:
    parts = [f"Genders: {', '.join(o.gender_labels())}", f"Ages: {o.age_range_label()}"]
    if o.minors != Minors.NONE:
        parts.append(Minors(o.minors).label)
    parts.append("Families with children welcome" if o.families else "No families with children")
    parts.append(f"Survivors of: {', '.join(o.trafficking_labels())}")
    parts.append(f"Status: {', '.join(o.citizenship_labels())}")
    if o.disability_access:
        parts.append("Accessible to people with disabilities")
    if o.lgbtq_affirming:
        parts.append("LGBTQ+ affirming")
    return ". ".join(parts) + "."


def _alert(o: Offering) -> str:
    if not o.tracks_capacity and o.availability == Availability.UNKNOWN:
        return ""
    text = Availability(o.availability).label
    if o.available_units is not None and o.tracks_capacity:
        text += f": {o.available_units} of {o.capacity_total or '?'} {o.get_capacity_unit_display().lower()} free"
    return text


def build_tables() -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for category in ServiceCategory.objects.all():
        tables["taxonomy_term"].append(
            {
                "id": hsds_id("category", category.pk),
                "code": category.code,
                "name": category.name,
                "description": category.description or category.name,
                "taxonomy": TAXONOMY,
            }
        )
    organizations = (
        Organization.objects.active()
        .select_related("directory_profile")
        .prefetch_related(
            "directory_profile__areas",
            "directory_contacts",
            "directory_offerings__category",
            "directory_offerings__areas",
        )
        .order_by("name")
    )
    for organization in organizations:
        _organization_rows(tables, organization)
    return tables


def _organization_rows(tables: dict[str, list[dict[str, Any]]], organization: Organization) -> None:
    org_id = hsds_id("organization", organization.pk)
    profile = getattr(organization, "directory_profile", None)
    tables["organization"].append(
        {
            "id": org_id,
            "name": organization.name,
            "alternate_name": organization.short_name,
            "description": (profile.description if profile else "") or organization.get_sector_display(),
            "email": profile.email if profile else "",
            "website": profile.website if profile else "",
        }
    )
    location_id = None
    if profile and profile.address_line1:
        location_id = hsds_id("location", organization.pk)
        tables["location"].append(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": organization.name,
                "description": "",
            }
        )
        tables["address"].append(
            {
                "id": hsds_id("address", organization.pk),
                "location_id": location_id,
                "address_1": profile.address_line1,
                "address_2": profile.address_line2,
                "city": profile.city,
                "state_province": profile.state,
                "postal_code": profile.postal_code,
                "country": "US",
                "address_type": "physical",
            }
        )
        for code in profile.languages:
            tables["language"].append(
                {
                    "id": hsds_id("location-language", f"{organization.pk}:{code}"),
                    "location_id": location_id,
                    "name": LANGUAGE_NAMES.get(code, code),
                    "code": code,
                }
            )
    if profile:
        for kind, number, label in (
            ("main", profile.main_phone, "Main number"),
            ("hotline", profile.hotline, "24/7 line"),
        ):
            if number:
                tables["phone"].append(
                    {
                        "id": hsds_id(f"phone-{kind}", organization.pk),
                        "organization_id": org_id,
                        "number": number,
                        "type": "voice",
                        "description": label,
                    }
                )
    for contact in organization.directory_contacts.all():
        if not contact.is_active:
            continue
        contact_id = hsds_id("contact", contact.pk)
        tables["contact"].append(
            {
                "id": contact_id,
                "organization_id": org_id,
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
            }
        )
        if contact.phone:
            tables["phone"].append(
                {
                    "id": hsds_id("phone-contact", contact.pk),
                    "contact_id": contact_id,
                    "number": contact.phone,
                    "type": "voice",
                    "description": contact.availability,
                }
            )
    for offering in organization.directory_offerings.all():
        _service_rows(tables, offering, org_id, location_id, profile.email if profile else "")


def _service_rows(
    tables: dict[str, list[dict[str, Any]]], o: Offering, org_id: str, location_id: str | None, email: str
) -> None:
    service_id = hsds_id("service", o.pk)
    tables["service"].append(
        {
            "id": service_id,
            "organization_id": org_id,
            "name": o.name or o.category.name,
            "alternate_name": o.category.name if o.name else "",
            "description": o.description or o.category.description,
            "email": email,
            "status": "active" if o.is_active else "inactive",
            "interpretation_services": "Interpreters available for other languages" if o.interpretation else "",
            "fees_description": o.get_cost_display(),
            "eligibility_description": _eligibility(o),
            "minimum_age": o.min_age,
            "maximum_age": o.max_age,
            "assured_date": timezone.localdate(o.availability_confirmed_at).isoformat()
            if o.availability_confirmed_at
            else "",
            "alert": _alert(o),
            "last_modified": o.updated_at.isoformat(timespec="milliseconds"),
        }
    )
    tables["attribute"].append(
        {
            "id": hsds_id("attribute", o.pk),
            "link_id": service_id,
            "taxonomy_term_id": hsds_id("category", o.category_id),
            "link_type": "service_type",
            "link_entity": "service",
        }
    )
    if location_id:
        tables["service_at_location"].append(
            {
                "id": hsds_id("service-at-location", o.pk),
                "service_id": service_id,
                "location_id": location_id,
                "description": "",
            }
        )
    for area in o.areas.all():
        tables["service_area"].append(
            {
                "id": hsds_id("service-area", f"{o.pk}:{area.pk}"),
                "service_id": service_id,
                "name": area.name,
                "description": Area.Kind(area.kind).label,
            }
        )
    for code in o.languages:
        tables["language"].append(
            {
                "id": hsds_id("service-language", f"{o.pk}:{code}"),
                "service_id": service_id,
                "name": LANGUAGE_NAMES.get(code, code),
                "code": code,
            }
        )
    if o.open_24_7:
        tables["schedule"].append(
            {
                "id": hsds_id("schedule", o.pk),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": "Open 24 hours a day, 7 days a week",
            }
        )
    elif o.hours:
        tables["schedule"].append({"id": hsds_id("schedule", o.pk), "service_id": service_id, "description": o.hours})


def as_json(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    document = {
        "specification": "Open Referral HSDS 3.0, tabular tables as JSON arrays",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "tables": {name: [{c: row.get(c) for c in TABLES[name]} for row in rows] for name, rows in tables.items()},
    }
    return json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8")


def _csv(name: str, rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TABLES[name])
    for row in rows:
        # Validated E.164 numbers are left as they are: a spreadsheet reads them as harmless numbers.
        writer.writerow(
            [v if isinstance(v, str) and E164.match(v) else safe_cell(v) for v in (row.get(c) for c in TABLES[name])]
        )
    return out.getvalue()


def as_zip(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """An HSDS tabular data package: one CSV per table and a datapackage.json naming them."""
    out = io.BytesIO()
    package = {
        "name": "accord-directory",
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": c, "type": NUMBER_COLUMNS.get(c, "string")} for c in TABLES[name]]},
            }
            for name in TABLES
        ],
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(package, indent=1))
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(name, rows))
    return out.getvalue()
