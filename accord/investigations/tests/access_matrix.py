"""Who may reach each investigations URL.

The investigator (agency A, law enforcement) owns the investigations here. Everyone outside the law-enforcement
and prosecution lanes (advocate, VSP admin, partner member, coordinator, auditor) gets 404 on every investigation
URL, lists included: to them this part of Accord does not exist. The coordinator's counts and settings pages are
the only exceptions, and those answer 404 to everyone else. Prosecutors are not among the seven personas: their
access is tested in test_access.py.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core.matrix import LOGIN, NOT_FOUND, Row, only
from accord.investigations.tests import factories as f

CASE = ("investigator",)


def case_only(status: int, *, investigator: int | None = None) -> dict[str, int]:
    """``status`` for the investigator, 404 for every other signed-in persona, the sign-in page for anonymous."""
    expect = only(investigator if investigator is not None else status, *CASE, others=NOT_FOUND)
    expect["anonymous"] = LOGIN
    return expect


def coordinator_only(status: int) -> dict[str, int]:
    return only(status, "coordinator", others=NOT_FOUND)


def _own(p):
    return f.investigation(p.agency_a, p.investigator)


def _inv(p):
    return {"investigation_id": _own(p).pk}


def _foreign(p):  # another agency's investigation, not shared with agency A
    return {"investigation_id": f.investigation(f.agency_d()).pk}


def _shared_in(p):  # another agency's investigation shared with agency A
    inv = f.investigation(f.agency_d())
    f.share(inv, p.agency_a)
    return {"investigation_id": inv.pk}


def _kind(kind: str):
    return lambda p: {**_inv(p), "kind": kind}


def _item(kind: str, make):
    def kwargs(p):
        inv = _own(p)
        return {"investigation_id": inv.pk, "kind": kind, "item_id": make(inv).pk}

    return kwargs


def _share(p):
    inv = _own(p)
    return {"investigation_id": inv.pk, "share_id": f.share(inv, f.agency_d()).pk}


def _referral(p):
    from accord.investigations.models import ProsecutionReferral

    inv = _own(p)
    referral = ProsecutionReferral.objects.create(
        investigation=inv, recorded_by=p.investigator, organization=p.agency_a, office=f.usao(), level="federal"
    )
    f.share(inv, f.usao())
    return {"investigation_id": inv.pk, "item_id": referral.pk}


def _granted_cp(p):
    inv = _own(p)
    cp = f.continued_presence(inv, status="granted", decided_on=f.days_ago(10), expires_on=f.days_ago(-700))
    return {"investigation_id": inv.pk, "item_id": cp.pk}


def _task(p):
    inv = _own(p)
    return {"investigation_id": inv.pk, "item_id": f.task(inv).pk}


def _document(p):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from accord.investigations.models import Document

    inv = _own(p)
    name = "investigations/access-matrix-statement.txt"  # one fixed file, reused by every run
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"statement"))
    document = Document.objects.create(
        investigation=inv,
        recorded_by=p.investigator,
        organization=p.agency_a,
        title="Statement",
        storage_name=name,
        original_name="statement.txt",
        content_type="text/plain",
        size=9,
        sha256="0" * 64,
    )
    return {"investigation_id": inv.pk, "item_id": document.pk}


def _review(p):
    from accord.investigations import actions

    inv = _own(p)
    item = actions.case_review_create(
        actor=p.investigator, investigation=inv, meeting_on=f.days_ago(-7), fields=["trafficking_type"]
    )
    return {"investigation_id": inv.pk, "item_id": item.pk}


def _intel(p):
    return {"record_id": f.intelligence(p.agency_a, p.investigator).pk}


def _foreign_intel(p):
    return {"record_id": f.intelligence(f.agency_d()).pk}


def _new_investigation(p):
    return {
        "case_number": "A-2025-9",
        "trafficking_type": "labor",
        "origin": "proactive",
        "lead_source": f.term("lead-source", "patrol").pk,
        "opened_on": f.days_ago(3).isoformat(),
    }


def _upload(p):
    return {"title": "Notes", "file": SimpleUploadedFile("notes.txt", b"interview notes", "text/plain")}


KIND_ROWS = [
    Row("investigations:item_create", case_only(200), kwargs=_kind(kind), note=kind)
    for kind in [
        "subjects",
        "victims",
        "witnesses",
        "arrests",
        "charges",
        "referrals",
        "court-events",
        "dispositions",
        "continued-presence",
        "certifications",
        "events",
        "tasks",
    ]
]

ROWS = [
    Row("investigations:list", case_only(200)),
    Row("investigations:create", case_only(200)),
    Row("investigations:create", case_only(302), method="POST", data=_new_investigation),
    Row("investigations:case_log", case_only(200)),
    Row("investigations:relief", case_only(200)),
    Row("investigations:counts", coordinator_only(200)),
    Row("investigations:settings", coordinator_only(200)),
    Row(
        "investigations:settings",
        coordinator_only(302),
        method="POST",
        data=lambda p: {"continued_presence_months": 24, "renewal_notice_days": 60},
    ),
    Row("investigations:detail", case_only(200), kwargs=_inv),
    Row("investigations:detail", case_only(404), kwargs=_foreign, note="another agency's, not shared"),
    Row("investigations:detail", case_only(200), kwargs=_shared_in, note="shared with agency A"),
    Row("investigations:edit", case_only(200), kwargs=_inv),
    Row("investigations:edit", case_only(403), kwargs=_shared_in, note="shared: visible, not the owner's to edit"),
    Row("investigations:sharing", case_only(200), kwargs=_inv),
    Row(
        "investigations:sharing",
        case_only(302),
        method="POST",
        kwargs=_inv,
        data=lambda p: {"organization": f.usao().pk, "reason": "charging review"},
    ),
    Row("investigations:share_revoke", case_only(302), method="POST", kwargs=_share),
    Row(
        "investigations:referral_decide",
        case_only(403),
        kwargs=_referral,
        note="only the office referred to decides",
    ),
    Row("investigations:continued_presence_renew", case_only(302), method="POST", kwargs=_granted_cp),
    Row("investigations:task_done", case_only(302), method="POST", kwargs=_task),
    Row("investigations:document_upload", case_only(200), kwargs=_inv),
    Row("investigations:document_upload", case_only(302), method="POST", kwargs=_inv, data=_upload),
    Row("investigations:document_download", case_only(200), kwargs=_document),
    Row("investigations:review_create", case_only(200), kwargs=_inv),
    Row(
        "investigations:review_create",
        case_only(302),
        method="POST",
        kwargs=_inv,
        data=lambda p: {"meeting_on": f.days_ago(-7).isoformat(), "facts": ["trafficking_type", "stage"]},
    ),
    Row("investigations:review_detail", case_only(200), kwargs=_review),
    *KIND_ROWS,
    Row("investigations:item_create", case_only(404), kwargs=lambda p: {**_inv(p), "kind": "no-such-kind"}),
    Row(
        "investigations:item_create",
        case_only(302),
        method="POST",
        kwargs=_kind("victims"),
        data=lambda p: {
            "reference": "V-9",
            "age_band": "18-24",
            "gender": "male",
            "citizenship": "foreign_national",
            "trafficking_type": "labor",
        },
    ),
    Row("investigations:item_create", case_only(404), kwargs=lambda p: {**_foreign(p), "kind": "subjects"}),
    Row("investigations:item_edit", case_only(200), kwargs=_item("subjects", f.subject), note="subject"),
    Row("investigations:item_edit", case_only(200), kwargs=_item("victims", f.victim), note="victim"),
    Row("investigations:item_edit", case_only(200), kwargs=_item("charges", f.charge), note="charge"),
    Row("investigations:item_edit", case_only(200), kwargs=_item("tasks", f.task), note="task"),
    Row(
        "investigations:item_edit",
        case_only(404),
        kwargs=lambda p: {**_foreign(p), "kind": "subjects", "item_id": 999999},
        note="not yours",
    ),
    Row("investigations:intelligence_list", case_only(200)),
    Row("investigations:intelligence_create", case_only(200)),
    Row(
        "investigations:intelligence_create",
        case_only(302),
        method="POST",
        data=lambda p: {
            "subject_summary": "A trucking company",
            "criminal_predicate": "Drivers report wages withheld and documents kept by the owner.",
            "source": "Two interviews",
            "entered_on": f.days_ago(1).isoformat(),
            "review_due_on": f.days_ago(-180).isoformat(),
        },
    ),
    Row("investigations:intelligence_detail", case_only(200), kwargs=_intel),
    Row("investigations:intelligence_detail", case_only(404), kwargs=_foreign_intel, note="another agency's"),
    Row("investigations:intelligence_edit", case_only(200), kwargs=_intel),
    Row(
        "investigations:intelligence_review",
        case_only(302),
        method="POST",
        kwargs=_intel,
        data=lambda p: {"outcome": "keep", "next_review_on": f.days_ago(-300).isoformat()},
    ),
]
