"""The investigations issue's path in a real browser: an investigator opens a labor-trafficking investigation,
shares it with the U.S. Attorney's Office, records a charge and a plea, requests Continued Presence through a
federal partner; the Assistant U.S. Attorney sees it in the case log; an advocate gets 404 on every investigation
URL. axe-core checks every page on the way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.browser.helpers import check_page, sign_in, tick

CASE = "RPD-2026-0900"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _save(page: Any) -> None:
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _add(page: Any, link: str) -> None:
    page.click(f"main a:text-is({link!r})")
    page.wait_for_load_state()


def test_investigator_to_prosecutor_and_the_advocate_is_refused(new_page: Any, live_server: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "investigator")
    page.goto(f"{live_server.url}/investigations/")
    check_page(page, "investigator", "investigations")
    page.click("text=Open an investigation")
    check_page(page, "investigator", "investigation-new")
    page.fill("#id_case_number", CASE)
    page.fill("#id_name", "Operation Orchard")
    page.select_option("#id_trafficking_type", "labor")
    page.select_option("#id_polaris_type", label="Agriculture and Animal Husbandry")
    page.select_option("#id_origin", "reactive")
    page.select_option("#id_lead_source", label="Referral from a victim service provider")
    page.fill("#id_opened_on", _day(30))
    _save(page)
    assert f"Investigation {CASE}" in page.inner_text("h1")
    detail = page.url

    page.click("main a:text-is('Sharing')")
    page.select_option("#id_organization", label="United States Attorney's Office, Eastern District")
    page.fill("#id_reason", "Federal charging review")
    _save(page)
    check_page(page, "investigator", "investigation-sharing")
    assert "Federal charging review" in page.inner_text("main table")

    page.goto(detail)
    _add(page, "Add a subject")
    page.fill("#id_name", "Victor Crane")
    tick(page, "Recruiter or intermediary")
    check_page(page, "investigator", "subject-new")
    _save(page)

    _add(page, "Record a charge")
    page.select_option("#id_statute", label="18 U.S.C. § 1589 — Forced labor")
    page.select_option("#id_nibrs_offense", label="64B Human trafficking, involuntary servitude")
    tick(page, "This is a human-trafficking charge")
    page.fill("#id_filed_on", _day(10))
    check_page(page, "investigator", "charge-new")
    _save(page)

    _add(page, "Record a disposition")
    page.select_option("#id_outcome", "plea")
    page.fill("#id_disposed_on", _day(2))
    page.fill("#id_sentence", "87 months' imprisonment")
    page.fill("#id_restitution_ordered", "30000")
    _save(page)
    assert "Guilty plea" in page.inner_text("#enforcement")

    _add(page, "Add a victim")
    page.fill("#id_reference", "V-1")
    page.select_option("#id_age_band", "25-34")
    page.select_option("#id_gender", "male")
    page.select_option("#id_citizenship", "foreign_national")
    page.select_option("#id_trafficking_type", "labor")
    _save(page)

    page.click("main a[href$='/continued-presence/new/']")  # first without naming the federal partner
    page.fill("#id_requested_on", _day(1))
    _save(page)
    assert "name the federal partner" in page.inner_text("main")
    check_page(page, "investigator", "continued-presence-refused")
    page.select_option("#id_federal_partner", label="Homeland Security Investigations, Riverside Office")
    _save(page)
    relief = page.inner_text("#relief")
    assert "Homeland Security Investigations" in relief and "Requested" in relief
    check_page(page, "investigator", "investigation-detail")

    prosecutor = new_page()
    sign_in(prosecutor, live_server, "ausa")
    prosecutor.goto(f"{live_server.url}/investigations/case-log/")
    check_page(prosecutor, "ausa", "case-log")
    assert CASE in prosecutor.inner_text("main")
    prosecutor.click(f"text={CASE}")
    assert "87 months" in prosecutor.inner_text("#enforcement")

    advocate = new_page()
    sign_in(advocate, live_server, "advocate")
    investigation_id = detail.rstrip("/").rsplit("/", 1)[1]
    for path in [
        "/investigations/",
        f"/investigations/{investigation_id}/",
        "/investigations/case-log/",
        f"/investigations/{investigation_id}/subjects/new/",
        "/investigations/relief/",
    ]:
        response = advocate.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        assert "Victor Crane" not in advocate.content()
    check_page(advocate, "advocate", "investigation-404")
