"""The rules of assessment, through its actions: rounds, answers, results, versions and action items."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.assessment import actions, queries
from accord.assessment.models import Answer, ProposedAction, Response, Round
from accord.assessment.tests import factories as f
from accord.core.models import AuditEvent, Organization, Sector, TaskForce
from accord.core.testing import make_user
from accord.governance.models import ActionItem
from accord.victim_services.models import InstrumentVersion

pytestmark = pytest.mark.django_db


def test_the_default_instruments_ship_as_assessment_data_in_the_one_engine():
    roadmap, factors = f.roadmap(), f.factors()
    assert roadmap.purpose == factors.purpose == "assessment"
    version = roadmap.current_version()
    titles = list(version.sections.values_list("title", flat=True))
    assert titles == [
        "Internal foundations, operation and collaboration",
        "Case operations",
        "Data, reporting and assessment",
        "Public and community engagement, awareness and training",
    ]
    assert "Accord's own wording" in roadmap.attribution and "Accord's own wording" in factors.attribution
    factor_version = factors.current_version()
    assert factor_version.sections.count() == 6
    assert sum(s.questions.count() for s in factor_version.sections.all()) == 22
    for question in f.questions(Round(version=version)):
        assert sorted(question.options.values_list("score", flat=True)) == [1, 2, 3, 4, 5]


def test_opening_a_round_is_the_coordinators_and_one_at_a_time(personas):
    with pytest.raises(PermissionDenied):
        actions.round_open(actor=personas.member, instrument=f.roadmap(), title="Mine")
    round_ = f.open_round(personas)
    assert AuditEvent.objects.filter(verb="assessment.round_opened", target_id=str(round_.pk)).exists()
    with pytest.raises(ValidationError, match="already has an open round"):
        f.open_round(personas, title="Second")
    assert Round.objects.count() == 1


def test_a_member_answers_from_their_organization_and_discipline(personas):
    round_ = f.open_round(personas)
    response = actions.response_submit(actor=personas.advocate, round_=round_, stages=f.stages_for(round_, 4))
    assert response.organization == personas.vsp_b and response.discipline == Sector.VICTIM_SERVICES
    assert response.answers.count() == len(f.questions(round_))
    assert AuditEvent.objects.filter(verb="assessment.response_submitted", actor_id=personas.advocate.pk).exists()
    again = actions.response_submit(actor=personas.advocate, round_=round_, stages=f.stages_for(round_, 2))
    assert again.pk == response.pk and set(again.answers.values_list("option__score", flat=True)) == {2}


def test_an_answer_to_a_closed_round_is_refused_and_nothing_changes(personas):
    round_ = f.closed_round(personas)
    before = Answer.objects.count()
    with pytest.raises(ValidationError, match="takes no more answers"):
        actions.response_submit(actor=personas.member, round_=round_, stages=f.stages_for(round_, 3))
    assert Answer.objects.count() == before and not Response.objects.filter(respondent=personas.member).exists()


@pytest.mark.parametrize("stage", [0, 6, -1])
def test_a_stage_outside_the_scale_is_refused_and_nothing_changes(personas, stage):
    round_ = f.open_round(personas)
    stages = f.stages_for(round_, 3)
    stages[next(iter(stages))] = stage
    with pytest.raises(ValidationError, match=f"Stage {stage} is not on the scale"):
        actions.response_submit(actor=personas.member, round_=round_, stages=stages)
    assert not Response.objects.exists()


def test_an_answer_for_an_element_of_another_instrument_is_refused(personas):
    round_ = f.open_round(personas)
    other = f.open_round(personas, instrument=f.factors())
    with pytest.raises(ValidationError, match="not in this round's version"):
        actions.response_submit(actor=personas.member, round_=round_, stages=f.stages_for(other, 3))
    assert not Response.objects.exists()


def test_the_auditor_does_not_answer(personas):
    round_ = f.open_round(personas)
    with pytest.raises(PermissionDenied):
        actions.response_submit(actor=personas.auditor, round_=round_, stages=f.stages_for(round_, 3))


def _law_enforcement_and_victim_services(personas, size):
    """``size`` extra respondents in each of two disciplines."""
    people = []
    for n in range(size):
        people.append(("le", make_user(f"le{n}", personas.agency_a, "investigator", mfa=False)))
        people.append(("vs", make_user(f"vs{n}", personas.vsp_b, "advocate", mfa=False)))
    return people


def test_results_give_median_spread_gap_and_the_previous_round(personas):
    TaskForce.objects.update(suppression_threshold=3)
    previous = f.closed_round(personas, stage=2)
    round_ = f.open_round(personas, title="This year")
    first = f.questions(round_)[0]
    for discipline, person in _law_enforcement_and_victim_services(personas, 3):
        actions.response_submit(actor=person, round_=round_, stages={first.pk: 5 if discipline == "le" else 2})
    actions.response_submit(actor=personas.member, round_=round_, stages={first.pk: 4})  # legal services: 1 < k
    result = queries.results(round_)
    element = result.sections[0].elements[0]
    assert result.previous == previous
    assert element.overall.count == 7 and element.overall.median == 4
    assert (element.overall.low, element.overall.high) == (2, 5)
    assert element.overall.q1 == 2 and element.overall.q3 == 5
    assert dict(element.breakdown) == {"Law enforcement": 5, "Victim services": 2}
    assert element.gap == 3 and element.hidden_disciplines == 1 and element.is_disputed
    assert element.previous.median == 2 and element.change == 2


def test_a_discipline_smaller_than_the_threshold_is_not_broken_out(personas):
    TaskForce.objects.update(suppression_threshold=4)
    round_ = f.open_round(personas)
    first = f.questions(round_)[0]
    for _discipline, person in _law_enforcement_and_victim_services(personas, 3):
        actions.response_submit(actor=person, round_=round_, stages={first.pk: 3})
    element = queries.results(round_).sections[0].elements[0]
    assert element.overall.count == 6
    assert element.by_discipline == {} and element.gap is None and element.hidden_disciplines == 2


def test_the_anonymized_answers_carry_no_name_or_organization(personas):
    round_ = f.open_round(personas)
    actions.response_submit(actor=personas.advocate, round_=round_, stages=f.stages_for(round_, 4))
    rows = queries.anonymized_responses(round_)
    assert len(rows) == 1 and set(rows[0]) == {"number", "discipline", "stages"}
    assert rows[0]["discipline"] == ""  # one victim-services respondent is fewer than k


def test_a_low_element_becomes_an_audited_governance_action_item_once(personas):
    meeting = f.meeting()
    round_ = f.closed_round(personas, stage=1)
    question = f.questions(round_)[0]
    item = actions.action_propose(actor=personas.coordinator, round_=round_, question=question, summary="median 1")
    assert item.meeting == meeting and item.owner == personas.coordinator
    assert question.text in item.title and item.title.startswith("Proposed from")
    assert AuditEvent.objects.filter(verb="governance.action_item_created", target_id=str(item.pk)).exists()
    assert AuditEvent.objects.filter(verb="assessment.action_proposed", changes__element=question.code).exists()
    with pytest.raises(ValidationError, match="already an action item"):
        actions.action_propose(actor=personas.coordinator, round_=round_, question=question, summary="")
    assert ActionItem.objects.count() == 1 and ProposedAction.objects.count() == 1
    assert queries.results(round_).sections[0].elements[0].action_item_id == item.pk


def test_without_an_upcoming_meeting_no_action_item_is_made(personas):
    round_ = f.closed_round(personas, stage=1)
    with pytest.raises(ValidationError, match="no upcoming meeting"):
        actions.action_propose(actor=personas.coordinator, round_=round_, question=f.questions(round_)[0], summary="")
    assert not ActionItem.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.action_propose(actor=personas.member, round_=round_, question=f.questions(round_)[0], summary="")


def test_an_edit_is_a_new_version_and_past_rounds_keep_theirs(personas):
    past = f.closed_round(personas, stage=3)
    instrument = f.roadmap()
    old = instrument.current_version()
    revision = actions.Revision(
        texts={"mission-goals": "A mission everyone can recite."},
        removed={"conflict-resolution"},
        added=[(old.sections.first().pk, "onboarding", "New members are onboarded within a month.")],
        notes="Spring review",
    )
    new = actions.instrument_revise(actor=personas.coordinator, instrument=instrument, based_on=old, revision=revision)
    assert new.number == old.number + 1 and instrument.current_version() == new
    codes = {q.code for q in f.questions(Round(version=new))}
    assert "onboarding" in codes and "conflict-resolution" not in codes
    past.refresh_from_db()
    assert past.version == old and "conflict-resolution" in [q.code for q in f.questions(past)]
    assert queries.results(past).sections[0].elements[0].question.text != "A mission everyone can recite."
    assert AuditEvent.objects.filter(verb="assessment.instrument_revised").exists()


@pytest.mark.parametrize(
    ("revision", "message"),
    [
        (actions.Revision(), "Nothing was changed"),
        (actions.Revision(texts={"mission-goals": "  "}), "needs its text"),
        (actions.Revision(added=[(0, "leadership", "Duplicate")]), "already used"),
        (actions.Revision(removed={"no-such-element"}), "not in version"),
    ],
)
def test_an_edit_that_would_break_results_is_refused_and_nothing_changes(personas, revision, message):
    instrument = f.roadmap()
    old = instrument.current_version()
    with pytest.raises(ValidationError, match=message):
        actions.instrument_revise(actor=personas.coordinator, instrument=instrument, based_on=old, revision=revision)
    assert InstrumentVersion.objects.filter(instrument=instrument).count() == 1


def test_an_edit_of_a_stale_version_is_refused(personas):
    instrument = f.roadmap()
    old = instrument.current_version()
    change = actions.Revision(texts={"mission-goals": "Changed once."})
    actions.instrument_revise(actor=personas.coordinator, instrument=instrument, based_on=old, revision=change)
    with pytest.raises(ValidationError, match="Someone changed this instrument"):
        actions.instrument_revise(actor=personas.coordinator, instrument=instrument, based_on=old, revision=change)
    assert InstrumentVersion.objects.filter(instrument=instrument).count() == 2


def test_network_ratings_belong_to_the_raters_organization(personas):
    survey = f.survey(personas)
    saved = actions.network_ratings_submit(
        actor=personas.advocate, survey=survey, ratings={personas.agency_a.pk: (3, 4, 5), personas.partner_c.pk: None}
    )
    assert saved == 1
    tie = survey.ratings.get()
    assert (tie.rater, tie.rated, tie.trust) == (personas.vsp_b, personas.agency_a, 4)
    with pytest.raises(ValidationError, match="other active organizations"):
        actions.network_ratings_submit(actor=personas.advocate, survey=survey, ratings={personas.vsp_b.pk: (1, 1, 1)})
    with pytest.raises(ValidationError):
        actions.network_ratings_submit(
            actor=personas.advocate, survey=survey, ratings={personas.agency_a.pk: (3, 9, 1)}
        )
    assert survey.ratings.get().trust == 4
    actions.network_survey_close(actor=personas.coordinator, survey=survey)
    with pytest.raises(ValidationError, match="closed"):
        actions.network_ratings_submit(actor=personas.advocate, survey=survey, ratings={personas.agency_a.pk: None})
    assert Organization.objects.filter(pk=personas.vsp_b.pk).exists() and survey.ratings.count() == 1
