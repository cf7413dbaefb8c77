"""The directory's path end to end in a real browser: find help (and a gap), one-click capacity,
an import with a bad row, and the HSDS export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.browser.helpers import check_page, sign_in

BAD_IMPORT = (
    "record,organization,service,counties,languages,genders,trafficking_types,citizenship,phone,name\n"
    "offering,Harbor House,food,Riverside,en,all,all,all,,\n"
    "offering,Harbor House,astrology,Riverside,en,all,all,all,,\n"
    "contact,Harbor House,,,,,,,not a phone,Ana Bad\n"
)


def _find(page: Any, county: str) -> None:
    page.goto("/directory/find-help/")
    page.select_option("#id_service", label="Emergency shelter")
    page.select_option("#id_county", label=county)
    page.fill("#id_age", "34")
    page.select_option("#id_gender", label="Man")
    page.select_option("#id_language", label="Spanish")
    page.locator("label[for=id_tonight]").click()
    page.click("main form button[type=submit]")
    page.wait_for_selector("#matches-heading")


def test_new_user_finds_a_shelter_or_sees_the_gap(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "advocate")
    _find(page, "Riverside")
    check_page(page, "advocate", "directory-find-help")
    match = page.locator("article.dir-result--match", has_text="Harbor House Emergency Shelter")
    assert match.count() == 1
    assert "Staff speak Spanish" in match.inner_text() and "Call first" in match.inner_text()

    _find(page, "Marlow")
    assert "No provider in the directory meets every need" in page.inner_text("main")
    check_page(page, "advocate", "directory-find-help-gap")
    page.click("text=See it on the coverage gaps page")
    page.wait_for_url("**/directory/coverage/?population=adult_men")
    check_page(page, "advocate", "directory-coverage")
    row = page.locator("table tr", has=page.locator("th", has_text="Emergency shelter")).first
    columns = [th.inner_text() for th in page.locator("table").first.locator("thead th").all()]
    marlow = row.locator("td").nth(columns.index("Marlow") - 1)
    assert marlow.inner_text().startswith("0") and "No provider" in marlow.inner_text()


def test_provider_updates_capacity_in_one_click(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "vspadmin")
    page.click("text=Confirm them in one click each")
    check_page(page, "vspadmin", "directory-organization")
    panel = page.locator(".dir-result", has_text="Harbor House Emergency Shelter").locator(".dir-capacity")
    panel.get_by_role("button", name="Full").click()
    panel = page.locator(".dir-result", has_text="Harbor House Emergency Shelter").locator(".dir-capacity")
    panel.get_by_text("Saved. Availability confirmed just now.").wait_for()
    assert "Full" in panel.locator(".dir-status").inner_text()
    assert "/directory/organizations/" in page.url  # swapped in place: no page load
    page.reload()
    panel = page.locator(".dir-result", has_text="Harbor House Emergency Shelter").locator(".dir-capacity")
    assert "Confirmed today" in panel.inner_text()


def test_coordinator_import_rejects_a_bad_row_and_exports_hsds(page: Any, live_server: Any, tmp_path: Path) -> None:
    sign_in(page, live_server, "coordinator")
    page.goto("/directory/import/")
    check_page(page, "coordinator", "directory-import")
    upload = tmp_path / "directory.csv"
    upload.write_text(BAD_IMPORT)
    page.set_input_files("#id_file", str(upload))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/directory/import/*/")
    check_page(page, "coordinator", "directory-import-rejected")
    text = page.inner_text("main")
    assert "Nothing can be imported from this file" in text
    assert "unknown service “astrology”" in text and "not a phone number" in text
    assert page.locator("text=Apply this import").count() == 0

    page.goto("/directory/")
    with page.expect_download() as download:
        page.click("text=Open Referral HSDS 3.0 (JSON)")
    document = json.loads(Path(download.value.path()).read_text())
    services = document["tables"]["service"]
    assert any(s["name"] == "Harbor House Emergency Shelter" for s in services)
    assert not any("astrology" in json.dumps(s) for s in services)
