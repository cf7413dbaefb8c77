"""The registry: every app's indicators are collected, each is one database aggregate, periods step correctly."""

from __future__ import annotations

from datetime import date

import pytest

from accord.core import dimensions
from accord.reporting import registry
from accord.reporting.periods import Period
from accord.reporting.registry import Scope

pytestmark = pytest.mark.django_db


def test_every_app_contributes_indicators_with_known_dimensions():
    specs = registry.specs()
    prefixes = {code.split(".")[0] for code in specs}
    assert prefixes == {"vs", "ref", "le", "gov", "out", "asm"}
    for spec in specs.values():
        assert spec.lane in registry.LANES
        assert all(d in dimensions.DIMENSIONS for d in spec.dimensions)
        assert len(spec.definition) > 40


@pytest.mark.parametrize("code", sorted(registry.specs()))
def test_each_indicator_is_one_aggregate_query(code, django_assert_num_queries, personas):
    spec = registry.specs()[code]
    period = Period.quarter(2026, 1)
    for scope in (Scope(), Scope.of(personas.vsp_b.pk, personas.agency_a.pk)):
        with django_assert_num_queries(1):
            counts = spec.compute(period, scope)
        assert counts == {}  # no records yet: nothing counted, and zero cells are left out
    assert all(len(key) == len(spec.dimensions) for key in counts)


def test_periods_step_back_by_their_kind():
    q1 = Period.quarter(2026, 1)
    assert (q1.start, q1.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert q1.previous() == Period.quarter(2025, 4)
    assert Period.half_year(2026, 1).previous() == Period.half_year(2025, 2)
    assert Period.half_year(2025, 2).end == date(2025, 12, 31)
    assert Period.year(2026).previous().key == "2025"
    assert [p.key for p in q1.history(3)] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert Period.parse("2026-H1") == Period.half_year(2026, 1)
    assert Period.last_complete("half_year", date(2026, 12, 5)) == Period.half_year(2026, 1)
    plain = Period(date(2026, 1, 11), date(2026, 1, 20))
    assert plain.previous() == Period(date(2026, 1, 1), date(2026, 1, 10))


@pytest.mark.parametrize("text", ["2026-Q5", "2026-H3", "soon", ""])
def test_a_bad_period_is_refused_with_a_plain_message(text):
    with pytest.raises(ValueError, match="Choose a period"):
        Period.parse(text)


def test_collapse_sums_away_a_dimension():
    counts = {("sex", "18-24"): 3, ("labor", "18-24"): 4, ("sex", "25-34"): 5}
    assert registry.collapse(counts, ("trafficking_type", "age_band"), ("age_band",)) == {
        ("18-24",): 7,
        ("25-34",): 5,
    }
    assert registry.collapse(counts, ("trafficking_type", "age_band"), ()) == {(): 12}
