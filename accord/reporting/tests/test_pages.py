"""Reporting through HTTP and the actions: who sees which figures, packs end to end, edits audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accord.core.dimensions import TraffickingType
from accord.core.models import AuditEvent, Lane
from accord.core.testing import make_organization, sign_in
from accord.investigations.models import Origin
from accord.reporting import registry, sync
from accord.reporting.models import GeneratedPack, Indicator, PackItem, PackState
from accord.reporting.tests import factories as f

pytestmark = pytest.mark.django_db
PERIOD = f.PERIOD
VICTIMS = "vs.victims_identified"


def _figure(response, code: str):
    return next(v for v in response.context["figures"] if v.indicator.code == code)


def _cells(view) -> dict[tuple[str, str], str]:
    return {(row.label, col): cell for row in view.rows for col, cell in zip(view.columns, row.cells, strict=True)}


def _dashboard(client, user, name: str = "reporting:dashboard", **query):
    sign_in(client, user)
    response = client.get(reverse(name), {"period": PERIOD.key, **query})
    assert response.status_code == 200
    return response


@pytest.fixture
def two_vsps(personas):
    """VSP B: 5 clients (a small cell); another VSP: 20, so the task-force total is 25."""
    other = make_organization("VSP D Haven", Lane.VICTIM_SERVICES)
    f.clients(personas, 5)
    f.clients(personas, 20, organization=other, trafficking_type="labor", age_band="25-34")
    return other


def test_the_coordinator_sees_task_force_figures_suppressed(client, personas, two_vsps):
    view = _figure(_dashboard(client, personas.coordinator), VICTIMS)
    assert view.figure.suppressed and view.figure.organization_id is None
    cells = _cells(view)
    assert cells[("Sex trafficking", "18 to 24")] == "<11"  # VSP B's five
    assert cells[("Labor trafficking", "25 to 34")] == "20"  # the other VSP's twenty
    assert "5" not in cells.values()
    assert view.drill_url == ""  # the coordinator works no client records


def test_an_advocate_sees_their_own_organization_in_full_and_the_task_force_suppressed(client, personas, two_vsps):
    own = _figure(_dashboard(client, personas.advocate, "reporting:organization_dashboard"), VICTIMS)
    assert not own.figure.suppressed and own.total == "5"
    assert _cells(own)[("Sex trafficking", "18 to 24")] == "5"
    assert own.drill_url.startswith(reverse("victim_services:index"))
    task_force = _figure(_dashboard(client, personas.advocate), VICTIMS)
    assert task_force.figure.suppressed
    assert _cells(task_force)[("Sex trafficking", "18 to 24")] == "<11"


def test_a_lane_the_viewer_does_not_work_in_gives_suppressed_figures_only(personas, two_vsps):
    f.investigations(personas, 3)
    # The investigator's own agency, but client records are not theirs to see: suppressed (and zero here).
    figure = registry.evaluate(VICTIMS, PERIOD, personas.investigator, organization=personas.agency_a)
    assert figure.suppressed and not figure.sees_lane
    # The advocate's own organization holds no investigations: the law-enforcement figure stays suppressed.
    assert registry.evaluate(
        "le.investigations_opened", PERIOD, personas.advocate, organization=personas.vsp_b
    ).suppressed
    # The investigator sees their agency's three cases in full; the task-force figure hides them.
    own = registry.evaluate("le.investigations_opened", PERIOD, personas.investigator, organization=personas.agency_a)
    assert not own.suppressed and own.table.total == 3
    hidden = registry.evaluate("le.investigations_opened", PERIOD, personas.investigator).table
    assert hidden.total is None and hidden.display(TraffickingType.LABOR, Origin.REACTIVE) == "<11"


def test_nobody_reads_another_organizations_figures_unsuppressed(personas, two_vsps):
    with pytest.raises(PermissionDenied):
        registry.evaluate(VICTIMS, PERIOD, personas.coordinator, organization=personas.vsp_b)


def test_task_force_work_is_shown_as_counted(personas):
    from accord.governance.models import Meeting

    start = f.timezone.make_aware(f.timezone.datetime(2025, 9, 15, 10))
    Meeting.objects.create(title="Quarterly", starts_at=start, ends_at=start + f.timezone.timedelta(hours=1))
    figure = registry.evaluate("gov.meetings_held", PERIOD, personas.member)
    assert not figure.suppressed and figure.table.display_total() == "1"


def test_the_dashboard_query_count_does_not_grow_with_records(client, personas):
    sign_in(client, personas.coordinator)
    url = reverse("reporting:dashboard") + f"?period={PERIOD.key}"
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    f.clients(personas, 30)
    f.investigations(personas, 30)
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).status_code == 200
    assert len(full) == len(empty)


def test_the_dashboard_reads_the_task_forces_threshold_once(personas):
    from accord.reporting import queries

    with CaptureQueriesContext(connection) as captured:
        figures = queries.dashboard(personas.coordinator, PERIOD)
    assert len(figures) > 20
    assert sum('"core_taskforce"' in q["sql"] for q in captured.captured_queries) == 1


def test_the_trend_chart_has_a_data_table_beside_it(client, personas, two_vsps):
    response = _dashboard(client, personas.coordinator, trend=VICTIMS)
    points = response.context["points"]
    assert len(points) == 8 and points[-1].period == PERIOD and points[-1].shown == "25"
    html = response.content.decode()
    assert "<svg" in html and "by period</caption>" in html


def test_a_bad_period_says_so_and_shows_the_default(client, personas):
    sign_in(client, personas.member)
    response = client.get(reverse("reporting:dashboard"), {"period": "2025-Q9"})
    assert response.status_code == 200
    assert "Choose a period" in response.content.decode()


def _generate(client, user, django_capture_on_commit_callbacks, scope: str = "task_force"):
    sign_in(client, user)
    url = reverse("reporting:pack_generate", args=[f.template().pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"period": PERIOD.key, "scope": scope})
    assert response.status_code == 302
    return GeneratedPack.objects.latest("pk")


def test_a_pack_is_generated_by_the_job_viewed_and_downloaded_suppressed(
    client, personas, two_vsps, django_capture_on_commit_callbacks
):
    pack = _generate(client, personas.coordinator, django_capture_on_commit_callbacks)
    assert pack.state == PackState.DONE
    assert pack.items_done == pack.items_total == f.template().items.count()
    assert AuditEvent.objects.filter(verb="reporting.pack.requested", target_id=str(pack.pk)).exists()
    page = client.get(reverse("reporting:pack_detail", args=[pack.pk]))
    assert page.status_code == 200 and "&lt;11" in page.content.decode()
    assert AuditEvent.objects.filter(verb="reporting.pack.viewed", actor_id=personas.coordinator.pk).count() == 1
    download = client.get(reverse("reporting:pack_download", args=[pack.pk]))
    assert download.status_code == 200
    sheet = load_workbook(BytesIO(download.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    by_age = {r[3]: r[4] for r in rows if r[3] in ("18 to 24", "25 to 34")}
    assert by_age == {"18 to 24": "<11", "25 to 34": "*"}  # the 20 hidden too: 25 - 20 would give the 5
    assert AuditEvent.objects.filter(verb="reporting.pack.downloaded", target_id=str(pack.pk)).exists()


def test_an_advocates_own_pack_is_unsuppressed_and_theirs_alone(
    client, personas, two_vsps, django_capture_on_commit_callbacks
):
    pack = _generate(client, personas.advocate, django_capture_on_commit_callbacks, scope="organization")
    first = pack.result[0]
    assert first["indicator"] == VICTIMS and first["total"] == "5"
    assert pack.suppression_k is None
    sign_in(client, personas.coordinator)
    assert client.get(reverse("reporting:pack_detail", args=[pack.pk])).status_code == 404


def test_the_progress_partial_polls_until_the_pack_is_done(client, personas):
    pack = f.pack(personas, state=PackState.QUEUED)
    pack.items_done = 0
    pack.save()
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_detail", args=[pack.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.content.decode() and "HX-Refresh" not in partial
    assert not AuditEvent.objects.filter(verb="reporting.pack.viewed").exists()
    GeneratedPack.objects.filter(pk=pack.pk).update(state=PackState.DONE, items_done=1)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_a_pack_for_a_year_or_a_bad_period_is_refused_and_nothing_is_queued(client, personas):
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_generate", args=[f.template().pk])
    for period in ("2025", "2025-Q9", "", "2999-H1"):
        response = client.post(url, {"period": period, "scope": "task_force"})
        assert response.status_code == 400
    assert not GeneratedPack.objects.exists()


def test_an_older_half_year_than_the_list_offers_can_still_be_packed(client, personas):
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_generate", args=[f.template().pk])
    response = client.post(url, {"period": "2019-H2", "scope": "task_force"})
    assert response.status_code == 302
    assert GeneratedPack.objects.get().period_key == "2019-H2"


def test_the_coordinator_remaps_a_pack_item_and_it_is_audited(client, personas):
    item = f.template().items.get(number="A2")
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_item_edit", args=[item.pk])
    data = {"number": "A2", "question": "Victims by gender", "indicator_code": "vs.victims_identified_gender"}
    response = client.post(url, data | {"dimension": "gender", "order": 20})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.indicator_code, item.dimension) == ("vs.victims_identified_gender", "gender")
    event = AuditEvent.objects.get(verb="reporting.pack_item.updated")
    assert event.changes["indicator_code"] == [VICTIMS, "vs.victims_identified_gender"]


def test_a_dimension_the_indicator_lacks_is_refused_with_nothing_changed(client, personas):
    item = f.template().items.get(number="A2")
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_item_edit", args=[item.pk])
    response = client.post(
        url, {"number": "A2", "question": "x", "indicator_code": "le.arrests", "dimension": "gender", "order": 1}
    )
    assert response.status_code == 400
    assert "cannot be broken down this way" in response.content.decode()
    assert PackItem.objects.get(pk=item.pk).indicator_code == VICTIMS
    assert not AuditEvent.objects.filter(verb="reporting.pack_item.updated").exists()


def test_an_edited_indicator_keeps_its_wording_through_a_sync(client, personas):
    indicator = Indicator.objects.get(code=VICTIMS)
    sign_in(client, personas.coordinator)
    data = {"name": "Victims we identified", "definition": "Our own words for it.", "active": "on", "order": 1}
    assert client.post(reverse("reporting:indicator_edit", args=[indicator.pk]), data).status_code == 302
    assert AuditEvent.objects.get(verb="reporting.indicator.updated").changes["name"][1] == "Victims we identified"
    Indicator.objects.filter(code="le.arrests").delete()
    assert sync.sync_indicators() == 1  # the missing one is back
    indicator.refresh_from_db()
    assert indicator.name == "Victims we identified" and indicator.dimensions == ["trafficking_type", "age_band"]


def test_the_review_has_a_bulletin_with_suppressed_figures_only(client, personas, two_vsps):
    sign_in(client, personas.member)
    response = client.get(reverse("reporting:review"), {"period": PERIOD.key})
    assert response.status_code == 200
    bulletin = response.context["bulletin"]
    assert "Victims identified" in bulletin and "25" in bulletin
    new = {
        tuple(n.labels): n.shown
        for n in response.context["new"]
        if n.indicator.startswith("Victims identified, by trafficking type and age")
    }
    assert new == {("Sex trafficking", "18 to 24"): "<11", ("Labor trafficking", "25 to 34"): "20"}


def test_the_coordinator_downloads_a_k_anonymous_export_and_it_is_audited(client, personas, two_vsps):
    sign_in(client, personas.coordinator)
    page = client.get(reverse("reporting:export"), {"period": PERIOD.key})
    assert page.status_code == 200 and "Released 25 of 25" in page.content.decode()
    response = client.get(reverse("reporting:export_csv"), {"period": PERIOD.key, "source": "clients"})
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("ageBroad,majorityStatus,gender") and len(lines) == 26
    assert "T-0" not in response.content.decode()  # no client codes
    event = AuditEvent.objects.get(verb="reporting.deidentified_export.downloaded")
    assert event.changes["rows"] == 25 and event.changes["period"] == PERIOD.key


def test_an_objective_linked_to_an_indicator_takes_its_progress_from_the_records(personas, two_vsps):
    from datetime import date

    from accord.governance import progress

    objective = type("Objective", (), {"due_date": date(2025, 12, 31), "indicator_code": VICTIMS, "target": 50})()
    assert progress.INDICATORS[VICTIMS](objective) == 25  # the two VSPs' intakes in 2025
    f.clients(personas, 3, day=date(2024, 6, 1))
    objective.due_date = date(2025, 5, 31)  # the twelve months to May 2025 hold only those three
    assert progress.INDICATORS[VICTIMS](objective) is None  # a small count of people is withheld
    assert progress.INDICATORS["le.arrests"](objective) == 0


@pytest.mark.parametrize("name", ["reporting:pack_list", "reporting:indicator_list"])
def test_list_pages_do_not_grow_in_queries_with_rows(client, personas, name):
    sign_in(client, personas.coordinator)
    url = reverse(name)
    f.pack(personas)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        f.pack(personas)
        f.pack(personas, user=personas.advocate)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_coordinator_adds_a_pack_item_and_it_is_audited(client, personas):
    template = f.template()
    sign_in(client, personas.coordinator)
    url = reverse("reporting:pack_item_add", args=[template.pk])
    data = {"number": "E1", "question": "Arrests", "indicator_code": "le.arrests", "dimension": "", "order": 200}
    assert client.post(url, data).status_code == 302
    item = template.items.get(number="E1")
    assert AuditEvent.objects.filter(verb="reporting.pack_item.created", target_id=str(item.pk)).exists()
    refused = client.post(url, data | {"number": "E2", "dimension": "gender"})
    assert refused.status_code == 400 and not template.items.filter(number="E2").exists()


def test_a_small_total_reads_as_fewer_than_k_not_as_hidden(client, personas, two_vsps):
    sign_in(client, personas.member)
    points = client.get(reverse("reporting:dashboard"), {"period": PERIOD.key, "trend": VICTIMS}).context["points"]
    assert points[-1].shown == "25"
    f.clients(personas, 4, day=PERIOD.previous().start)
    figure = registry.evaluate(VICTIMS, PERIOD.previous(), personas.member, by=())
    assert figure.headline == "<11" and figure.headline_value is None
