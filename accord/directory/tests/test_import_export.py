"""Spreadsheet import (dry run, atomic apply, idempotent) and the CSV, XLSX and HSDS exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.directory import actions
from accord.directory.imports import plan_import
from accord.directory.models import Contact, DirectoryProfile, ImportBatch, Offering
from accord.directory.spreadsheet import COLUMNS
from accord.directory.tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = [
    "record",
    "organization",
    "name",
    "title",
    "service",
    "counties",
    "phone",
    "email",
    "languages",
    "genders",
    "min_age",
    "trafficking_types",
    "citizenship",
    "open_24_7",
    "capacity_total",
    "available",
    "availability",
    "call_first_for",
    "hotline",
]


def _csv(*rows: dict[str, str], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def _good_rows():
    f.area("Cedar"), f.area("Marlow")
    return [
        {
            "record": "profile",
            "organization": "VSP B Shelter",
            "counties": "Cedar; Marlow",
            "phone": "(217) 555-0100",
            "hotline": "217.555.0101",
            "languages": "English; Spanish",
        },
        {
            "record": "contact",
            "organization": "VSP B Shelter",
            "name": "Rosa Diaz",
            "title": "Advocate",
            "phone": "+1 217 555 0102",
            "email": "rosa@example.org",
            "call_first_for": "general; after_hours",
        },
        {
            "record": "offering",
            "organization": "VSP B Shelter",
            "service": "emergency_shelter",
            "counties": "Cedar",
            "languages": "en; es",
            "genders": "all",
            "min_age": "18",
            "trafficking_types": "all",
            "citizenship": "all",
            "open_24_7": "yes",
            "capacity_total": "12",
            "available": "3",
            "availability": "open",
        },
        {
            "record": "offering",
            "organization": "Partner C Legal Aid",
            "service": "Legal help: immigration",
            "counties": "Marlow",
            "languages": "es",
            "genders": "women; men",
            "trafficking_types": "labor",
            "citizenship": "foreign_without_status",
        },
    ]


def test_dry_run_then_apply_then_reimport_changes_nothing(personas):
    content = _csv(*_good_rows())
    plan = plan_import(content)
    assert plan.ok and plan.counts() == {"create": 4, "update": 0, "unchanged": 0, "reject": 0}
    assert not Offering.objects.exists()  # a dry run writes nothing
    batch, _ = actions.import_upload(actor=personas.coordinator, filename="d.csv", content=content)
    actions.import_apply(actor=personas.coordinator, batch=batch)
    assert DirectoryProfile.objects.get().hotline == "+12175550101"
    assert Contact.objects.get().first_calls.count() == 2
    assert Offering.objects.count() == 2
    assert AuditEvent.objects.filter(verb="directory.offering_created").count() == 2
    assert AuditEvent.objects.filter(verb="directory.imported").count() == 1
    events = AuditEvent.objects.count()
    again = plan_import(content)
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 4, "reject": 0}
    second, _ = actions.import_upload(actor=personas.coordinator, filename="d.csv", content=content)
    actions.import_apply(actor=personas.coordinator, batch=second)
    assert AuditEvent.objects.count() == events + 2  # only the preview and the import itself


def test_a_changed_cell_is_an_update(personas):
    rows = _good_rows()
    batch, _ = actions.import_upload(actor=personas.coordinator, filename="d.csv", content=_csv(*rows))
    actions.import_apply(actor=personas.coordinator, batch=batch)
    rows[2]["available"] = "0"
    rows[2]["availability"] = "full"
    plan = plan_import(_csv(*rows))
    assert plan.counts()["update"] == 1
    assert [r.changed for r in plan.rows if r.action == "update"] == [["availability", "available_units"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"service": "astrology"}, "unknown service"),
        ({"hotline": "12"}, "hotline: is not used in offering rows"),
        ({"counties": "Atlantis"}, "unknown area"),
        ({"organization": "Nobody Inc"}, "not a member organization"),
        ({"genders": "women; aliens"}, "unknown value"),
        ({"record": "person"}, "record:"),
        ({"min_age": "ten"}, "not a whole number"),
    ],
)
def test_bad_row_is_rejected_and_nothing_changes(personas, change, message):
    rows = _good_rows()
    rows[2].update(change)
    batch, plan = actions.import_upload(actor=personas.coordinator, filename="bad.csv", content=_csv(*rows))
    rejected = [r for r in plan.rows if r.action == "reject"]
    assert len(rejected) == 1 and rejected[0].line == 4
    assert message in " ".join(rejected[0].errors)
    assert batch.status == ImportBatch.Status.REJECTED
    with pytest.raises(ValidationError):
        actions.import_apply(actor=personas.coordinator, batch=batch)
    assert not DirectoryProfile.objects.exists() and not Contact.objects.exists() and not Offering.objects.exists()


def test_bad_phone_email_and_duplicates(personas):
    rows = _good_rows()
    rows[0]["phone"] = "12"
    rows[1]["email"] = "rosa-at-example"
    rows.append(dict(rows[2]))
    plan = plan_import(_csv(*rows))
    errors = {r.line: " ".join(r.errors) for r in plan.rows if r.action == "reject"}
    assert "phone: “12” is not a valid phone number." in errors[2]
    assert "email" in errors[3]
    assert "duplicate: line 4" in errors[6]


def test_missing_required_columns(personas):
    plan = plan_import(_csv({"record": "offering", "organization": "VSP B Shelter"}, header=["record", "organization"]))
    assert plan.file_errors == ["Missing required columns: service, counties."]


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", b"PK\x03\x04not a zip", b"", b"\xd0\xcf\x11\xe0old excel"]
)
def test_a_file_that_is_not_a_spreadsheet(personas, content):
    batch, plan = actions.import_upload(actor=personas.coordinator, filename="x.bin", content=content)
    assert plan.file_errors and batch.status == ImportBatch.Status.REJECTED


def test_a_failing_row_during_apply_rolls_back_the_batch(personas, monkeypatch):
    batch, _ = actions.import_upload(actor=personas.coordinator, filename="d.csv", content=_csv(*_good_rows()))
    real = actions.offering_save

    def fail_on_partner(**kwargs):
        if kwargs["offering"].organization_id == personas.partner_c.pk:
            raise ValidationError("simulated failure")
        return real(**kwargs)

    monkeypatch.setattr(actions, "offering_save", fail_on_partner)
    with pytest.raises(ValidationError, match="Line 5"):
        actions.import_apply(actor=personas.coordinator, batch=batch)
    assert not DirectoryProfile.objects.exists() and not Offering.objects.exists()


def test_only_the_coordinator_imports(personas):
    with pytest.raises(Exception, match="coordinator"):
        actions.import_upload(actor=personas.vsp_admin, filename="d.csv", content=_csv(*_good_rows()))


def test_xlsx_import_and_export_round_trip(client, personas):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _good_rows():
        sheet.append([row.get(c, "") for c in HEADER])
    out = io.BytesIO()
    workbook.save(out)
    batch, plan = actions.import_upload(actor=personas.coordinator, filename="d.xlsx", content=out.getvalue())
    assert plan.ok, plan.summary()
    actions.import_apply(actor=personas.coordinator, batch=batch)
    sign_in(client, personas.member)
    exported = client.get(reverse("directory:export", args=["xlsx"]))
    assert exported.status_code == 200
    reread = plan_import(exported.content)
    assert reread.ok and reread.counts()["create"] == 0 and reread.counts()["update"] == 0
    exported_csv = client.get(reverse("directory:export", args=["csv"])).content
    assert plan_import(exported_csv).counts()["unchanged"] == 4


def test_exports_neutralise_formulas(client, personas):
    f.offering(personas.vsp_b, description='=HYPERLINK("http://evil.example","x")')
    sign_in(client, personas.member)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("directory:export", args=["csv"])).content.decode())))
    assert rows[0]["description"].startswith("'=")
    workbook = load_workbook(io.BytesIO(client.get(reverse("directory:export", args=["xlsx"])).content))
    descriptions = [row[COLUMNS.index("description")] for row in workbook.active.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","x")' in descriptions
    assert AuditEvent.objects.filter(verb="directory.exported").count() == 2


def test_hsds_json_and_zip(client, personas):
    offering = f.offering(personas.vsp_b, languages=["en", "es"], open_24_7=True)
    f.contact(personas.vsp_b)
    DirectoryProfile.objects.create(
        organization=personas.vsp_b,
        address_line1="1 Main St",
        city="Cedar Falls",
        state="IL",
        postal_code="62000",
        hotline="+12175550199",
    )
    sign_in(client, personas.investigator)
    document = json.loads(client.get(reverse("directory:export", args=["hsds-json"])).content)
    tables = document["tables"]
    assert {"organization", "service", "location", "phone", "contact", "service_at_location"} <= set(tables)
    service = next(s for s in tables["service"] if s["name"] == "Emergency shelter")
    org = next(o for o in tables["organization"] if o["name"] == "VSP B Shelter")
    assert service["organization_id"] == org["id"] and service["status"] == "active"
    assert service["minimum_age"] == 18 and "Genders" in service["eligibility_description"]
    assert {"service_id": service["id"], "location_id": tables["location"][0]["id"]}.items() <= tables[
        "service_at_location"
    ][0].items()
    assert any(p["number"] == "+12175550199" for p in tables["phone"])
    assert {lang["code"] for lang in tables["language"] if lang["service_id"] == service["id"]} == {"en", "es"}
    # Ids are stable from one export to the next.
    again = json.loads(client.get(reverse("directory:export", args=["hsds-json"])).content)
    assert again["tables"]["service"][0]["id"] == tables["service"][0]["id"]
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("directory:export", args=["hsds-zip"])).content))
    assert "datapackage.json" in archive.namelist() and "service_at_location.csv" in archive.namelist()
    phones = archive.read("phone.csv").decode()
    assert "+12175550199" in phones and "'+1217" not in phones
    assert offering.pk


def test_upload_page_rejects_a_bad_file_with_a_report(client, personas):
    sign_in(client, personas.coordinator)
    rows = _good_rows()
    rows[1]["phone"] = "not a phone"
    upload = SimpleUploadedFile("d.csv", _csv(*rows), "text/csv")
    response = client.post(reverse("directory:import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Nothing can be imported from this file" in page and "not a phone" in page
    assert not Contact.objects.exists()
