"""The pages, through HTTP: the issue's path end to end, audited reads, bad input and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.investigations.models import Charge, ContinuedPresence, Disposition, Investigation, Subject, Victim
from accord.investigations.tests import factories as f

pytestmark = pytest.mark.django_db


def _add(client, inv, kind, data):
    return client.post(reverse("investigations:item_create", args=[inv.pk, kind]), data)


def test_the_issue_path_labor_case_shared_with_the_usao_charged_pleaded_and_cp_requested(client, personas):
    ausa = f.prosecutor()
    sign_in(client, personas.investigator)
    response = client.post(
        reverse("investigations:create"),
        {
            "case_number": "A-2026-001",
            "name": "Operation Orchard",
            "trafficking_type": "labor",
            "polaris_type": f.term("polaris-type", "polaris-11").pk,
            "origin": "reactive",
            "lead_source": f.term("lead-source", "vsp-referral").pk,
            "opened_on": f.days_ago(40).isoformat(),
        },
    )
    inv = Investigation.objects.get(case_number="A-2026-001")
    assert response.url == reverse("investigations:detail", args=[inv.pk])
    response = client.post(
        reverse("investigations:sharing", args=[inv.pk]), {"organization": f.usao().pk, "reason": "federal charging"}
    )
    assert response.status_code == 302
    _add(
        client,
        inv,
        "subjects",
        {"name": "Victor Crane", "gender": "male", "roles": [f.term("perpetrator-role", "recruiter").pk]},
    )
    subject = Subject.objects.get()
    _add(
        client,
        inv,
        "charges",
        {
            "subject": subject.pk,
            "statute": f.term("statute", "usc-18-1589").pk,
            "nibrs_offense": f.term("nibrs-offense", "64B").pk,
            "is_trafficking_charge": "on",
            "counts": 2,
            "filed_on": f.days_ago(10).isoformat(),
        },
    )
    charge = Charge.objects.get()
    _add(
        client,
        inv,
        "dispositions",
        {
            "charge": charge.pk,
            "outcome": "plea",
            "disposed_on": f.days_ago(1).isoformat(),
            "sentence": "87 months",
            "custody_months": 87,
            "restitution_ordered": "30000",
        },
    )
    _add(
        client,
        inv,
        "victims",
        {
            "reference": "V-1",
            "age_band": "25-34",
            "gender": "male",
            "citizenship": "foreign_national",
            "trafficking_type": "labor",
        },
    )
    victim = Victim.objects.get()
    _add(
        client,
        inv,
        "continued-presence",
        {
            "victim": victim.pk,
            "federal_partner": f.hsi().pk,
            "requested_on": f.days_ago(1).isoformat(),
            "status": "requested",
        },
    )
    assert Disposition.objects.get().charge == charge
    assert ContinuedPresence.objects.get().federal_partner == f.hsi()
    for verb in (
        "investigation.created",
        "investigation.shared",
        "subject.created",
        "charge.created",
        "disposition.created",
        "victim.created",
        "continued_presence.created",
    ):
        assert AuditEvent.objects.filter(verb=verb, actor_id=personas.investigator.pk).exists(), verb

    sign_in(client, ausa)
    log = client.get(reverse("investigations:case_log"))
    [group] = log.context["groups"]
    assert group["stage"] == "adjudicated" and [i.pk for i in group["investigations"]] == [inv.pk]
    assert b"A-2026-001" in log.content and b"Victor Crane" not in log.content
    assert client.get(reverse("investigations:detail", args=[inv.pk])).status_code == 200

    sign_in(client, personas.advocate)
    assert client.get(reverse("investigations:detail", args=[inv.pk])).status_code == 404


def test_reading_the_case_records_who_saw_its_subjects_and_victims(client, personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    subject = f.subject(inv)
    victim = f.victim(inv)
    sign_in(client, personas.investigator)
    response = client.get(reverse("investigations:detail", args=[inv.pk]))
    assert b"Victor Crane" in response.content
    seen = AuditEvent.objects.get(verb="subject.viewed", actor_id=personas.investigator.pk)
    assert seen.changes == {"subject_ids": [subject.pk]} and seen.target_id == str(inv.pk)
    assert AuditEvent.objects.get(verb="victim.viewed").changes == {"victim_ids": [victim.pk]}
    client.get(reverse("investigations:item_create", args=[inv.pk, "charges"]))  # the subject list shows names
    assert AuditEvent.objects.filter(verb="subject.viewed").count() == 2
    f.continued_presence(inv, victim=victim)
    client.get(reverse("investigations:relief"))  # lists pending relief by victim reference
    listed = AuditEvent.objects.get(verb="victim.viewed", changes__page="relief")
    assert listed.changes["victim_ids"] == [victim.pk]


def test_bad_input_on_a_form_shows_a_clear_message_and_changes_nothing(client, personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    victim = f.victim(inv)
    sign_in(client, personas.investigator)
    response = _add(
        client,
        inv,
        "continued-presence",
        {"victim": victim.pk, "requested_on": f.days_ago(1).isoformat(), "status": "requested"},
    )
    assert response.status_code == 422
    assert "name the federal partner" in response.content.decode()
    response = _add(client, inv, "dispositions", {"outcome": "plea", "disposed_on": f.days_ago(1).isoformat()})
    assert "must name the charge" in response.content.decode()
    response = client.post(
        reverse("investigations:edit", args=[inv.pk]),
        {
            "case_number": inv.case_number,
            "trafficking_type": "labor",
            "origin": "reactive",
            "lead_source": inv.lead_source_id,
            "status": "closed",
            "opened_on": inv.opened_on.isoformat(),
            "closed_on": f.days_ago(400).isoformat(),
        },
    )
    assert "cannot be before the opening date" in response.content.decode()
    assert not ContinuedPresence.objects.exists() and not Disposition.objects.exists()
    inv.refresh_from_db()
    assert inv.status == "open"


def test_a_document_is_checked_stored_and_downloaded_only_through_the_audited_view(
    client, personas, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    inv = f.investigation(personas.agency_a, personas.investigator)
    sign_in(client, personas.investigator)
    url = reverse("investigations:document_upload", args=[inv.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")})
    assert "not a PDF" in bad.content.decode()
    client.post(url, {"title": "Interview", "file": SimpleUploadedFile("notes.txt", b"interview notes", "text/plain")})
    document = inv.documents.get()
    response = client.get(reverse("investigations:document_download", args=[inv.pk, document.pk]))
    assert b"".join(response.streaming_content) == b"interview notes"
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(verb="document.downloaded", target_id=str(document.pk)).exists()
    sign_in(client, f.staff(f.agency_d(), "deputy"))
    assert client.get(reverse("investigations:document_download", args=[inv.pk, document.pk])).status_code == 404


def test_marking_a_task_done_with_htmx_returns_the_row(client, personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    task = f.task(inv)
    sign_in(client, personas.investigator)
    response = client.post(reverse("investigations:task_done", args=[inv.pk, task.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'id="task-{task.pk}"' in response.content.decode()
    assert "Done" in response.content.decode()


def test_the_prosecutor_decides_on_the_referral_page(client, personas):
    from accord.investigations import actions
    from accord.investigations.models import ProsecutionReferral

    inv = f.investigation(personas.agency_a, personas.investigator)
    referral = actions.referral_save(
        actor=personas.investigator,
        referral=ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(3)),
    )
    sign_in(client, f.prosecutor())
    assert b"Accept or decline" in client.get(reverse("investigations:detail", args=[inv.pk])).content
    url = reverse("investigations:referral_decide", args=[inv.pk, referral.pk])
    response = client.post(url, {"decision": "accepted", "decided_on": f.days_ago(1).isoformat()})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == "accepted"


def _several_cases(personas, count: int) -> None:
    usao = f.usao()
    for _ in range(count):
        inv = f.investigation(personas.agency_a, personas.investigator)
        f.share(inv, usao)
        f.share(inv, f.agency_d())
        f.charge(inv)
        f.continued_presence(inv)
        f.task(inv)


@pytest.mark.parametrize("url_name", ["investigations:list", "investigations:case_log", "investigations:relief"])
def test_list_pages_do_not_grow_queries_with_rows(client, personas, url_name):
    sign_in(client, personas.investigator)
    _several_cases(personas, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _several_cases(personas, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_the_case_page_does_not_grow_queries_with_records(client, personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    sign_in(client, personas.investigator)
    f.charge(inv)
    f.task(inv)
    f.continued_presence(inv)
    url = reverse("investigations:detail", args=[inv.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        f.charge(inv)
        f.task(inv)
        f.continued_presence(inv, victim=f.victim(inv, f"V-{n + 2}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_the_demo_seed_is_valid_and_covers_every_stage(db):
    from django.core.exceptions import ValidationError

    from accord.core import seed
    from accord.core.models import User
    from accord.investigations import models

    seed.run(scale="small", seed=3)
    stages = set(models.Investigation.objects.with_stage().values_list("stage", flat=True))
    assert stages == set(models.Stage.values)
    assert {"sex", "labor"} <= set(models.Investigation.objects.values_list("trafficking_type", flat=True))
    for model in (
        models.Investigation,
        models.Subject,
        models.Charge,
        models.Disposition,
        models.ProsecutionReferral,
        models.ContinuedPresence,
        models.Certification,
        models.Task,
        models.IntelligenceRecord,
    ):
        for record in model.objects.all():
            try:
                record.full_clean()
            except ValidationError as error:  # pragma: no cover - the message names the bad record
                pytest.fail(f"{record}: {error.message_dict}")
    ausa = User.objects.get(username="ausa")
    assert models.Investigation.objects.visible_to(ausa).shared().exists()
    prosecutor = User.objects.get(username="prosecutor")
    assert models.ProsecutionReferral.objects.filter(office=prosecutor.organization, decision="pending").exists()


def test_the_intelligence_list_does_not_grow_queries_with_rows(client, personas):
    sign_in(client, personas.investigator)
    inv = f.investigation(personas.agency_a, personas.investigator)
    f.intelligence(personas.agency_a, personas.investigator, investigation=inv)
    url = reverse("investigations:intelligence_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(15):
        f.intelligence(personas.agency_a, personas.investigator, investigation=inv)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["page"]) == 16
    assert len(many.captured_queries) <= len(few.captured_queries)
