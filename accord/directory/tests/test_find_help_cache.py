"""Find help's per-process rows: reused while the service's stamp holds, renewed by any change to it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core import actions as core_actions
from accord.core.testing import sign_in
from accord.directory import actions, matching
from accord.directory.matching import Need, find_help
from accord.directory.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(monkeypatch):
    """Rows count as settled at once (a test's data is seconds old), in a cache of this test's own."""
    monkeypatch.setattr(matching, "SETTLE_SECONDS", -1)
    monkeypatch.setattr(matching, "_SERVICE_ROWS", {})


def _queries(need: Need) -> tuple[matching.Answer, int]:
    with CaptureQueriesContext(connection) as captured:
        answer = find_help(need)
    return answer, len(captured.captured_queries)


def test_rows_are_reused_while_nothing_changed(personas, settled):
    f.offering(personas.vsp_b)
    need = Need(category=f.category(), area=f.area())
    first, cold = _queries(need)
    again, warm = _queries(need)
    assert warm == cold - 2  # rows, area ids and area names come from the cache; the stamp is read instead
    assert [r.offering for r in again.matches] == [r.offering for r in first.matches]


def test_a_one_click_capacity_update_is_seen_by_the_next_search(client, personas, settled):
    offering = f.offering(personas.vsp_b)
    need = Need(category=f.category())
    assert [r.offering for r in find_help(need).matches] == [offering]
    find_help(need)  # now served from the cache
    sign_in(client, personas.vsp_admin)
    response = client.post(reverse("directory:capacity_update", args=[offering.pk]), {"availability": "full"})
    assert response.status_code in (200, 302)
    answer = find_help(need)
    assert not answer.matches
    assert answer.near_misses[0].misses[0].startswith("Full")


def test_areas_and_organization_changes_renew_the_rows(personas, settled):
    riverside, marlow = f.area("Riverside"), f.area("Marlow")
    offering = f.offering(personas.vsp_b, areas=[riverside])
    need = Need(category=f.category(), area=marlow)
    assert not find_help(need).matches
    actions.offering_save(actor=personas.vsp_admin, offering=offering, areas=[marlow])
    assert [r.offering for r in find_help(need).matches] == [offering]
    organization = personas.vsp_b
    organization.is_active = False
    core_actions.organization_save(actor=personas.coordinator, organization=organization)
    assert find_help(need).considered == 0


def test_a_removed_offering_leaves_the_next_answer(personas, settled):
    offering = f.offering(personas.vsp_b)
    need = Need(category=f.category())
    assert find_help(need).considered == 1
    offering.delete()
    assert find_help(need).considered == 0


def test_rows_loaded_just_after_a_change_are_not_reused(personas, monkeypatch):
    # A write committed after a later one leaves the stamp as it was: rows read within the settling
    # window of the newest change may miss it, so they are read again.
    monkeypatch.setattr(matching, "_SERVICE_ROWS", {})
    f.offering(personas.vsp_b)
    need = Need(category=f.category())
    _, cold = _queries(need)
    _, again = _queries(need)
    assert again == cold
