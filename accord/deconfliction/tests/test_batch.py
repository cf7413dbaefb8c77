"""The nightly batch's rules: common keys paired only through a second, rarer key; incremental re-runs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accord.deconfliction import actions, batch
from accord.deconfliction.models import Hit, LinkageRun
from accord.deconfliction.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(monkeypatch):
    """The person pairs the batch scores, as a set, with every blocking key counted as common."""
    monkeypatch.setattr(batch, "PERSON_GROUP_LIMIT", 2)
    monkeypatch.setattr(batch, "SETTLE", timedelta(0))  # every record counts as settled at once
    pairs: set[tuple[int, int]] = set()
    score = batch._Scorer.score

    def spy(self, chunk):
        pairs.update(chunk)
        return score(self, chunk)

    monkeypatch.setattr(batch._Scorer, "score", spy)
    return pairs


def test_a_common_key_pairs_only_records_that_share_a_second_rarer_key(personas, scored):
    case = f.case(personas.agency_a, personas.investigator)
    dated = f.other_agency_target("person", "Maria Garcia", date_of_birth="1980-05-01")
    undated = f.other_agency_target("person", "Maria Garcia")
    same_year, _ = f.enter(personas.investigator, case, "person", "Maria Garcia", date_of_birth="1980-07-09")
    other_year, _ = f.enter(personas.investigator, case, "person", "Marie Garcia", date_of_birth="1975-02-03")
    year_typo, _ = f.enter(personas.investigator, case, "person", "Mary Garcia", date_of_birth="1981-05-01")
    batch.link_all()
    pair = lambda x, y: (min(x.pk, y.pk), max(x.pk, y.pk))  # noqa: E731
    assert pair(same_year, dated) in scored  # same year of birth
    assert pair(year_typo, dated) in scored  # same day and month: a mistyped year
    assert pair(same_year, undated) in scored  # no date on one side: the same written name
    assert pair(other_year, dated) not in scored  # another year, day and month
    assert pair(other_year, undated) not in scored  # and another spelling
    assert not {pair(same_year, other_year), pair(dated, undated)} & scored  # an agency never hits itself


def test_a_second_key_over_the_pair_budget_is_skipped_and_counted(personas, scored, monkeypatch):
    monkeypatch.setattr(batch, "PAIR_BUDGET", 0)
    case = f.case(personas.agency_a, personas.investigator)
    f.other_agency_target("person", "Maria Garcia", date_of_birth="1980-05-01")
    f.other_agency_target("person", "Maria Garcia", date_of_birth="1990-01-01")
    f.enter(personas.investigator, case, "person", "Maria Garcia", date_of_birth="1980-07-09")
    report = batch.link_all()
    assert not scored and report.over_budget > 0 and report.common_keys > 0


def test_a_second_run_pairs_only_records_entered_since_and_a_new_threshold_pairs_all_again(personas, scored):
    case = f.case(personas.agency_a, personas.investigator)
    theirs = f.other_agency_target("person", "Jon Smyth", date_of_birth="1980-03-01")
    f.enter(personas.investigator, case, "person", "John Smith", date_of_birth="1980-03-01")
    Hit.objects.all().delete()  # as if both were entered in the same instant
    first = batch.link_all()
    assert first.since_target == 0 and first.new_hits == 1 and scored
    scored.clear()
    again = batch.link_all()
    assert again.new_hits == 0 and not scored  # nothing new: no pair made at all
    assert again.since_target == LinkageRun.objects.order_by("pk")[0].last_target_id
    newer, _ = f.enter(personas.investigator, case, "person", "Johnny Smith", date_of_birth="1980-03-01")
    batch.link_all()
    assert scored and all(newer.pk in pair for pair in scored)
    scored.clear()
    actions.settings_update(
        actor=personas.coordinator, match_threshold=0.9, possible_threshold=0.4, operation_distance_km=1
    )
    rescan = batch.link_all()
    assert rescan.since_target == 0 and any(theirs.pk in pair and newer.pk not in pair for pair in scored)
    assert Hit.objects.filter(found_by="nightly").count() == 1  # the first run's hit, not recorded again


def test_records_entered_in_the_last_minutes_are_paired_again_by_the_next_run(personas):
    case = f.case(personas.agency_a, personas.investigator)
    f.other_agency_target("person", "Jon Smyth", date_of_birth="1980-03-01")
    newest, _ = f.enter(personas.investigator, case, "person", "John Smith", date_of_birth="1991-07-12")
    first = batch.link_all()
    # Another entry's transaction may still have been open with a lower id: the next run looks again.
    again = batch.link_all()
    assert LinkageRun.objects.order_by("pk")[0].last_target_id < newest.pk
    assert again.since_target < newest.pk and again.person_pairs_scored == first.person_pairs_scored >= 1
