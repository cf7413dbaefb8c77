"""Attendance sheets: a dry run that writes nothing, then an apply that writes everything or nothing; bad sheets
are refused with the reason; counts-only trainings never keep a name."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.outreach import actions
from accord.outreach.models import AttendanceImport, Certification, Training, TrainingAttendee
from accord.outreach.models import TestResult as Result
from accord.outreach.tests import factories as f

pytestmark = pytest.mark.django_db


def _upload(personas, training, content: bytes, *, actor=None):
    return actions.attendance_import_upload(
        actor=actor or personas.coordinator, training=training, filename="sign-in.csv", content=content
    )


def _snapshot() -> tuple[int, int, int]:
    return TrainingAttendee.objects.count(), Result.objects.count(), Certification.objects.count()


# --- Member trainings (named sign-in) -------------------------------------------------------------------


def test_a_member_sheet_is_previewed_then_applied_with_certifications(personas):
    training = f.member_training(personas)
    before = _snapshot()
    content = f.sheet(
        personas,
        [
            f"Member Test,{personas.member.email.upper()},,,9,18",  # matched by e-mail, whatever its case
            "Lee Park,,VSP B Shelter,Victim services,7,15",  # no account: by name, no certification
        ],
    )
    batch, plan = _upload(personas, training, content)
    assert plan.ok and [r.action for r in plan.rows] == ["add", "add"]
    assert plan.rows[0].discipline == "Legal services"  # from Partner C's sector
    assert "No Accord account" not in " ".join(plan.rows[0].notes)
    assert _snapshot() == before and batch.status == "previewed"

    applied = actions.attendance_import_apply(actor=personas.member, batch=batch)
    assert applied.counts()["add"] == 2
    member = TrainingAttendee.objects.get(person=personas.member)
    assert member.result.post_score == 18 and member.organization == personas.partner_c
    certification = Certification.objects.get(person=personas.member)
    assert certification.completed_on == training.day and certification.attendee == member
    assert not Certification.objects.filter(attendee__name="Lee Park").exists()
    batch.refresh_from_db()
    assert batch.status == "applied" and bytes(batch.content) == b""
    imported = AuditEvent.objects.get(verb="outreach.attendance_imported")
    assert imported.changes["certified"] == 1 and imported.changes["add"] == 2
    assert "Lee Park" not in str(imported.changes) and "Member Test" not in str(imported.changes)


def test_a_duplicate_import_of_the_same_sheet_is_refused_and_nothing_changes(personas):
    training = f.member_training(personas)
    batch, _plan = _upload(personas, training, f.sheet(personas))
    actions.attendance_import_apply(actor=personas.coordinator, batch=batch)
    before, sheets = _snapshot(), AttendanceImport.objects.count()
    with pytest.raises(ValidationError) as refused:
        _upload(personas, training, f.sheet(personas))
    assert "already imported for this training" in refused.value.message_dict["file"][0]
    assert "count the same people twice" in refused.value.message_dict["file"][0]
    assert _snapshot() == before and AttendanceImport.objects.count() == sheets


def test_two_previews_of_one_sheet_apply_only_once(personas):
    training = f.member_training(personas)
    first, _ = _upload(personas, training, f.sheet(personas))
    second, _ = _upload(personas, training, f.sheet(personas))
    actions.attendance_import_apply(actor=personas.coordinator, batch=first)
    before = _snapshot()
    with pytest.raises(ValidationError, match="already imported"):
        actions.attendance_import_apply(actor=personas.coordinator, batch=second)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "Ana Ruiz,,Agency A Police,,5,9",
            "records 1 attendee from Law enforcement, and this row would be number 2",
        ),
        ("Ana Ruiz,,VSP B Shelter,Health care,5,9", "records 0 attendees from Health care"),
        ("Ana Ruiz,,Nowhere Inc,,5,9", "“Nowhere Inc” is not a member organization"),
        ("Ana Ruiz,,VSP B Shelter,Astronauts,5,9", "unknown value “Astronauts”"),
        ("Ana Ruiz,,Partner C Legal Aid,,5,25", "post_test: 25 is outside 0 to 20"),
        ("Ana Ruiz,,Partner C Legal Aid,,five,9", "“five” is not a number"),
        ("Ana Ruiz,{advocate},,,5,9", "already recorded as attending this training"),
        ("Ana Ruiz,{advocate},Agency A Police,,5,9", "works for VSP B Shelter, not “Agency A Police”"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_the_sheet_cannot_be_applied(personas, row, reason):
    training = f.member_training(personas)
    before = _snapshot()
    content = f.sheet(personas, [row.format(advocate=personas.advocate.email)])
    batch, plan = _upload(personas, training, content)
    assert not plan.ok and reason in " ".join(plan.rows[0].errors)
    assert batch.status == "rejected" and bytes(batch.content) == b""  # kept as a report, without its names
    assert batch.summary["rejected"][0]["line"] == 2
    with pytest.raises(ValidationError, match="already applied or has rejected rows"):
        actions.attendance_import_apply(actor=personas.coordinator, batch=batch)
    assert _snapshot() == before


def test_a_person_twice_in_one_sheet_is_rejected(personas):
    training = f.member_training(personas)
    email = personas.member.email
    _batch, plan = _upload(personas, training, f.sheet(personas, [f"M,{email},,,5,9", f"M,{email},,,6,9"]))
    assert plan.rows[1].errors == ["duplicate: line 2 already names this person."]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (b"name,email\n", "The file has a header but no rows."),
        (b"email,discipline\nx@y.z,Law enforcement\n", "Missing column: name."),
        (b"\xd0\xcf\x11\xe0old excel", "old Excel (.xls) file"),
    ],
)
def test_a_sheet_that_cannot_be_used_is_refused_whole_and_not_kept(personas, content, reason):
    training = f.member_training(personas)
    with pytest.raises(ValidationError, match=reason.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        _upload(personas, training, content)
    assert not AttendanceImport.objects.exists()


def test_a_sheet_over_the_limit_is_refused(personas):
    with pytest.raises(ValidationError, match="the limit is 5 MB"):
        _upload(personas, f.member_training(personas), b"name\n" + b"x" * (5 * 1024 * 1024))
    assert not AttendanceImport.objects.exists()


def test_sheets_are_only_for_trainings_that_took_place(personas):
    with pytest.raises(ValidationError, match="has not started yet"):
        _upload(personas, f.upcoming_training(personas), f.sheet(personas))


def test_scores_need_the_test_dates_on_the_training(personas):
    training = f.member_training(personas)
    Training.objects.filter(pk=training.pk).update(pre_test_on=None)
    training.refresh_from_db()
    _batch, plan = _upload(personas, training, f.sheet(personas))
    assert "the training records no pre-test date" in plan.rows[0].errors[0]


@pytest.mark.parametrize("persona", ["investigator", "advocate", "vsp_admin", "auditor"])
def test_only_those_who_record_trainings_import_sheets(personas, persona):
    with pytest.raises(PermissionDenied):
        _upload(personas, f.member_training(personas), f.sheet(personas), actor=personas.user(persona))


def test_an_xlsx_sheet_reads_like_a_csv(personas):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "E-mail", "Organization", "Discipline", "Pre test", "Post test"])
    sheet.append(["Member Test", personas.member.email, None, None, 10, 19.5])
    out = io.BytesIO()
    workbook.save(out)
    _batch, plan = _upload(personas, f.member_training(personas), out.getvalue())
    assert plan.ok and str(plan.rows[0].post) == "19.5"


# --- Counts-only trainings --------------------------------------------------------------------------------


def test_a_counts_only_sheet_never_keeps_a_name(personas):
    training = f.training(personas)
    content = (
        b"name,email,discipline,pre_test,post_test\n"
        b"Jordan Secret,jordan@example.org,Law enforcement,50,75\n"
        b"Casey Hidden,,Law enforcement,,\n"
        b"Robin Private,,Health care,55%,90%\n"
    )
    batch, plan = _upload(personas, training, content)
    assert plan.ok and [r.action for r in plan.rows] == ["add", "count", "add"]
    stored = bytes(batch.content)
    assert b"Jordan" not in stored and b"jordan@" not in stored and b"Robin" not in stored
    assert "Jordan" not in str(batch.summary) and all("Respondent" in r.label for r in plan.rows)
    actions.attendance_import_apply(actor=personas.coordinator, batch=batch)
    added = Result.objects.filter(source_import=batch)
    assert added.count() == 2 and not added.filter(attendee__isnull=False).exists()
    assert not TrainingAttendee.objects.filter(training=training).exists()
    assert sorted(float(r.post_score) for r in added) == [75.0, 90.0]  # 90% of 100


def test_a_training_without_counts_takes_them_from_its_sheet(personas):
    training = f.training(personas, title="Faith leaders", total_attendees=None)
    content = b"discipline,pre_test,post_test\nFaith-based,40,70\nFaith-based,,\nGeneral public,50,60\n"
    batch, plan = _upload(personas, training, content)
    assert plan.sets_counts and plan.ok
    actions.attendance_import_apply(actor=personas.coordinator, batch=batch)
    training.refresh_from_db()
    assert training.total_attendees == 3
    assert {(a.discipline.code, a.attendees) for a in training.audience_counts.all()} == {("faith", 2), ("public", 1)}


# --- Through the pages --------------------------------------------------------------------------------------


def test_the_coordinator_imports_a_sheet_and_sees_the_knowledge_gain(client, personas):
    training = f.member_training(personas)
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("outreach:attendance_upload", args=[training.pk]),
        {"file": SimpleUploadedFile("sign-in.csv", f.sheet(personas), content_type="text/csv")},
    )
    batch = AttendanceImport.objects.get()
    assert response.url == reverse("outreach:attendance_preview", args=[batch.pk])
    preview = client.get(response.url).content.decode()
    assert "Dry run: nothing has changed yet" in preview and "Member Test" in preview
    response = client.post(reverse("outreach:attendance_apply", args=[batch.pk]))
    assert response.url == reverse("outreach:training_detail", args=[training.pk])
    page = client.get(response.url).content.decode()
    # 8→17 twice and 9→18 once, out of 20: 41.7% → 86.7%.
    assert "+45.0 points" in page and "Member Test" in page
    response = client.post(
        reverse("outreach:attendance_upload", args=[training.pk]),
        {"file": SimpleUploadedFile("again.csv", f.sheet(personas), content_type="text/csv")},
    )
    assert response.status_code == 422 and "already imported" in response.content.decode()
    assert TrainingAttendee.objects.filter(training=training).count() == 3


def test_the_template_has_the_columns(client, personas):
    sign_in(client, personas.advocate)
    response = client.get(reverse("outreach:attendance_template"))
    assert response.content.decode().strip() == "name,email,organization,discipline,pre_test,post_test,completed"


def test_a_preview_is_for_those_who_record_trainings(client, personas):
    batch = f.previewed_sheet(personas)
    sign_in(client, personas.vsp_admin)
    assert client.get(reverse("outreach:attendance_preview", args=[batch.pk])).status_code == 403
    sign_in(client, personas.member)
    assert client.get(reverse("outreach:attendance_preview", args=[999999])).status_code == 404
