"""Deconfliction pages over HTTP: what each agency sees of a hit, the link chart, exports, the home notice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.deconfliction.models import Hit
from accord.deconfliction.tests import factories as f
from accord.investigations.tests import factories as inv

pytestmark = pytest.mark.django_db


@pytest.fixture
def hit(personas):
    f.other_agency_target("phone", "(512) 555-0142")
    detective = f.detective_d()
    detective.phone, detective.email = "+15125550999", "detective@agency-d.example"
    detective.save()
    case = f.case(personas.agency_a, personas.investigator)
    _, (found,) = f.enter(personas.investigator, case, "phone", "512-555-0142")
    return found


def test_entering_a_target_through_the_page_reports_the_conflict(client, personas):
    f.other_agency_target("person", "Kathy Nguyen", date_of_birth="1990-02-11")
    case = f.case(personas.agency_a, personas.investigator)
    sign_in(client, personas.investigator)
    data = {
        "investigation": case.pk,
        "kind": "person",
        "value": "Katherine Nguyen",
        "date_of_birth": "1990-02-11",
        "purpose": "lead follow-up",
    }
    response = client.post(reverse("deconfliction:target_create"), data, follow=True)
    page = response.content.decode()
    assert "Conflict: 1 other agency works this" in page
    assert "Agency D Sheriff" in page


def test_the_entry_form_offers_and_takes_only_the_agencys_own_open_investigations(client, personas):
    from accord.deconfliction.models import Target
    from accord.investigations.models import Status

    open_case = f.case(personas.agency_a, personas.investigator)
    closed_case = inv.investigation(personas.agency_a, personas.investigator, status=Status.CLOSED)
    their_case = f.case(f.agency_d(), f.detective_d())
    sign_in(client, personas.investigator)
    url = reverse("deconfliction:target_create")

    page = client.get(url).content.decode()
    assert f'value="{open_case.pk}"' in page
    assert f'value="{closed_case.pk}"' not in page and f'value="{their_case.pk}"' not in page

    entry = {"kind": "phone", "value": "512-555-0177", "purpose": "lead follow-up"}
    for refused in (closed_case.pk, their_case.pk, "x"):
        response = client.post(url, {**entry, "investigation": refused})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert f'value="{open_case.pk}"' in response.content.decode()  # the choices are offered again
    assert not Target.objects.filter(owner=personas.agency_a).exists()
    assert client.post(url, {**entry, "investigation": open_case.pk}).status_code == 302
    assert Target.objects.get(owner=personas.agency_a).investigation == open_case


def test_each_side_sees_the_other_agencys_contact_and_nothing_of_its_record(client, personas, hit):
    sign_in(client, personas.investigator)
    page = client.get(reverse("deconfliction:hit", args=[hit.pk])).content.decode()
    theirs = hit.other_side(personas.agency_a.pk)
    assert "Agency D Sheriff" in page and "+15125550999" in page and "detective@agency-d.example" in page
    assert "(512) 555-0142" not in page  # their record as they typed it
    assert theirs.investigation.case_number not in page
    assert AuditEvent.objects.filter(verb="deconfliction.viewed", target_id=str(hit.pk)).exists()
    client.logout()
    sign_in(client, f.detective_d())
    page = client.get(reverse("deconfliction:hit", args=[hit.pk])).content.decode()
    assert str(personas.agency_a) in page and personas.investigator.email in page
    assert hit.side_for(personas.agency_a.pk).investigation.case_number not in page


def test_opening_a_hit_marks_the_agencys_side_seen(client, personas, hit):
    side = hit.side_for(personas.agency_a.pk)
    assert side.seen_at is None
    sign_in(client, personas.investigator)
    client.get(reverse("deconfliction:hit", args=[hit.pk]))
    side.refresh_from_db()
    assert side.seen_at is not None


def test_the_home_page_tells_of_open_conflicts(client, personas, hit):
    sign_in(client, personas.investigator)
    page = client.get(reverse("core:home")).content.decode()
    assert "1 open conflict" in page and "1 not yet opened" in page


def test_a_bad_operation_shows_the_message_and_saves_nothing(client, personas):
    case = f.case(personas.agency_a, personas.investigator)
    sign_in(client, personas.investigator)
    data = {
        "investigation": case.pk,
        "kind": "surveillance",
        "starts_at": "2031-01-01T09:00",
        "ends_at": "2031-01-01T08:00",
        "place": "Main St",
        "latitude": "30.1",
        "longitude": "-97.1",
        "purpose": "pre-operation check",
    }
    response = client.post(reverse("deconfliction:operation_create"), data)
    assert response.status_code == 200
    assert "The operation must end after it starts." in response.content.decode()
    assert not case.operations.exists()


def test_the_link_chart_joins_cases_through_a_shared_identifier_within_what_the_user_may_see(client, personas):
    own = f.case(personas.agency_a, personas.investigator)
    person, _ = f.enter(personas.investigator, own, "person", "Victor Crane", date_of_birth="1980-02-03")
    f.enter(personas.investigator, own, "phone", "512-555-0160", person=person)
    shared = f.case(f.agency_d(), f.detective_d())
    inv.share(shared, personas.agency_a)
    f.enter(f.detective_d(), shared, "phone", "(512) 555-0160")
    hidden = f.case(f.agency_d(), f.detective_d())
    f.enter(f.detective_d(), hidden, "address", "12 Secret Lane, Austin TX 78701")
    sign_in(client, personas.investigator)
    data = client.get(reverse("deconfliction:link_data"), {"purpose": "weekly review"}).json()
    labels = {e["data"].get("label") for e in data["elements"]}
    assert "Victor Crane (born 1980-02-03)" in labels
    assert not any("Secret" in (label or "") for label in labels)
    phone_nodes = [e for e in data["elements"] if e["data"].get("type") == "phone"]
    assert len(phone_nodes) == 1  # one identifier, two investigations
    assert data["clusters"][0]["investigations"] == sorted(
        [f"{own.case_number} ({own.owner})", f"{shared.case_number} ({shared.owner})"]
    )
    event = AuditEvent.objects.filter(verb="deconfliction.viewed").latest("pk")
    assert event.changes["purpose"] == "weekly review"


def test_the_link_exports_are_csv_safe_for_spreadsheets(client, personas):
    own = f.case(personas.agency_a, personas.investigator)
    f.enter(personas.investigator, own, "business", "=HYPERLINK(evil) Massage LLC")
    sign_in(client, personas.investigator)
    body = client.get(reverse("deconfliction:link_entities_csv"), {"purpose": "export"}).content.decode()
    assert "id,type,label,cluster" in body
    assert ",=HYPERLINK" not in body and "'=HYPERLINK" in body
    links = client.get(reverse("deconfliction:link_links_csv"), {"purpose": "export"}).content.decode()
    assert "in investigation" in links


def test_an_export_without_a_purpose_is_refused(client, personas):
    sign_in(client, personas.investigator)
    response = client.get(reverse("deconfliction:link_entities_csv"))
    assert response.status_code == 302


def test_list_pages_do_not_query_per_row(client, personas, django_assert_max_num_queries):
    sign_in(client, personas.investigator)
    case = f.case(personas.agency_a, personas.investigator)

    numbers = iter(range(100, 200))

    def add(n):  # n hits: the same phone in agency D's case and in agency A's
        for number in (next(numbers) for _ in range(n)):
            f.other_agency_target("phone", f"512-555-0{number}")
            f.enter(personas.investigator, case, "phone", f"(512) 555-0{number}")

    add(2)
    counts = {}
    for name in ("deconfliction:hit_list", "deconfliction:target_list", "deconfliction:index"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(few.captured_queries)
    add(8)
    assert Hit.objects.count() == 10
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(reverse(name))


# Upper bounds on round trips, so the request path's savings cannot silently slip back. PostgreSQL sends
# some statements together: the account with its grants, the audit trail's lock with the append, a new
# target with its keys.
# The target page: session, account and its grants (3; 2 on PostgreSQL), the target with its investigation,
# the audit append (2: the chain's head and the insert; 1), its hits.
TARGET_PAGE_QUERIES = 5 if connection.vendor == "postgresql" else 7
# A check: the same stack, the investigation chosen, the entry and its keys (2; 1), the exact-key lookup,
# the audit append (2; 1), inside a transaction (2: counted here as a savepoint and its release).
CHECK_QUERIES = 8 if connection.vendor == "postgresql" else 11


def test_target_page_and_online_check_stay_within_their_query_budgets(client, personas):
    from django.test.utils import CaptureQueriesContext

    case = f.case(personas.agency_a, personas.investigator)
    target, _ = f.enter(personas.investigator, case, "phone", "512-555-0143")
    sign_in(client, personas.investigator)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("deconfliction:target", args=[target.pk])).status_code == 200
    data = {"investigation": case.pk, "kind": "phone", "value": "512-555-0199", "purpose": "lead follow-up"}
    with CaptureQueriesContext(connection) as check:
        assert client.post(reverse("deconfliction:target_create"), data).status_code == 302
    assert len(page.captured_queries) <= TARGET_PAGE_QUERIES, [q["sql"][:90] for q in page.captured_queries]
    assert len(check.captured_queries) <= CHECK_QUERIES, [q["sql"][:90] for q in check.captured_queries]
