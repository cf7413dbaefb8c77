"""Pages through HTTP: recording a meeting, home panels, objectives and indicators, list-page query counts,
and the demo data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.governance import progress
from accord.governance.models import ActionItem, Attendance, Decision, Meeting
from accord.governance.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_a_meeting_and_the_owners_see_their_actions(client, personas):
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("governance:meeting_create"),
        {
            "committee": "",
            "title": "Quarterly meeting",
            "starts_at": "2026-03-01T10:00",
            "ends_at": "2026-03-01T11:30",
            "location": "Room B",
            "agenda": "Updates",
            "minutes": "Members reported.",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("governance:meeting_detail", args=[meeting.pk])
    url = lambda name: reverse(f"governance:{name}", args=[meeting.pk])  # noqa: E731
    client.post(
        url("meeting_attendance"), {"people": [personas.advocate.pk, personas.member.pk, personas.investigator.pk]}
    )
    client.post(url("decision_add"), {"text": "Adopt the protocol", "decided_on": "2026-03-01", "decided_by": "All"})
    for owner, title in ((personas.advocate, "Share the capacity list"), (personas.member, "Draft the letter")):
        due = (timezone.localdate() + timedelta(days=5)).isoformat()
        client.post(url("action_item_add"), {"title": title, "owner": owner.pk, "due_date": due})
    assert Attendance.objects.count() == 3 and Decision.objects.count() == 1 and ActionItem.objects.count() == 2
    page = client.get(url("meeting_detail")).content.decode()
    assert "Law enforcement" in page and "Victim services" in page  # attendance by discipline
    assert AuditEvent.objects.filter(verb="governance.action_item_created").count() == 2

    sign_in(client, personas.advocate)
    home = client.get(reverse("core:home")).content.decode()
    assert "Your action items" in home and "Share the capacity list" in home and "Draft the letter" not in home
    item = ActionItem.objects.get(owner=personas.advocate)
    response = client.post(
        reverse("governance:action_item_close", args=[item.pk]), {"next": "home"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Done" in response.content.decode()
    assert "Share the capacity list" not in client.get(reverse("core:home")).content.decode()


def test_overdue_items_are_flagged_on_the_home_page(client, personas):
    f.action_item(f.tf_meeting(personas), personas.member, days=-3, title="Overdue thing")
    sign_in(client, personas.member)
    body = client.get(reverse("core:home")).content.decode()
    assert "Overdue thing" in body and "1 overdue" in body


def test_the_formation_panel_shows_until_every_step_is_done(client, personas):
    from accord.governance.models import FormationStep

    sign_in(client, personas.coordinator)
    assert "Forming the task force" in client.get(reverse("core:home")).content.decode()
    FormationStep.objects.update(done_on=timezone.localdate())
    assert "Forming the task force" not in client.get(reverse("core:home")).content.decode()


def test_an_objective_linked_to_an_indicator_waits_for_reporting(client, personas, monkeypatch):
    objective = f.objective(personas, indicator_code="victims-identified")
    f.objective(personas, description="Train officers", current_value=Decimal(25))
    sign_in(client, personas.member)
    body = client.get(reverse("governance:charter")).content.decode()
    assert "Linked to indicator <code>victims-identified</code> (arrives with reporting)" in body
    assert "25 (50%)" in body
    monkeypatch.setitem(progress.INDICATORS, "victims-identified", lambda o: Decimal(40))
    assert progress.progress_of(objective) == progress.Progress(Decimal(40), Decimal(50), "indicator")
    body = client.get(reverse("governance:charter")).content.decode()
    assert "40 (80%)" in body and "from indicator victims-identified" in body


def test_the_protocol_checklist_tracks_topics_against_agreements(client, personas):
    from accord.core.models import Term

    agreement = f.agreement(personas, title="Referral protocol", kind="protocol")
    agreement.topics.set([Term.objects.get(vocabulary__code="protocol-topic", code="minors")])
    sign_in(client, personas.advocate)
    body = client.get(reverse("governance:protocol_checklist")).content.decode()
    assert "1 of 8 topics are covered" in body and "Referral protocol" in body


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "governance:meeting_list",
        "governance:committee_list",
        "governance:agreement_list",
        "governance:decision_log",
        "governance:funding_list",
        "governance:stakeholder_list",
        "governance:index",
        "governance:charter",
    ],
)
def test_list_pages_do_not_make_more_queries_with_more_rows(client, personas, url_name):
    def add_rows(n: int) -> None:
        for i in range(n):
            meeting = f.meeting(f.vs_committee(personas), title=f"Meeting {i}-{Meeting.objects.count()}")
            Attendance.objects.create(
                meeting=meeting, person=personas.advocate, organization=personas.vsp_b, discipline="victim_services"
            )
            Decision.objects.create(
                meeting=meeting, text=f"Decision {i}", decided_on=timezone.localdate(), decided_by="All"
            )
            f.action_item(meeting, personas.coordinator, title=f"Item {i}")
            f.agreement(personas, title=f"Agreement {Meeting.objects.count()}")
            f.funding(personas, title=f"Funding {Meeting.objects.count()}")
            f.deadline(personas)
            f.objective(personas, description=f"Objective {i}", owner=personas.member)
            from accord.governance.models import Briefing, Stakeholder

            stakeholder = Stakeholder.objects.create(
                name=f"Person {Meeting.objects.count()}", organization_name="X", category=f.category()
            )
            Briefing.objects.create(stakeholder=stakeholder, held_on=timezone.localdate())

    sign_in(client, personas.coordinator)
    add_rows(2)
    few = _count_queries(client, reverse(url_name))
    add_rows(8)
    many = _count_queries(client, reverse(url_name))
    assert many == few, f"{url_name}: {few} queries with few rows, {many} with more"


def test_the_demo_data_has_what_the_demo_relies_on(db):
    from accord.core import seed
    from accord.governance.models import Agreement, Committee, Reminder

    ctx = seed.run(scale="small", seed=3)
    today = timezone.localdate()
    mou = Agreement.objects.get(title="Task force memorandum of understanding")
    assert mou.status == "in_force" and mou.expiry_date and (mou.expiry_date.month - today.month) % 12 == 1
    assert Reminder.objects.filter(key__startswith=f"agreement:{mou.pk}:expiry").exists()
    overdue = ActionItem.objects.overdue(today)
    assert {i.owner.username for i in overdue} >= {"investigator", "advocate", "coordinator"}
    le = Committee.objects.get(kind="law_enforcement")
    assert le.restricted_to_lanes == ["law_enforcement", "prosecution"] and le.chair == ctx.personas["prosecutor"]
    assert all(m.admits(a.person) for m in le.meetings.all() for a in m.attendance.all())
    assert le.meetings.exclude(minutes="").exists()
