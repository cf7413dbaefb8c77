"""Outreach in a real browser, on the seeded demo task force (issue 10's "done when"):

the coordinator sees the reminder for an expiring member certification, records a training for three disciplines
with pre- and post-tests (counts that do not add up are refused first), approves it as the training committee's
chair, imports its attendance sheet through the dry run, sees the knowledge gain and the people trained by
discipline, and is refused a second import of the same sheet. Every outreach page passes axe.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from accord.core.models import User
from accord.outreach.models import Material, OutreachEvent, Training
from tests.browser.helpers import check_page, sign_in, tick

DISCIPLINES = {"law_enforcement": 4, "victim_services": 3, "legal_services": 2}
TITLE = "Labor trafficking indicators for partner agencies"


def _attendees() -> list[User]:
    """Nine active member staff with e-mail: four in law enforcement, three in victim services, two in legal aid."""
    people: list[User] = []
    for sector, count in DISCIPLINES.items():
        found = (
            User.objects.filter(is_active=True, organization__sector=sector)
            .exclude(email="")
            .select_related("organization")
            .order_by("pk")[:count]
        )
        assert len(found) == count, sector
        people += list(found)
    return people


def _sheet(tmp_path: Path) -> Path:
    rows = ["name,email,organization,discipline,pre_test,post_test"]
    for n, person in enumerate(_attendees()):
        rows.append(f"{person.get_full_name()},{person.email},,,{8 + n % 4},{16 + n % 5}")
    path = tmp_path / "sign-in-sheet.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def _people_trained(page: Any, live_server: Any) -> dict[str, int]:
    page.goto(f"{live_server.url}/outreach/")
    rows = page.locator("#people-trained tbody tr")
    counts = {}
    for i in range(rows.count()):
        label, value = rows.nth(i).locator("th, td").all_inner_texts()
        counts[label] = int(value)
    return counts


def _record_training(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/outreach/trainings/")
    check_page(page, "coordinator", "outreach-trainings")
    page.click("main a:has-text('Record a training')")
    page.wait_for_url("**/outreach/trainings/new/")
    check_page(page, "coordinator", "outreach-training-new")
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.fill("#id_title", TITLE)
    page.fill("#id_starts_at", f"{day}T09:00")
    page.fill("#id_ends_at", f"{day}T12:30")
    page.fill("#id_location", "Coordination office, training room")
    page.select_option("#id_sign_in", "named")
    tick(page, "Labor trafficking")
    tick(page, "Recognizing indicators")
    page.fill("#id_trainers", "Dana Cruz, Harbor House\nSam Ortiz, Survivor consultant")
    page.fill("#id_max_score", "20")
    page.fill("#id_pre_test_on", day)
    page.fill("#id_post_test_on", day)
    page.fill("#id_total_attendees", "10")  # does not add up: 4 + 3 + 2 = 9
    for code, count in DISCIPLINES.items():
        page.fill(f"#id_count_{code}", str(count))
    page.click("main form button[type=submit]")
    assert "The counts by discipline add up to 9, not 10." in page.inner_text("main")
    assert not Training.objects.filter(title=TITLE).exists()
    check_page(page, "coordinator", "outreach-training-counts-refused")
    page.fill("#id_total_attendees", "9")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/outreach/trainings/\d+/$"))
    assert TITLE in page.inner_text("h1")
    assert "Awaiting the training committee's approval" in page.inner_text("#approval")


def _approve(page: Any) -> None:
    page.click("label[for='review-decision_0']")
    page.click("#review button[type=submit]")
    page.wait_for_url(re.compile(r".*/outreach/trainings/\d+/$"))
    assert "Approved by the training committee" in page.inner_text("#approval")


def _import_sheet(page: Any, sheet: Path) -> None:
    page.click("main a:has-text('Import the attendance sheet')")
    page.wait_for_url("**/attendance/")
    check_page(page, "coordinator", "outreach-attendance-upload")
    page.set_input_files("#id_file", str(sheet))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/outreach/attendance/\d+/$"))
    assert "Dry run: nothing has changed yet" in page.inner_text("main")
    assert "9 attendees to sign in by name" in page.inner_text("main")
    check_page(page, "coordinator", "outreach-attendance-preview")
    page.click("main button:has-text('Apply this sheet')")
    page.wait_for_url(re.compile(r".*/outreach/trainings/\d+/$"))


def test_the_coordinator_records_a_training_imports_its_sheet_and_sees_the_results(
    new_page: Any, live_server: Any, tmp_path: Path
) -> None:
    page = new_page()
    sign_in(page, live_server, "coordinator")
    panel = page.locator("section:has(h2:text-is('Training certifications expiring'))")
    assert "expires in 20 days" in panel.inner_text()  # the advocate's trauma-informed certification
    check_page(page, "coordinator", "home-certification-reminder")
    before = _people_trained(page, live_server)

    _record_training(page, live_server)
    _approve(page)
    sheet = _sheet(tmp_path)
    _import_sheet(page, sheet)

    gain = page.inner_text("#gain-summary")
    assert re.search(r"Knowledge gain: \+\d+(\.\d)? points", gain) and "9 respondents" in gain
    table = page.inner_text("#by-discipline")
    for label, count in (("Law enforcement", 4), ("Victim services", 3), ("Legal services", 2)):
        assert re.search(rf"{label}\s+{count}\s+{count}\s+\+", table), (label, table)
    names = page.inner_text("#attendees")
    assert all(person.get_full_name() in names for person in _attendees())
    check_page(page, "coordinator", "outreach-training-imported")

    page.click("main a:has-text('Import the attendance sheet')")
    page.set_input_files("#id_file", str(sheet))
    page.click("main form button[type=submit]")
    assert "already imported for this training" in page.inner_text("main")
    check_page(page, "coordinator", "outreach-attendance-duplicate")

    after = _people_trained(page, live_server)
    for label, count in (("Law enforcement", 4), ("Victim services", 3), ("Legal services", 2)):
        assert after[label] == before.get(label, 0) + count, label
    check_page(page, "coordinator", "outreach-index")


def test_names_stay_with_those_allowed_and_the_advocate_is_reminded(new_page: Any, live_server: Any) -> None:
    advocate = new_page()
    sign_in(advocate, live_server, "advocate")
    panel = advocate.locator("section:has(h2:text-is('Training certifications expiring'))")
    assert "Your Victim-centered, trauma-informed response" in " ".join(panel.inner_text().split())
    assert "expires in 20 days" in panel.inner_text()
    check_page(advocate, "advocate", "home-certification-reminder")

    # The investigator is on no training committee and administers nothing: he sees his own name only.
    investigator = new_page()
    sign_in(investigator, live_server, "investigator")
    me = User.objects.get(username="investigator")
    training = Training.objects.filter(attendees__person=me).order_by("-starts_at")[0]
    investigator.goto(f"{live_server.url}/outreach/trainings/{training.pk}/")
    sign_in_section = investigator.inner_text("#attendees")
    assert str(me) in sign_in_section and "not shown" in sign_in_section
    others = training.attendees.exclude(person=me)
    assert others.exists() and not any(a.name in sign_in_section for a in others)
    check_page(investigator, "investigator", "outreach-training-names-hidden")
    investigator.goto(f"{live_server.url}/outreach/records/")
    assert "Your own records" in investigator.inner_text("main")
    check_page(investigator, "investigator", "outreach-records")


def test_every_outreach_page_passes_axe(new_page: Any, live_server: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "coordinator")
    training = Training.objects.filter(sign_in="named", starts_at__lt=timezone.now()).order_by("-starts_at")[0]
    event = OutreachEvent.objects.exclude(partners=None).order_by("-starts_at")[0]
    material = Material.objects.filter(versions__status="pending").distinct()[0]
    pages = {
        "outreach-calendar": "/outreach/calendar/",
        "outreach-training-member": f"/outreach/trainings/{training.pk}/",
        "outreach-training-edit": f"/outreach/trainings/{training.pk}/edit/",
        "outreach-records-all": "/outreach/records/",
        "outreach-certification-new": "/outreach/records/certifications/new/",
        "outreach-network": "/outreach/network/",
        "outreach-events": "/outreach/events/",
        "outreach-event": f"/outreach/events/{event.pk}/",
        "outreach-event-new": "/outreach/events/new/",
        "outreach-partners": "/outreach/partners/",
        "outreach-partner": f"/outreach/partners/{event.partners.first().pk}/",  # type: ignore[union-attr]
        "outreach-materials": "/outreach/materials/",
        "outreach-material-pending": f"/outreach/materials/{material.pk}/",
        "outreach-material-new": "/outreach/materials/new/",
        "outreach-glossary": "/outreach/glossary/",
    }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        check_page(page, "coordinator", name)
    page.goto(f"{live_server.url}/outreach/network/")
    page.click("main summary:has-text('Admit an organization')")
    rpd = User.objects.get(username="supervisor").organization
    page.select_option("#grant-organization", str(rpd.pk))
    page.click("main form[action$='/network/grant/'] button[type=submit]")
    assert "cannot join the referral network until its staff hold the required trainings" in page.inner_text("main")
    check_page(page, "coordinator", "outreach-network-refused")
