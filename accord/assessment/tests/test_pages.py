"""Assessment pages through the test client, the home panel, the seed and the indicators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.assessment import actions, indicators, network, queries
from accord.assessment.models import Round, TieRating
from accord.assessment.seed import ISOLATED
from accord.assessment.tests import factories as f
from accord.core.testing import make_user, sign_in

pytestmark = pytest.mark.django_db


def test_an_open_round_awaits_members_on_their_home_page_until_they_answer(client, personas):
    round_ = f.open_round(personas, title="Roadmap spring")
    sign_in(client, personas.member)
    assert "Roadmap spring" in client.get("/").content.decode()
    response = client.post(
        reverse("assessment:round_detail", args=[round_.pk]), {f"q{q.pk}": "3" for q in f.questions(round_)}
    )
    assert response.status_code == 302
    assert "Roadmap spring" not in client.get("/").content.decode()
    sign_in(client, personas.auditor)
    assert "Roadmap spring" not in client.get("/").content.decode()


def test_a_stage_outside_the_scale_through_the_page_is_refused(client, personas):
    round_ = f.open_round(personas)
    sign_in(client, personas.member)
    first = f.questions(round_)[0]
    response = client.post(reverse("assessment:round_detail", args=[round_.pk]), {f"q{first.pk}": "9"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not round_.responses.exists()


def test_an_answer_to_a_closed_round_through_the_page_says_so(client, personas):
    round_ = f.closed_round(personas)
    sign_in(client, personas.member)
    first = f.questions(round_)[0]
    response = client.post(reverse("assessment:round_detail", args=[round_.pk]), {f"q{first.pk}": "3"})
    assert response.status_code == 400 and "takes no more answers" in response.content.decode()
    assert round_.responses.count() == 1


def test_own_answers_are_shown_only_to_the_respondent(client, personas):
    round_ = f.open_round(personas)
    first = f.questions(round_)[0]
    actions.response_submit(actor=personas.advocate, round_=round_, stages={first.pk: 4})
    url = reverse("assessment:round_detail", args=[round_.pk])
    sign_in(client, personas.advocate)
    assert 'value="4" selected' in client.get(url).content.decode()
    sign_in(client, personas.member)
    assert 'value="4" selected' not in client.get(url).content.decode()


def test_the_results_page_shows_median_spread_and_the_last_round(client, personas):
    f.closed_round(personas, stage=2, title="Last year")
    round_ = f.open_round(personas, title="This year")
    actions.response_submit(actor=personas.member, round_=round_, stages=f.stages_for(round_, 4))
    sign_in(client, personas.coordinator)
    page = client.get(reverse("assessment:round_results", args=[round_.pk])).content.decode()
    assert "Compared with" in page and "Last year" in page
    assert '<td class="assessment-median">4</td>' in page and '<td class="assessment-previous">2<br>' in page
    assert "Not broken out" in page


def test_the_results_page_does_not_grow_its_queries_with_respondents(client, personas):
    round_ = f.open_round(personas)
    sign_in(client, personas.coordinator)
    url = reverse("assessment:round_results", args=[round_.pk])
    actions.response_submit(actor=personas.member, round_=round_, stages=f.stages_for(round_, 3))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        person = make_user(f"extra{n}", personas.agency_a, "investigator", mfa=False)
        actions.response_submit(actor=person, round_=round_, stages=f.stages_for(round_, 2))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_coordinator_proposes_an_action_item_from_the_results(client, personas):
    f.meeting()
    round_ = f.closed_round(personas, stage=1)
    question = f.questions(round_)[0]
    sign_in(client, personas.coordinator)
    page = client.get(reverse("assessment:round_results", args=[round_.pk])).content.decode()
    assert "Propose action item" in page
    client.post(reverse("assessment:action_propose", args=[round_.pk, question.pk]))
    page = client.get(reverse("assessment:round_results", args=[round_.pk])).content.decode()
    assert "Action item proposed" in page


def test_an_instrument_edit_through_the_page_makes_a_new_version(client, personas):
    instrument = f.roadmap()
    version = instrument.current_version()
    sign_in(client, personas.coordinator)
    url = reverse("assessment:instrument_edit", args=[instrument.pk])
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({"notes": "Clearer", "text_leadership": "Who decides what, written down.", "version": version.pk})
    assert client.post(url, data).status_code == 302
    assert instrument.current_version().number == version.number + 1


def test_the_seed_gives_two_rounds_a_year_apart_with_change_a_gap_and_an_isolated_member(db):
    from accord.core import seed

    seed.run(scale="small", seed=1)
    rounds = list(Round.objects.filter(instrument=f.roadmap()).order_by("opened_at"))
    assert len(rounds) == 2 and (rounds[1].opened_at - rounds[0].opened_at).days >= 350
    result = queries.results(rounds[1])
    elements = [e for s in result.sections for e in s.elements]
    assert result.previous == rounds[0]
    assert sum(1 for e in elements if e.change and e.change > 0) >= len(elements) // 2
    assert any(e.gap for e in elements), "no discipline gap is broken out in the demo"
    assert any(e.is_low for e in elements)
    current = network.build(queries.period(0))
    assert ISOLATED in current.isolated
    assert current.measures["density"] > 0 and TieRating.objects.exists()
    assert indicators.network_density() == current.measures["density"]
    assert indicators.isolated_members() == len(current.isolated)


def test_indicators_count_stages_in_the_database(personas):
    round_ = f.open_round(personas)
    questions = f.questions(round_)
    actions.response_submit(actor=personas.member, round_=round_, stages={questions[0].pk: 4, questions[1].pk: 1})
    actions.response_submit(actor=personas.advocate, round_=round_, stages={questions[0].pk: 3, questions[1].pk: 2})
    assert indicators.share_of_answers_at_stage(round_, 3) == 0.5
    assert indicators.share_of_elements_at_stage(round_, 3) == 0.5
    assert indicators.respondents(round_) == {"people": 2, "organizations": 2}
    assert indicators.share_of_answers_at_stage(f.open_round(personas, instrument=f.factors())) is None


def test_the_network_joins_survey_and_records_and_finds_the_isolated(personas):
    survey = f.survey(personas)
    actions.network_ratings_submit(actor=personas.advocate, survey=survey, ratings={personas.agency_a.pk: (3, 4, 4)})
    actions.network_ratings_submit(actor=personas.investigator, survey=survey, ratings={personas.vsp_b.pk: (2, 3, 3)})
    built = network.build(queries.period(0))
    assert built.measures["ties"] == 1 and built.measures["reciprocity"] == 1.0
    assert built.measures["across_lanes"] == 1.0
    assert set(built.isolated) == {"Partner C Legal Aid", "Coordination Office"}
    assert indicators.isolated_members() == 2
