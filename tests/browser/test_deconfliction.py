"""The deconfliction issue's path in a real browser: the Riverside investigator enters a phone and a person that
the State Bureau of Investigation already has (seeded); both agencies see the hit with each other's contact and
nothing else; the link chart draws the cluster. axe-core checks every page on the way."""

from __future__ import annotations

from typing import Any

from tests.browser.helpers import check_page, sign_in


def _enter(page: Any, live_server: Any, kind: str, value: str, **fields: str) -> str:
    page.goto(f"{live_server.url}/deconfliction/targets/new/")
    page.select_option("#id_investigation", index=1)
    page.select_option("#id_kind", kind)
    page.fill("#id_value", value)
    for name, text in fields.items():
        page.fill(f"#id_{name}", text)
    page.fill("#id_purpose", "Lead follow-up: tip from the hotline")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return page.inner_text("main")


def test_two_agencies_learn_of_each_other_and_nothing_more(new_page: Any, live_server: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "investigator")
    page.goto(f"{live_server.url}/deconfliction/")
    check_page(page, "investigator", "deconfliction")
    page.goto(f"{live_server.url}/deconfliction/targets/new/")
    check_page(page, "investigator", "deconfliction-target-new")

    phone = _enter(page, live_server, "phone", "512-555-0142")
    assert "Conflict: 1 other agency works this" in phone
    assert "State Bureau of Investigation" in phone
    check_page(page, "investigator", "deconfliction-target-hit")
    person = _enter(page, live_server, "person", "Memo Rodriguez", date_of_birth="1986-04-17")
    assert "Conflict: 1 other agency works this" in person

    page.click("main ul.usa-list a:has-text('Conflict')")
    page.wait_for_load_state()
    check_page(page, "investigator", "deconfliction-hit")
    hit = page.inner_text("main")
    assert "Whom to call" in hit and "State Bureau of Investigation" in hit and "Call " in hit
    assert "Guillermo" not in hit and "(512) 555-0142" not in hit  # the other agency's record stays theirs

    page.goto(f"{live_server.url}/deconfliction/links/")
    page.fill("#id_purpose", "Chart the Rodriguez lead")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#link-chart[data-ready]")
    check_page(page, "investigator", "deconfliction-links")
    assert int(page.get_attribute("#link-chart", "data-ready") or 0) > 0

    analyst = new_page()
    sign_in(analyst, live_server, "analyst")
    assert "open conflict" in analyst.inner_text("main")
    analyst.click("main a:has-text('open conflict')")
    analyst.wait_for_load_state()
    check_page(analyst, "analyst", "deconfliction-hits")
    listing = analyst.inner_text("main")
    assert "Riverside Police Department" in listing
    assert "Memo" not in listing and "512-555-0142" not in listing
