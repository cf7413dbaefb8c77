"""Find help: who can serve, in what order, what near misses lack, and whom to call first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.testing import make_organization, sign_in
from accord.directory.matching import Need, find_help
from accord.directory.models import FirstCall, Situation
from accord.directory.tests import factories as f

pytestmark = pytest.mark.django_db


def _need(**fields):
    return Need(category=f.category(), **fields)


def test_a_spanish_speaking_shelter_for_an_adult_man(personas):
    riverside, marlow = f.area("Riverside"), f.area("Marlow")
    good = f.offering(personas.vsp_b, name="Men welcome", areas=[riverside], languages=["en", "es"], open_24_7=True)
    f.offering(
        personas.partner_c, name="Women only", areas=[riverside], genders=["women"], languages=["es"], open_24_7=True
    )
    f.offering(personas.agency_a, name="Other county", areas=[marlow], languages=["es"], open_24_7=True)
    answer = find_help(_need(area=riverside, age=34, gender="men", language="es", tonight=True))
    assert [r.offering for r in answer.matches] == [good]
    assert "Serves men" in answer.matches[0].meets and "Staff speak Spanish" in answer.matches[0].meets
    near = {r.offering.name: r.misses for r in answer.near_misses}
    assert near["Women only"] == ["Does not serve men"]
    assert near["Other county"] == ["Does not serve Riverside (serves Marlow)"]


def test_statewide_services_serve_every_county(personas):
    f.offering(personas.vsp_b, areas=[f.area("Statewide", "statewide")])
    answer = find_help(_need(area=f.area("Lowell")))
    assert len(answer.matches) == 1 and "Serves the whole state" in answer.matches[0].meets


def test_ranking_prefers_confirmed_space(personas):
    area = f.area()
    stale = f.offering(personas.vsp_b, name="Stale", availability_confirmed_at=timezone.now() - timedelta(days=40))
    fresh = f.offering(personas.partner_c, name="Fresh")
    limited = f.offering(personas.agency_a, name="Limited", availability="limited")
    full = f.offering(personas.coordination, name="Full", availability="full", available_units=0)
    answer = find_help(_need(area=area))
    assert [r.offering for r in answer.matches] == [fresh, limited, stale]
    assert any("call to check" in c for c in answer.matches[-1].cautions)
    assert [r.offering for r in answer.near_misses] == [full]
    assert answer.near_misses[0].misses[0].startswith("Full")


def test_interpreter_counts_with_a_caution(personas):
    f.offering(personas.vsp_b, languages=["en"], interpretation=True)
    result = find_help(_need(language="vi")).matches[0]
    assert "Vietnamese through an interpreter" in result.meets and result.cautions


def test_minors_and_families(personas):
    f.offering(personas.vsp_b, name="Adults", min_age=18)
    f.offering(personas.partner_c, name="Families", min_age=None, minors="accompanied", families=True)
    answer = find_help(_need(age=15, with_children=True))
    assert [r.offering.name for r in answer.matches] == ["Families"]
    assert "Minors only with a parent or guardian" in answer.matches[0].cautions
    assert answer.near_misses[0].misses == ["Adults only", "Does not take families with children"]


def test_more_than_two_misses_is_not_a_near_miss(personas):
    f.offering(personas.vsp_b, genders=["women"], trafficking_types=["sex"], citizenship=["us_citizen"])
    answer = find_help(_need(gender="men", trafficking_type="labor", citizenship="foreign_without_status"))
    assert not answer.matches and not answer.near_misses


def test_the_contact_named_for_the_situation_is_called_first(personas):
    offering = f.offering(personas.vsp_b)
    general = f.contact(personas.vsp_b, "Gen Eral")
    night = f.contact(personas.vsp_b, "Night Owl")
    FirstCall.objects.create(organization=personas.vsp_b, situation=Situation.GENERAL, contact=general)
    FirstCall.objects.create(organization=personas.vsp_b, situation=Situation.AFTER_HOURS, contact=night)
    assert find_help(_need(tonight=False)).matches[0].contact == general
    offering.open_24_7 = True
    offering.save()
    result = find_help(_need(tonight=True)).matches[0]
    assert result.contact == night and "after hours" in result.contact_reason


def test_page_lists_matches_and_links_a_gap(client, personas):
    f.offering(personas.vsp_b, genders=["women"], areas=[f.area("Marlow")])
    sign_in(client, personas.investigator)
    url = reverse("directory:find_help")
    response = client.get(url, {"service": f.category().pk, "county": f.area("Marlow").pk, "age": 40, "gender": "men"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No provider in the directory meets every need" in page
    assert "population=adult_men" in page
    assert "Does not serve men" in page


def test_only_non_identifying_fields_are_asked(client, personas):
    sign_in(client, personas.advocate)
    form = client.get(reverse("directory:find_help")).context["form"]
    assert set(form.fields) == {
        "service",
        "county",
        "age",
        "gender",
        "language",
        "with_children",
        "trafficking_type",
        "citizenship",
        "tonight",
    }


def _search(client, **extra):
    return client.get(reverse("directory:find_help"), {"service": f.category().pk, "age": 30, **extra})


FIND_HELP_QUERIES = 12  # three of them the signed-in request itself (session, account, its grants)


def test_query_count_does_not_grow_with_results(client, personas, django_assert_max_num_queries):
    sign_in(client, personas.advocate)
    for n in range(3):
        org = make_organization(f"Small {n}", "victim_services")
        f.offering(org)
        f.contact(org)
    with CaptureQueriesContext(connection) as few:
        assert len(_search(client).context["answer"].matches) == 3
    # An upper bound too, so the request path's savings cannot slip back: session and account (2),
    # the form's service and county choices (3), the terms, areas and area names (3), the shown offerings,
    # contacts and first calls (3).
    assert len(few.captured_queries) <= FIND_HELP_QUERIES, [q["sql"][:90] for q in few.captured_queries]
    for n in range(30):
        org = make_organization(f"Large {n}", "victim_services")
        f.offering(org, areas=[f.area(), f.area("Marlow")])
        f.contact(org, "Ann One")
        f.contact(org, "Bob Two")
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = _search(client).context["answer"]
        assert answer.match_count == 33 and len(answer.matches) == 10
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_search(client, show="all").context["answer"].matches) == 33


def test_the_first_answer_shows_the_best_ten_and_offers_the_rest(client, personas):
    sign_in(client, personas.advocate)
    for n in range(12):
        f.offering(make_organization(f"Provider {n:02}", "victim_services"))
    page = _search(client).content.decode()
    assert page.count('class="dir-result dir-result--match"') == 10
    assert "Show all 12 matches" in page and "show=all" in page
    wide = _search(client, show="all").content.decode()
    assert wide.count('class="dir-result dir-result--match"') == 12
    assert "Show all" not in wide


def test_results_offer_a_referral_prefilled_with_the_need(client, personas):
    offering = f.offering(personas.partner_c, name="Immigration help", areas=[f.area("Riverside")])
    sign_in(client, personas.advocate)
    body = client.get(reverse("directory:find_help"), {"service": offering.category_id, "age": 30, "gender": "men"})
    link = f"{reverse('referrals:create')}?organization={personas.partner_c.pk}&amp;service={offering.category_id}"
    assert link in body.content.decode() and "gender=men" in body.content.decode()


def test_the_auditor_is_not_offered_a_referral(client, personas):
    offering = f.offering(personas.partner_c, name="Immigration help", areas=[f.area("Riverside")])
    sign_in(client, personas.auditor)
    body = client.get(reverse("directory:find_help"), {"service": offering.category_id, "age": 30})
    assert reverse("referrals:create") not in body.content.decode()
