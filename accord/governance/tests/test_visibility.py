"""The law-enforcement committee's meetings and papers exist only for law enforcement and prosecution, on
every page and in the calendar feed; the feed is reached by a secret that can be reset."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from accord.core import calendar
from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.governance import actions
from accord.governance.models import CalendarFeedToken, Decision
from accord.governance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(personas):
    le = f.le_meeting(personas)
    le.minutes = "Case log reviewed: two matters pending grand jury."
    le.save()
    tf = f.meeting(None, title="Quarterly task force meeting", days=10)
    Decision.objects.create(
        meeting=le,
        text="Deconflict operations 48 hours ahead",
        decided_on=le.starts_at.date(),
        decided_by="LE committee",
    )
    Decision.objects.create(
        meeting=tf, text="Adopt the referral protocol", decided_on=tf.starts_at.date(), decided_by="Members"
    )
    return {"le": le, "tf": tf}


def test_an_investigator_reads_the_le_committees_minutes(client, personas, meetings):
    sign_in(client, personas.investigator)
    response = client.get(reverse("governance:meeting_detail", args=[meetings["le"].pk]))
    assert response.status_code == 200 and "two matters pending grand jury" in response.content.decode()
    viewed = AuditEvent.objects.get(verb="governance.restricted_meeting_viewed")
    assert viewed.actor_id == personas.investigator.pk and viewed.target_id == str(meetings["le"].pk)
    client.get(reverse("governance:meeting_detail", args=[meetings["tf"].pk]))
    assert AuditEvent.objects.filter(verb="governance.restricted_meeting_viewed").count() == 1


@pytest.mark.parametrize("persona", ["advocate", "vsp_admin", "member", "coordinator", "auditor"])
def test_everyone_else_gets_404_and_sees_no_trace_of_it(client, personas, meetings, persona):
    sign_in(client, personas.user(persona))
    le = meetings["le"]
    assert client.get(reverse("governance:meeting_detail", args=[le.pk])).status_code == 404
    assert client.get(reverse("governance:committee_detail", args=[le.committee_id])).status_code == 404
    for url_name in ("governance:meeting_list", "governance:committee_list", "governance:decision_log"):
        body = client.get(reverse(url_name)).content.decode()
        assert "Law-enforcement committee" not in body, url_name
        assert "Deconflict operations" not in body, url_name
    assert "Adopt the referral protocol" in client.get(reverse("governance:decision_log")).content.decode()


def test_the_decision_log_is_searchable(client, personas, meetings):
    sign_in(client, personas.investigator)
    body = client.get(reverse("governance:decision_log"), {"q": "deconflict"}).content.decode()
    assert "Deconflict operations" in body and "Adopt the referral protocol" not in body
    body = client.get(reverse("governance:decision_log"), {"committee": "0"}).content.decode()
    assert "Adopt the referral protocol" in body and "Deconflict operations" not in body


def _feed(client, token: str) -> Calendar:
    response = client.get(reverse("governance:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _summaries(cal: Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in cal.walk("VEVENT")}


def test_the_feed_parses_and_holds_only_what_each_person_may_see(client, personas, meetings):
    f.action_item(meetings["tf"], personas.advocate, title="Circulate the capacity summary")
    investigator = _feed(client, actions.calendar_token_reset(actor=personas.investigator))
    advocate = _feed(client, actions.calendar_token_reset(actor=personas.advocate))
    assert _summaries(investigator) == {"Law-enforcement committee meeting", "Quarterly task force meeting"}
    assert _summaries(advocate) == {"Quarterly task force meeting", "Action due: Circulate the capacity summary"}
    event = next(e for e in investigator.walk("VEVENT") if str(e["SUMMARY"]).startswith("Law"))
    assert event.decoded("DTSTART") == meetings["le"].starts_at
    assert str(event["UID"]) == f"meeting-{meetings['le'].pk}@accord"
    assert str(event["URL"]).endswith(reverse("governance:meeting_detail", args=[meetings["le"].pk]))
    assert "grand jury" not in investigator.to_ical().decode()  # minutes and agendas never leave Accord


def test_the_feed_needs_no_session_and_each_fetch_is_audited(client, personas, meetings):
    token = actions.calendar_token_reset(actor=personas.investigator)
    _feed(client, token)
    event = AuditEvent.objects.get(verb="calendar.feed_fetched")
    assert event.actor_id == personas.investigator.pk
    assert CalendarFeedToken.objects.get().last_used_at is not None


def test_only_a_hash_of_the_secret_is_stored_and_a_reset_kills_the_old_url(client, personas, meetings):
    old = actions.calendar_token_reset(actor=personas.investigator)
    stored = CalendarFeedToken.objects.get(user=personas.investigator)
    assert old not in stored.token_hash and stored.token_hash == calendar.token_hash(old)
    new = actions.calendar_token_reset(actor=personas.investigator)
    assert client.get(reverse("governance:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("governance:calendar_feed", args=[new])).status_code == 200
    assert AuditEvent.objects.filter(verb="calendar.token_reset").count() == 1
    actions.calendar_token_revoke(actor=personas.investigator)
    assert client.get(reverse("governance:calendar_feed", args=[new])).status_code == 404


def test_a_deactivated_account_s_feed_stops(client, personas, meetings):
    token = actions.calendar_token_reset(actor=personas.member)
    personas.member.is_active = False
    personas.member.save()
    assert client.get(reverse("governance:calendar_feed", args=[token])).status_code == 404


def test_the_calendar_page_shows_the_new_url_once(client, personas):
    sign_in(client, personas.advocate)
    body = client.post(reverse("governance:calendar"), {"action": "reset"}).content.decode()
    assert "/governance/calendar/" in body and ".ics" in body and "cannot show it again" in body
    assert ".ics" not in client.get(reverse("governance:calendar")).content.decode()


def test_other_apps_can_add_sources_to_the_same_feed(client, personas, monkeypatch):
    from datetime import date

    entry = calendar.CalendarEntry(uid="training-1@accord", title="Training: indicators", start=date(2031, 5, 1))
    monkeypatch.setattr(calendar, "SOURCES", [*calendar.SOURCES, lambda user: [entry]])
    cal = _feed(client, actions.calendar_token_reset(actor=personas.member))
    assert "Training: indicators" in _summaries(cal)
