"""Who may reach each directory URL. Everyone signed in reads; the coordinator edits every entry and an
organization administrator (vsp_admin, of VSP B) edits VSP B's only: other organizations' edit URLs
answer 404 to them. Personas: accord.core.testing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, everyone, only
from accord.directory.models import ImportBatch
from accord.directory.tests import factories as f

EDITORS = ("coordinator", "vsp_admin")
OWN_ONLY = {**only(200, "coordinator"), "vsp_admin": NOT_FOUND}  # partner C's entry: not the VSP admin's


def _own_only(status: int) -> dict[str, int]:
    return {**only(status, "coordinator"), "vsp_admin": NOT_FOUND}


def _org(p):
    return {"organization_id": p.vsp_b.pk}


def _other_org(p):
    return {"organization_id": p.partner_c.pk}


def _offering(p):
    return {"offering_id": f.offering(p.vsp_b).pk}


def _other_offering(p):
    return {"offering_id": f.offering(p.partner_c, "legal_immigration").pk}


def _contact(p):
    return {"contact_id": f.contact(p.vsp_b).pk}


def _other_contact(p):
    return {"contact_id": f.contact(p.partner_c).pk}


def _batch(p):
    content = b"record,organization,description\nprofile,VSP B Shelter,Shelter and advocacy\n"
    batch = ImportBatch.objects.create(
        filename="directory.csv", content=content, sha256="0" * 64, uploaded_by=p.coordinator
    )
    return {"batch_id": batch.pk}


def _upload(p):
    return {"file": SimpleUploadedFile("directory.csv", b"record,organization\nprofile,VSP B Shelter\n", "text/csv")}


def _profile_data(p):
    return {
        "description": "Shelter",
        "areas": [f.area().pk],
        "main_phone": "(217) 555-0111",
        "hotline": "",
        "languages": ["en", "es"],
        "mou_status": "signed",
        "mou_note": "",
    }


def _contact_data(p):
    return {
        "name": "Sam Ortiz",
        "title": "Advocate",
        "phone": "217-555-0142",
        "email": "sam@example.org",
        "availability": "24/7",
        "ht_trained": "on",
        "is_active": "on",
        "call_first_for": ["general"],
    }


def _category(p):
    return {"category_id": f.category("food").pk}


ROWS = [
    Row("directory:index", everyone()),
    Row("directory:index", everyone(), query="county=1&service=1&lane=victim_services&q=shelter"),
    Row("directory:print", everyone()),
    Row("directory:organization", everyone(), kwargs=_org),
    Row("directory:organization", everyone(404), kwargs=lambda p: {"organization_id": 999999}),
    Row("directory:profile_edit", only(200, *EDITORS), kwargs=_org),
    Row("directory:profile_edit", OWN_ONLY, kwargs=_other_org, note="another organization's profile"),
    Row("directory:profile_edit", only(302, *EDITORS), method="POST", kwargs=_org, data=_profile_data),
    Row(
        "directory:profile_edit",
        _own_only(302),
        method="POST",
        kwargs=_other_org,
        data=_profile_data,
        note="another organization's profile, posted",
    ),
    Row("directory:history", only(200, *EDITORS, "auditor"), kwargs=_org),
    Row(
        "directory:history",
        {**only(200, "coordinator", "auditor"), "vsp_admin": NOT_FOUND},
        kwargs=_other_org,
        note="another organization's history",
    ),
    Row("directory:contact_create", only(200, *EDITORS), kwargs=_org),
    Row("directory:contact_create", OWN_ONLY, kwargs=_other_org, note="another organization"),
    Row("directory:contact_create", only(302, *EDITORS), method="POST", kwargs=_org, data=_contact_data),
    Row("directory:contact_edit", only(200, *EDITORS), kwargs=_contact),
    Row("directory:contact_edit", OWN_ONLY, kwargs=_other_contact, note="another organization's contact"),
    Row("directory:contact_edit", only(302, *EDITORS), method="POST", kwargs=_contact, data=_contact_data),
    Row("directory:contact_delete", only(302, *EDITORS), method="POST", kwargs=_contact),
    Row(
        "directory:contact_delete",
        _own_only(302),
        method="POST",
        kwargs=_other_contact,
        note="another organization's contact",
    ),
    Row("directory:offering_detail", everyone(), kwargs=_offering),
    Row("directory:offering_detail", everyone(404), kwargs=lambda p: {"offering_id": 999999}),
    Row("directory:offering_create", only(200, *EDITORS), kwargs=_org),
    Row("directory:offering_create", OWN_ONLY, kwargs=_other_org, note="another organization"),
    Row(
        "directory:offering_create",
        only(302, *EDITORS),
        method="POST",
        kwargs=_org,
        data=lambda p: f.offering_post_data(),
    ),
    Row("directory:offering_edit", only(200, *EDITORS), kwargs=_offering),
    Row("directory:offering_edit", OWN_ONLY, kwargs=_other_offering, note="another organization's service"),
    Row(
        "directory:offering_edit",
        only(302, *EDITORS),
        method="POST",
        kwargs=_offering,
        data=lambda p: f.offering_post_data(),
    ),
    Row(
        "directory:capacity_update",
        only(302, *EDITORS),
        method="POST",
        kwargs=_offering,
        data=lambda p: {"availability": "full"},
    ),
    Row(
        "directory:capacity_update",
        _own_only(302),
        method="POST",
        kwargs=_other_offering,
        data=lambda p: {"availability": "full"},
        note="another organization's service",
    ),
    Row("directory:find_help", everyone()),
    Row(
        "directory:find_help",
        everyone(),
        query="age=34&gender=men&language=es&tonight=on",
        note="an incomplete need shows the form again",
    ),
    Row("directory:coverage", everyone()),
    Row("directory:coverage", everyone(), query="population=lang_es"),
    Row("directory:coverage_csv", everyone()),
    Row("directory:export", everyone(), kwargs=lambda p: {"fmt": "csv"}),
    Row("directory:export", everyone(), kwargs=lambda p: {"fmt": "xlsx"}),
    Row("directory:export", everyone(), kwargs=lambda p: {"fmt": "hsds-json"}),
    Row("directory:export", everyone(), kwargs=lambda p: {"fmt": "hsds-zip"}),
    Row("directory:export", everyone(404), kwargs=lambda p: {"fmt": "pdf"}, note="unknown format"),
    Row("directory:import", only(200, "coordinator")),
    Row("directory:import", only(302, "coordinator"), method="POST", data=_upload),
    Row("directory:import_template", only(200, "coordinator")),
    Row("directory:import_preview", only(200, "coordinator"), kwargs=_batch),
    Row("directory:import_apply", only(302, "coordinator"), method="POST", kwargs=_batch),
    Row("directory:categories", everyone()),
    Row("directory:category_create", only(200, "coordinator")),
    Row(
        "directory:category_create",
        only(302, "coordinator"),
        method="POST",
        data=lambda p: {
            "name": "Pet care",
            "code": "pet_care",
            "group": "Basic needs",
            "description": "",
            "capacity_unit": "none",
            "sort_order": 500,
            "is_active": "on",
        },
    ),
    Row("directory:category_edit", only(200, "coordinator"), kwargs=_category),
]

__all__ = ["FORBIDDEN", "LOGIN", "ROWS"]
