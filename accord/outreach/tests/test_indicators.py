"""The indicators reporting will register: computed by the database for a period, for signed-in viewers only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accord.core.models import TaskForce
from accord.outreach import indicators
from accord.outreach.indicators import Period
from accord.outreach.models import TestResult as Result
from accord.outreach.models import TrainingAudience
from accord.outreach.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_month(today):
    return Period(today - timedelta(days=30), today)


@pytest.fixture
def held(personas):
    """Five days ago: 5 law enforcement, 3 health care (counts only); ten days ago: the member training (4)."""
    return f.training(personas), f.member_training(personas)


def test_trainings_held_counts_what_took_place_in_the_period(personas, held, last_month, today):
    f.upcoming_training(personas)
    f.training(personas, title="Cancelled", is_cancelled=True, total_attendees=None)
    f.training(
        personas,
        title="Long ago",
        starts_at=f.at(today - timedelta(days=90)),
        ends_at=f.at(today - timedelta(days=90), 12),
        total_attendees=None,
    )
    result = indicators.trainings_held(last_month, personas.member)
    assert result.total == 2
    assert {c.key: c.value for c in result.cells} == {"standard": 1, "onboarding": 1, "train_the_trainer": 0}
    assert indicators.trainings_held(Period(today - timedelta(days=7), today), personas.member).total == 1


def test_people_trained_by_discipline_adds_up_the_counts(personas, held, last_month):
    result = indicators.people_trained(last_month, personas.investigator)
    assert result.total == 12
    assert {c.label: c.value for c in result.cells} == {
        "Law enforcement": 6,
        "Victim services": 2,
        "Legal services": 1,
        "Health care": 3,
    }


def test_knowledge_gain_compares_each_test_as_a_share_of_its_highest_score(personas, held, last_month):
    Result.objects.create(training=held[0], discipline=f.audience("health"), pre_score=30)  # pre-test only: left out
    gain = indicators.knowledge_gain(last_month, personas.member)  # the training committee: nothing withheld
    # Counts-only (out of 100): 40→80, 60→90, 50→70. Member training (out of 20): 8→17 twice = 40%→85%.
    assert gain.overall.respondents == 5
    assert gain.overall.pre == 46.0 and gain.overall.post == 82.0 and gain.overall.points == 36.0
    by = dict(gain.by_discipline)
    assert by["Law enforcement"].points == 38.3  # (40, 60, 40) → (80, 90, 85): 46.7% → 85%
    assert by["Health care"].points == 20.0 and by["Victim services"].points == 45.0


def test_small_groups_scores_are_withheld_from_those_who_cannot_see_names(personas, held, last_month):
    gain = indicators.knowledge_gain(last_month, personas.advocate)
    # 5 respondents in all, fewer than the threshold of 11: nothing is shown, overall or by discipline.
    assert gain.overall is None and gain.threshold == 11 and gain.suppressed
    assert all(g is None for _, g in gain.by_discipline)
    TaskForce.objects.update(suppression_threshold=3)
    by = dict(indicators.knowledge_gain(last_month, personas.advocate).by_discipline)
    # Law enforcement (3) is shown; health care (1) is withheld, and so is victim services (2), its complement.
    assert by["Law enforcement"] is not None and by["Health care"] is None and by["Victim services"] is None


def test_complementary_suppression_hides_a_second_group_when_one_alone_would_be_derivable():
    from accord.outreach.queries import Gain, suppress_small

    gains = {"a": Gain(50, 80, 20), "b": Gain(40, 60, 4), "c": Gain(45, 70, 12)}
    assert suppress_small(gains, 11) == {"a": gains["a"], "b": None, "c": None}
    assert suppress_small({"a": gains["a"], "c": gains["c"]}, 11) == {"a": gains["a"], "c": gains["c"]}
    two_small = {"b": Gain(40, 60, 4), "d": Gain(30, 50, 2), "a": gains["a"]}
    assert suppress_small(two_small, 11) == {"b": None, "d": None, "a": gains["a"]}


def test_outreach_reach_by_audience_sums_events_with_a_recorded_reach(personas, last_month):
    f.event(personas)  # faith, 120
    f.event(personas, title="Second evening", reach=80)
    f.event(personas, title="Not counted yet", reach=None)
    f.event(personas, title="Cancelled", is_cancelled=True, reach=500)
    f.event(personas, title="Fair", audience=f.audience("public"), reach=300)
    result = indicators.outreach_reach(last_month, personas.member)
    assert result.total == 500
    assert [(c.label, c.value, c.extra["events"]) for c in result.cells] == [
        ("Faith-based", 200, 2),
        ("General public", 300, 1),
    ]


def test_an_empty_period_gives_zeros(personas, held, today):
    empty = Period(today - timedelta(days=400), today - timedelta(days=300))
    assert indicators.people_trained(empty, personas.member).total == 0
    assert indicators.knowledge_gain(empty, personas.member).overall.points is None
    assert indicators.outreach_reach(empty, personas.member).cells == []


def test_indicators_are_for_signed_in_members_only(personas, last_month):
    for indicator in indicators.FOR_PAGE.values():
        with pytest.raises(PermissionDenied):
            indicator.compute(last_month, AnonymousUser())


def test_every_indicator_has_a_plain_definition():
    assert set(indicators.FOR_PAGE) == {
        "outreach-trainings-held",
        "outreach-people-trained",
        "outreach-knowledge-gain",
        "outreach-reach",
    }
    for indicator in indicators.FOR_PAGE.values():
        assert len(indicator.definition) > 80 and "\n" not in indicator.definition


def test_a_period_ends_after_it_starts(today):
    with pytest.raises(ValueError, match="ends on or after"):
        Period(today, today - timedelta(days=1))


def test_counts_of_a_training_not_held_yet_are_not_people_trained(personas, today):
    upcoming = f.upcoming_training(personas)
    TrainingAudience.objects.create(training=upcoming, discipline=f.audience("public"), attendees=40)
    assert indicators.people_trained(Period(today, today + timedelta(days=30)), personas.member).total == 0
