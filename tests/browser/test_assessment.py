"""Assessment in a real browser, on the seeded demo task force (issue 9's "done when"):

the coordinator opens a Roadmap round; an investigator, an advocate and a member each find it on their home
page and answer; the coordinator sees medians, spread and the discipline gap per element beside the last round,
turns the low element into a governance action item with one click, and finds the isolated member on the
network page. Every assessment page passes axe.
"""

from __future__ import annotations

import re
from typing import Any

from accord.assessment.seed import ISOLATED
from accord.governance.models import ActionItem
from tests.browser.helpers import check_page, sign_in

TITLE = "Roadmap self-assessment, this autumn"
LOW = "survivor-engagement"
LOW_TEXT = "Survivors are engaged"
# Each persona's stage for every element but the low one (which all three put at 1).
STAGES = {"investigator": "4", "advocate": "2", "member": "3"}


def _open_round(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/assessment/")
    check_page(page, "coordinator", "assessment-index")
    section = page.locator("section:has(h2:has-text('Roadmap self-assessment'))")
    section.locator("input[name=title]").fill(TITLE)
    section.locator("button:has-text('Open a round')").click()
    page.wait_for_url(re.compile(r".*/assessment/rounds/\d+/$"))
    assert "is open" in page.inner_text("main")
    check_page(page, "coordinator", "assessment-round-open")


def _respond(page: Any, live_server: Any, persona: str) -> None:
    sign_in(page, live_server, persona)
    panel = page.locator("section:has(h2:text-is('Assessments awaiting your answer'))")
    panel.locator(f"a:text-is('{TITLE}')").click()
    page.wait_for_url(re.compile(r".*/assessment/rounds/\d+/$"))
    check_page(page, persona, "assessment-answer")
    selects = page.locator("#answer-form select")
    for i in range(selects.count()):
        select = selects.nth(i)
        low = LOW_TEXT in page.inner_text(f"label[for='{select.get_attribute('id')}']")
        select.select_option("1" if low else STAGES[persona])
    page.click("#answer-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/assessment/rounds/\d+/$"))
    assert "your answers are saved" in page.inner_text("main")


def test_a_round_from_opening_to_an_action_item_and_the_network(new_page: Any, live_server: Any) -> None:
    coordinator = new_page()
    sign_in(coordinator, live_server, "coordinator")
    _open_round(coordinator, live_server)
    round_url = coordinator.url

    for persona in STAGES:
        _respond(new_page(), live_server, persona)

    coordinator.goto(round_url + "results/")
    check_page(coordinator, "coordinator", "assessment-results")
    summary = coordinator.inner_text("#results-summary")
    assert "3 respondents from 3 organizations" in summary and "Compared with" in summary
    row = coordinator.locator("#element-leadership")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "3"  # three answers, median 3
    assert cells[2].startswith("2.5–3.5") and "range 2–4" in cells[2]  # spread
    assert "Not broken out" in cells[3]  # three people: no discipline reaches k
    assert re.match(r"\d(\.5)?\s+gap (\d|not broken out)", cells[4]), cells[4]  # the last round beside it
    assert any(
        "gap 1" in text or "gap 2" in text for text in coordinator.locator(".assessment-previous").all_inner_texts()
    )

    low = coordinator.locator(f"#element-{LOW}")
    assert "low" in low.inner_text().lower()
    before = ActionItem.objects.count()
    low.locator("button:has-text('Propose action item')").click()
    coordinator.wait_for_url(re.compile(r".*/results/#element-.*"))
    assert "Action item proposed for" in coordinator.inner_text("main")
    assert "action item proposed" in coordinator.locator(f"#element-{LOW}").inner_text().lower()
    assert ActionItem.objects.count() == before + 1
    assert ActionItem.objects.filter(title__startswith=f"Proposed from {TITLE}").exists()
    check_page(coordinator, "coordinator", "assessment-action-proposed")

    coordinator.goto(f"{live_server.url}/assessment/network/")
    coordinator.wait_for_selector("#network-chart[data-ready]")
    assert ISOLATED in coordinator.inner_text("#isolated")
    check_page(coordinator, "coordinator", "assessment-network")
