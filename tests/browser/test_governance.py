"""Governance in a real browser, on the seeded demo task force (issue 4's "done when"):

the coordinator sees the expiring MOU's reminder and records a meeting with attendance and two action
items; the owners see them on their home pages (one closes it there); the investigator reads the
law-enforcement committee's minutes, the advocate gets 404; the calendar feeds parse, and only the
investigator's holds the law-enforcement meeting.
"""

from __future__ import annotations

import urllib.request
from datetime import timedelta
from typing import Any

from django.utils import timezone
from icalendar import Calendar

from accord.core.models import User
from accord.governance.models import Meeting
from tests.browser.helpers import check_page, sign_in

MOU = "Expiry of “Task force memorandum of understanding”"


def _pk(username: str) -> str:
    return str(User.objects.get(username=username).pk)


def _record_meeting(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "coordinator")
    check_page(page, "coordinator", "governance-home")
    assert MOU in page.inner_text("main")

    page.goto(f"{live_server.url}/governance/meetings/")
    check_page(page, "coordinator", "governance-meetings")
    page.click("main a:has-text('Schedule a meeting')")
    page.wait_for_url("**/governance/meetings/new/")
    check_page(page, "coordinator", "governance-meeting-new")
    day = timezone.localdate() + timedelta(days=3)
    page.fill("#id_title", "Special task force meeting on the MOU renewal")
    page.fill("#id_starts_at", f"{day.isoformat()}T10:00")
    page.fill("#id_ends_at", f"{day.isoformat()}T11:30")
    page.fill("#id_location", "Coordination office, room B")
    page.fill("#id_agenda", "1. MOU renewal\n2. Next steps")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/governance/meetings/*/")
    assert "Special task force meeting" in page.inner_text("h1")

    page.select_option("#attendance-people", [_pk("advocate"), _pk("member"), _pk("investigator"), _pk("coordinator")])
    page.click("main form[action$='/attendance/'] button[type=submit]")
    page.wait_for_url("**#attendance")
    assert "4 present" in page.inner_text("#attendance")

    for owner, title in (("advocate", "Collect each agency's MOU signatory"), ("member", "Draft the renewal letter")):
        page.click("#action-items summary")
        page.fill("#action-title", title)
        page.select_option("#action-owner", _pk(owner))
        page.fill("#action-due_date", (timezone.localdate() + timedelta(days=10)).isoformat())
        page.click("main form[action$='/action-items/'] button[type=submit]")
        page.wait_for_url("**#action-items")
        assert title in page.inner_text("#action-items")
    check_page(page, "coordinator", "governance-meeting-recorded")


def test_a_meeting_recorded_by_the_coordinator_reaches_the_owners_home_pages(new_page: Any, live_server: Any) -> None:
    _record_meeting(new_page(), live_server)

    advocate = new_page()
    sign_in(advocate, live_server, "advocate")
    panel = advocate.locator("section:has(h2:text-is('Your action items'))")
    assert "Collect each agency's MOU signatory" in panel.inner_text()
    assert "overdue" in panel.inner_text().lower()  # the demo's overdue item is still there
    check_page(advocate, "advocate", "home-action-items")
    panel.locator("li:has-text('Collect each agency') button").click()
    advocate.wait_for_selector("li:has-text('Collect each agency') .usa-tag:text('Done')")
    check_page(advocate, "advocate", "home-action-item-closed")
    advocate.reload()
    assert "Collect each agency's MOU signatory" not in advocate.inner_text("main")

    member = new_page()
    sign_in(member, live_server, "member")
    assert "Draft the renewal letter" in member.inner_text("main")
    assert MOU not in member.inner_text("main")  # reminders are the coordinator's


def test_the_le_committee_minutes_are_for_law_enforcement_only(new_page: Any, live_server: Any) -> None:
    meeting = Meeting.objects.filter(committee__kind="law_enforcement").exclude(minutes="").order_by("-starts_at")[0]
    url = f"{live_server.url}/governance/meetings/{meeting.pk}/"

    investigator = new_page()
    sign_in(investigator, live_server, "investigator")
    investigator.goto(url)
    assert "Case log reviewed by stage" in investigator.inner_text("#minutes-heading + p")
    check_page(investigator, "investigator", "governance-le-meeting")

    advocate = new_page()
    sign_in(advocate, live_server, "advocate")
    response = advocate.goto(url)
    assert response is not None and response.status == 404
    assert "not yours to see" in advocate.inner_text("main")
    advocate.goto(f"{live_server.url}/governance/meetings/")
    assert "Law-enforcement committee" not in advocate.inner_text("main")


def _feed_events(page: Any, live_server: Any, persona: str) -> set[str]:
    sign_in(page, live_server, persona)
    page.goto(f"{live_server.url}/governance/calendar/")
    page.click("main button:has-text('Create my calendar address')")
    feed_url = page.inner_text("#feed-url")
    check_page(page, persona, "governance-calendar")
    with urllib.request.urlopen(feed_url, timeout=10) as response:  # noqa: S310 (the live server's own URL)
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_the_calendar_feed_opens_in_a_calendar_parser(new_page: Any, live_server: Any) -> None:
    investigator = _feed_events(new_page(), live_server, "investigator")
    advocate = _feed_events(new_page(), live_server, "advocate")
    assert any(s.startswith("Law-enforcement committee meeting") for s in investigator)
    assert not any(s.startswith("Law-enforcement committee meeting") for s in advocate)
    assert any(s.startswith("Task force meeting") for s in advocate)
    assert any(s.startswith("Action due:") for s in advocate)
