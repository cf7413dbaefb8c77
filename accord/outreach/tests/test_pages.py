"""Pages through HTTP, persona by persona: who sees attendee names and training records, the home-page panels,
the calendar, list-page query counts, and the demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.governance import actions as governance_actions
from accord.outreach.models import (
    Certification,
    CommunityPartner,
    Engagement,
    FollowUp,
    GlossaryTerm,
    OutreachEvent,
    Training,
)
from accord.outreach.tests import factories as f

pytestmark = pytest.mark.django_db


def _page(client, user, url_name: str, **kwargs) -> str:
    sign_in(client, user)
    response = client.get(reverse(url_name, kwargs=kwargs or None))
    assert response.status_code == 200
    return response.content.decode()


# --- Attendee names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_advocate", "sees_investigator"),
    [
        ("coordinator", True, True),
        ("member", True, True),  # chairs the training committee
        ("vsp_admin", True, False),  # administers VSP B, the advocate's organization
        ("advocate", True, False),  # her own attendance
        ("investigator", False, True),  # his own attendance
        ("auditor", False, False),
    ],
)
def test_member_training_names_are_seen_only_by_those_allowed(
    client, personas, persona, sees_advocate, sees_investigator
):
    training = f.member_training(personas)
    body = _page(client, personas.user(persona), "outreach:training_detail", training_id=training.pk)
    assert (str(personas.advocate) in body) is sees_advocate
    assert (str(personas.investigator) in body) is sees_investigator
    assert "Victim services" in body and "Law enforcement" in body  # the counts by discipline are for everyone
    hidden = 2 - sees_advocate - sees_investigator
    if hidden:
        other = "other " if sees_advocate or sees_investigator else ""
        assert f"{hidden} {other}attendee{'s' if hidden > 1 else ''} {'are' if hidden > 1 else 'is'} not shown" in body


@pytest.mark.parametrize(("persona", "shown"), [("coordinator", True), ("member", True), ("vsp_admin", False)])
def test_a_member_trainings_small_score_groups_are_withheld_outside_the_committee(client, personas, persona, shown):
    training = f.member_training(personas)  # 2 respondents, out of 20: 8 → 17 each
    body = _page(client, personas.user(persona), "outreach:training_detail", training_id=training.pk)
    assert ("+45.0 points" in body) is shown
    assert ("Withheld (too few people)" in body) is not shown


def test_a_counts_only_training_shows_no_names_and_its_knowledge_gain(client, personas):
    training = f.training(personas)
    body = _page(client, personas.investigator, "outreach:training_detail", training_id=training.pk)
    assert "keeps counts only" in body
    # Law enforcement: 40→80 and 60→90 (35 points); health care: 50→70 (20 points); overall 50→80.
    assert "+30.0 points" in body and "+35.0 points" in body and "+20.0 points" in body
    assert "(8 in all)" in body


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("coordinator", ["advocate", "investigator", "member"], []),
        ("member", ["advocate", "investigator"], []),
        ("vsp_admin", ["advocate", "vsp_admin"], ["investigator", "member"]),
        ("advocate", ["advocate"], ["investigator", "vsp_admin"]),
        ("investigator", ["investigator"], ["advocate"]),
        ("auditor", [], ["advocate", "investigator"]),
    ],
)
def test_training_records_are_scoped_to_the_reader(client, personas, persona, expected, absent):
    f.committees(personas)
    for who in ("advocate", "investigator", "vsp_admin"):
        f.certification(personas, personas.user(who))
    body = _page(client, personas.user(persona), "outreach:records")
    for who in expected:
        assert str(personas.user(who)) in body, who
    for who in absent:
        assert str(personas.user(who)) not in body, who


# --- Home-page panels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("advocate", True),  # her own
        ("vsp_admin", True),  # her staff's
        ("coordinator", True),
        ("member", True),  # the training committee
        ("investigator", False),
        ("auditor", False),
    ],
)
def test_an_expiring_certification_shows_a_reminder_on_the_home_page(client, personas, persona, shown):
    f.committees(personas)
    f.certification(personas, personas.advocate, days_left=20)
    body = _page(client, personas.user(persona), "core:home")
    assert ("Training certifications expiring" in body) is shown
    if shown:
        assert "Human trafficking fundamentals" in body and "expires in 20 days" in body


def test_a_renewed_certification_is_no_longer_reminded(client, personas, today):
    f.certification(personas, personas.advocate, days_left=20)
    Certification.objects.create(
        person=personas.advocate,
        required_training=f.required(),
        completed_on=today,
        expires_on=today + timedelta(days=730),
    )
    assert "Training certifications expiring" not in _page(client, personas.advocate, "core:home")


def test_the_training_committee_sees_what_awaits_its_approval(client, personas):
    f.upcoming_training(personas)
    f.draft_material(personas)
    body = _page(client, personas.member, "core:home")
    assert "Awaiting the training committee" in body and "Upcoming onboarding" in body
    assert "Draft talking points" in body
    assert "Awaiting the training committee" not in _page(client, personas.coordinator, "core:home")


def test_a_follow_up_reaches_its_owner_who_closes_it_from_home(client, personas, today):
    follow_up = f.follow_up(personas, owner=personas.investigator)
    body = _page(client, personas.investigator, "core:home")
    assert "Your outreach follow-ups" in body and "Send the posters" in body
    response = client.post(
        reverse("outreach:follow_up_done", args=[follow_up.pk]), {"next": "home"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Done" in response.content.decode()
    assert FollowUp.objects.get().done_on == today
    assert AuditEvent.objects.filter(verb="outreach.follow_up_done", actor_id=personas.investigator.pk).exists()
    assert "Your outreach follow-ups" not in _page(client, personas.investigator, "core:home")


# --- Library visibility ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees_draft"), [("member", True), ("coordinator", True), ("advocate", False)])
def test_drafts_are_listed_only_for_the_committee_and_the_coordinator(client, personas, persona, sees_draft):
    f.material(personas)
    f.draft_material(personas)
    body = _page(client, personas.user(persona), "outreach:material_list")
    assert "Hotline poster" in body
    assert ("Draft talking points" in body) is sees_draft


def test_a_download_is_audited(client, personas):
    version = f.version(personas)
    sign_in(client, personas.advocate)
    response = client.get(reverse("outreach:version_download", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(verb="outreach.material_downloaded", actor_id=personas.advocate.pk).exists()


# --- Calendar -----------------------------------------------------------------------------------------


def test_trainings_and_events_join_the_shared_calendar_feed(client, personas, today):
    f.upcoming_training(personas)
    f.event(
        personas,
        title="Resource fair",
        starts_at=f.at(today + timedelta(days=5), 10),
        ends_at=f.at(today + timedelta(days=5), 12),
        reach=None,
    )
    token = governance_actions.calendar_token_reset(actor=personas.advocate)
    response = client.get(reverse("governance:calendar_feed", args=[token]))
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert "Training: Upcoming onboarding" in summaries and "Outreach: Resource fair" in summaries
    assert b"Advocate" not in response.content  # entries carry no attendees


def test_one_training_downloads_as_an_ics_file(client, personas):
    training = f.upcoming_training(personas)
    sign_in(client, personas.member)
    response = client.get(reverse("outreach:training_ics", args=[training.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Training: Upcoming onboarding"]
    body = _page(client, personas.member, "outreach:calendar")
    assert "Upcoming onboarding" in body


# --- Forms through HTTP ---------------------------------------------------------------------------------


def test_counts_that_do_not_add_up_come_back_with_the_reason(client, personas, today):
    f.committees(personas)
    sign_in(client, personas.coordinator)
    day = (today - timedelta(days=2)).isoformat()
    data = {
        "title": "Hotel staff",
        "starts_at": f"{day}T09:00",
        "ends_at": f"{day}T12:00",
        "format": "in_person",
        "session_type": "standard",
        "sign_in": "counts",
        "total_attendees": 20,
        "max_score": 100,
        "count_hospitality": 12,
        "count_business": 7,
    }
    response = client.post(reverse("outreach:training_create"), data)
    assert "The counts by discipline add up to 19, not 20." in response.content.decode()
    assert not Training.objects.exists()
    data["post_test_on"] = (today - timedelta(days=3)).isoformat()
    data["count_business"] = 8
    response = client.post(reverse("outreach:training_create"), data)
    assert "cannot come before the training" in response.content.decode() and not Training.objects.exists()
    del data["post_test_on"]
    response = client.post(reverse("outreach:training_create"), data)
    training = Training.objects.get()
    assert response.status_code == 302 and training.total_attendees == 20
    assert AuditEvent.objects.filter(verb="outreach.training_created", target_id=str(training.pk)).exists()


def test_a_partner_with_contacts_and_history(client, personas, today):
    f.committees(personas)
    sign_in(client, personas.advocate)
    client.post(
        reverse("outreach:partner_create"), {"name": "Open Table Food Bank", "kind": "nonprofit", "is_active": "on"}
    )
    partner = CommunityPartner.objects.get()
    client.post(reverse("outreach:contact_add", args=[partner.pk]), {"name": "Pat Lee", "phone": "(217) 555-0123"})
    client.post(
        reverse("outreach:engagement_add", args=[partner.pk]),
        {"occurred_on": today.isoformat(), "kind": "meeting", "summary": "Planned the food-box inserts."},
    )
    f.event(personas).partners.add(partner)
    body = _page(client, personas.investigator, "outreach:partner_detail", partner_id=partner.pk)
    assert "Pat Lee" in body and "tel:+12175550123" in body
    assert "Planned the food-box inserts." in body and "Awareness evening" in body
    assert Engagement.objects.count() == 1


def test_glossary_search(client, personas):
    f.glossary_term()
    GlossaryTerm.objects.create(term="T visa", definition="Immigration relief for victims.")
    body = _page(client, personas.member, "outreach:glossary")
    assert "Debt bondage" in body and "T visa" in body
    sign_in(client, personas.member)
    body = client.get(reverse("outreach:glossary") + "?q=visa").content.decode()
    assert "T visa" in body and "Debt bondage" not in body


# --- Query counts --------------------------------------------------------------------------------------


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_rows(personas, n: int) -> None:
    today = timezone.localdate()
    from accord.outreach.models import MaterialVersion, NetworkMembership, TrainingAudience

    for _ in range(n):
        i = Training.objects.count()
        training = f.training(personas, title=f"Training {i}")
        TrainingAudience.objects.create(training=training, discipline=f.audience("education"), attendees=4)
        event = f.event(personas, title=f"Event {i}")
        event.partners.add(CommunityPartner.objects.create(name=f"Partner {i}", kind="faith"))
        FollowUp.objects.create(event=event, description="x", owner=personas.member, due_on=today)
        material = f.material(personas, title=f"Material {i}")
        MaterialVersion.objects.create(material=material, number=2, text="Points", status="pending")
        GlossaryTerm.objects.create(term=f"Term {i}", definition="A definition.")
        f.certification(personas, personas.advocate, name=f"Required {i}")
        f.certification(personas, personas.member, name=f"Required {i}")
        organization = f.make_org(f"Org {i}")
        NetworkMembership.objects.create(organization=organization)


@pytest.mark.parametrize(
    "url_name",
    [
        "outreach:index",
        "outreach:training_list",
        "outreach:event_list",
        "outreach:partner_list",
        "outreach:material_list",
        "outreach:glossary",
        "outreach:records",
        "outreach:network",
        "outreach:calendar",
    ],
)
def test_list_pages_do_not_make_more_queries_with_more_rows(client, personas, url_name):
    sign_in(client, personas.coordinator)
    _add_rows(personas, 2)
    few = _count_queries(client, reverse(url_name))
    _add_rows(personas, 6)
    many = _count_queries(client, reverse(url_name))
    assert many == few, f"{url_name}: {few} queries with few rows, {many} with more"


def test_the_training_page_makes_the_same_queries_with_more_attendees(client, personas):
    from accord.core.testing import make_user
    from accord.outreach.models import TestResult as Result
    from accord.outreach.models import TrainingAttendee, TrainingAudience

    training = f.member_training(personas)
    sign_in(client, personas.coordinator)
    url = reverse("outreach:training_detail", args=[training.pk])
    few = _count_queries(client, url)
    TrainingAudience.objects.filter(training=training, discipline=f.audience("victim_services")).update(attendees=8)
    for n in range(6):
        person = make_user(f"staff{n}", personas.vsp_b, "advocate", mfa=False)
        attendee = TrainingAttendee.objects.create(
            training=training,
            person=person,
            name=str(person),
            organization=personas.vsp_b,
            discipline=f.audience("victim_services"),
        )
        Result.objects.create(
            training=training, attendee=attendee, discipline=attendee.discipline, pre_score=5, post_score=9
        )
    assert _count_queries(client, url) == few


# --- The demo data --------------------------------------------------------------------------------------


def test_the_demo_data_has_what_the_demo_relies_on(db, client, today):
    from accord.core import seed
    from accord.outreach import indicators, queries
    from accord.outreach.models import NetworkMembership

    ctx = seed.run(scale="small", seed=3)
    people = ctx.personas
    expiring = queries.expiring_certifications(people["coordinator"])
    assert {(c.person.username, c.days_left()) for c in expiring} >= {("advocate", 20), ("member", 45)}
    members = set(NetworkMembership.objects.filter(status="active").values_list("organization__short_name", flat=True))
    assert members == {"Harbor", "LAV", "DCFS"}
    readiness = queries.network_readiness([m.organization for m in NetworkMembership.objects.all()])
    assert all(r.ready for r in readiness.values())
    rpd = people["supervisor"].organization
    assert not queries.network_readiness([rpd])[rpd.pk].ready
    period = indicators.Period.last_days(730)
    assert len(indicators.people_trained(period, people["member"]).cells) >= 10
    assert indicators.knowledge_gain(period, people["member"]).overall.points > 10
    assert indicators.outreach_reach(period, people["member"]).total > 0
    assert Training.objects.upcoming().exists() and OutreachEvent.objects.upcoming().exists()
    assert FollowUp.objects.filter(owner=people["member"], done_on__isnull=True, due_on__lt=today).exists()
    assert not mail.outbox  # the seed writes reminders without e-mail
    sign_in(client, people["coordinator"])
    home = client.get(reverse("core:home")).content.decode()
    assert "Training certifications expiring" in home and "expires in 20 days" in home
