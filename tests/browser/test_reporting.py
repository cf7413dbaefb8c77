"""Reporting in a real browser, on the seeded demo task force (issue 8's "done when"):

the coordinator opens the task-force dashboard, generates the victim-services pack for the last half-year and
downloads it as XLSX with small cells suppressed; an advocate sees the same figures unsuppressed for their own
organization only. Every reporting page visited passes axe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from accord.core.models import User
from accord.reporting.periods import Period
from accord.victim_services.models import Client, TraffickingStatus
from tests.browser.helpers import check_page, sign_in

VICTIMS = "vs.victims_identified"


def _figure(page: Any, code: str) -> str:
    return page.locator(f"[data-figure='{code}']").inner_text().strip()


def test_coordinator_generates_the_suppressed_pack_and_an_advocate_sees_their_own_figures(
    new_page: Any, live_server: Any, tmp_path: Path
) -> None:
    period = Period.last_complete("half_year")
    identified = Client.objects.new_in(period.start, period.end).exclude(
        trafficking_status=TraffickingStatus.NOT_A_VICTIM
    )

    page = new_page()
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/reporting/")
    check_page(page, "coordinator", "reporting")
    assert _figure(page, VICTIMS) == str(identified.count())  # the total is large enough to show
    page.get_by_text("Breakdown").first.click()
    assert "<11" in page.locator(f"#figure-{VICTIMS.replace('.', '')}").inner_text()

    page.goto(f"{live_server.url}/reporting/packs/")
    check_page(page, "coordinator", "reporting-packs")
    page.get_by_role("link", name="Open Victim-services pack (TIMS style)").click()
    check_page(page, "coordinator", "reporting-pack-template")
    assert page.locator("#id_period").input_value() == period.key  # the last half-year is the default
    page.select_option("#id_scope", "task_force")
    page.get_by_role("button", name="Generate").click()
    page.wait_for_selector("text=Download as a spreadsheet (XLSX)")
    check_page(page, "coordinator", "reporting-pack")
    assert "<11" in page.inner_text("main")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    path = tmp_path / "pack.xlsx"
    info.value.save_as(path)
    values = [c.value for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None]
    assert "<11" in values  # small cells suppressed
    assert identified.count() in values  # the headline total, as a number

    advocate = User.objects.get(username="advocate")
    own = identified.filter(organization=advocate.organization_id)
    page = new_page()
    sign_in(page, live_server, "advocate")
    page.goto(f"{live_server.url}/reporting/organization/")
    check_page(page, "advocate", "reporting-organization")
    assert _figure(page, VICTIMS) == str(own.count())
    page.get_by_text("Breakdown").first.click()
    table = page.locator(f"#figure-{VICTIMS.replace('.', '')}").inner_text()
    assert "<11" not in table and "*" not in table
    for band in ("18-24", "15-17"):
        n = own.filter(trafficking_type="sex", age_band=band).count()
        assert n and str(n) in table
    page.goto(f"{live_server.url}/reporting/review/")
    check_page(page, "advocate", "reporting-review")
