"""Target and operation pages list each conflict with the other agency: queries do not grow with the conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Lane
from accord.core.testing import sign_in
from accord.deconfliction import actions
from accord.deconfliction.tests import factories as f
from accord.investigations.tests import factories as inv

pytestmark = pytest.mark.django_db


def _other_agencies(count: int, prefix: str) -> list:
    """Detectives of ``count`` other law-enforcement agencies, each with a case of their own."""
    detectives = []
    for n in range(count):
        detective = inv.staff(inv.organization(f"{prefix} Agency {n}", Lane.LAW_ENFORCEMENT), f"{prefix}_det_{n}")
        detectives.append((detective, f.case(detective.organization, detective)))
    return detectives


def _queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert page.count("Conflict ") >= expected_rows
    return len(captured.captured_queries)


def test_target_page_queries_do_not_grow_with_conflicts(client, personas):
    case = f.case(personas.agency_a, personas.investigator)
    pages = {}
    for count, phone in ((1, "512-555-0161"), (4, "512-555-0162")):
        for detective, their_case in _other_agencies(count, f"T{count}"):
            f.enter(detective, their_case, "phone", phone)
        target, hits = f.enter(personas.investigator, case, "phone", phone)
        assert len(hits) == count
        pages[count] = reverse("deconfliction:target", args=[target.pk])
    sign_in(client, personas.investigator)
    assert _queries(client, pages[4], 4) == _queries(client, pages[1], 1)


def _plan(actor, case, start):
    return actions.operation_plan(
        actor=actor,
        investigation=case,
        kind="search_warrant",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="East 5th Street",
        latitude="30.2500",
        longitude="-97.7200",
        purpose="pre-operation check",
    )


def test_operation_page_queries_do_not_grow_with_conflicts(client, personas):
    case = f.case(personas.agency_a, personas.investigator)
    pages = {}
    for count, days in ((1, 2), (4, 10)):
        start = timezone.now() + timedelta(days=days)
        for detective, their_case in _other_agencies(count, f"O{count}"):
            _plan(detective, their_case, start)
        operation, hits = _plan(personas.investigator, case, start)
        assert len(hits) == count
        pages[count] = reverse("deconfliction:operation", args=[operation.pk])
    sign_in(client, personas.investigator)
    assert _queries(client, pages[4], 4) == _queries(client, pages[1], 1)
