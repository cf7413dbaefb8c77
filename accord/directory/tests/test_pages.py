"""Directory pages through HTTP: profiles, one-click capacity, history, coverage gaps, the home panel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.directory import coverage
from accord.directory.models import DirectoryProfile, Offering
from accord.directory.tests import factories as f

pytestmark = pytest.mark.django_db


def test_org_admin_sees_edit_controls_only_on_their_own_page(client, personas):
    f.offering(personas.vsp_b)
    f.offering(personas.partner_c)
    sign_in(client, personas.vsp_admin)
    own = client.get(reverse("directory:organization", args=[personas.vsp_b.pk])).content.decode()
    other = client.get(reverse("directory:organization", args=[personas.partner_c.pk])).content.decode()
    assert "Edit profile" in own and "Has space</button>" in own
    assert "Edit profile" not in other and "Has space</button>" not in other


def test_one_click_capacity_with_htmx_returns_the_panel(client, personas):
    offering = f.offering(personas.vsp_b, availability_confirmed_at=timezone.now() - timedelta(days=50))
    sign_in(client, personas.vsp_admin)
    response = client.post(
        reverse("directory:capacity_update", args=[offering.pk]), {"availability": "full"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.templates[0].name == "directory/partials/_capacity.html"
    assert "Saved. Availability confirmed just now." in response.content.decode()
    offering.refresh_from_db()
    assert offering.availability == "full" and not offering.is_stale
    assert AuditEvent.objects.filter(verb="directory.availability_confirmed", target_id=str(offering.pk)).exists()


def test_bad_capacity_value_changes_nothing(client, personas):
    offering = f.offering(personas.vsp_b)
    sign_in(client, personas.vsp_admin)
    response = client.post(
        reverse("directory:capacity_update", args=[offering.pk]), {"availability": "plenty"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Choose how much space there is." in response.content.decode()
    offering.refresh_from_db()
    assert offering.availability == "open"
    assert not AuditEvent.objects.filter(verb="directory.availability_confirmed").exists()


def test_profile_form_rejects_a_bad_phone_with_a_message(client, personas):
    sign_in(client, personas.vsp_admin)
    response = client.post(
        reverse("directory:profile_edit", args=[personas.vsp_b.pk]), {"main_phone": "call us", "mou_status": "none"}
    )
    assert response.status_code == 200
    assert "is not a phone number" in response.content.decode()
    assert not DirectoryProfile.objects.exists()


def test_offering_form_saves_and_history_shows_the_edit(client, personas):
    sign_in(client, personas.vsp_admin)
    response = client.post(reverse("directory:offering_create", args=[personas.vsp_b.pk]), f.offering_post_data())
    offering = Offering.objects.get()
    assert response.url == reverse("directory:offering_detail", args=[offering.pk])
    assert offering.languages == ["en", "es"] and offering.availability_confirmed_at is not None
    history = client.get(reverse("directory:history", args=[personas.vsp_b.pk])).content.decode()
    assert "directory.offering_created" in history and "vsp_admin" in history


def test_history_of_another_organization_is_not_found_for_an_org_admin(client, personas):
    sign_in(client, personas.vsp_admin)
    assert client.get(reverse("directory:history", args=[personas.partner_c.pk])).status_code == 404


def test_coverage_grid_finds_none_one_and_stale(personas):
    cedar, marlow = f.area("Cedar"), f.area("Marlow")
    f.offering(personas.vsp_b, areas=[cedar])
    f.offering(personas.partner_c, areas=[cedar], genders=["women"])
    f.offering(personas.agency_a, areas=[marlow], availability_confirmed_at=timezone.now() - timedelta(days=45))
    f.offering(personas.coordination, areas=[marlow], availability_confirmed_at=timezone.now() - timedelta(days=31))
    grid = coverage.compute()
    shelter = f.category().pk
    assert grid.cell(shelter, "adult_women", cedar.pk).status == "ok"
    assert grid.cell(shelter, "adult_men", cedar.pk).status == "one"
    assert grid.cell(shelter, "adult_men", marlow.pk).status == "stale"
    assert grid.cell(shelter, "minors", cedar.pk).status == "none"
    assert grid.cell(f.category("food").pk, "adult_men", cedar.pk).status == "none"
    assert "lang_en" in {p.code for p in grid.populations}


def test_statewide_offering_covers_every_county(personas):
    f.offering(personas.vsp_b, areas=[f.area("Statewide", "statewide")])
    cedar, marlow = f.area("Cedar"), f.area("Marlow")
    grid = coverage.compute()
    assert grid.cell(f.category().pk, "adult_men", cedar.pk).count == 1
    assert grid.cell(f.category().pk, "adult_men", marlow.pk).count == 1
    assert "Statewide" not in [c.name for c in grid.counties]


def test_coverage_page_draws_svg_and_table_and_exports_csv(client, personas):
    f.offering(personas.vsp_b, areas=[f.area("Cedar")], genders=["women"])
    f.area("Marlow")
    sign_in(client, personas.member)
    page = client.get(reverse("directory:coverage"), {"population": "adult_men"}).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<table" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0] and 'style="' not in page
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("directory:coverage_csv")).content.decode())))
    shelter_men_marlow = [
        r
        for r in rows
        if r["service_code"] == "emergency_shelter" and r["population"] == "Adult men" and r["county"] == "Marlow"
    ]
    assert shelter_men_marlow[0]["status"] == "No provider"


def test_home_panel_asks_the_org_admin_to_confirm_stale_capacity(client, personas):
    f.offering(personas.vsp_b, availability_confirmed_at=timezone.now() - timedelta(days=40))
    sign_in(client, personas.vsp_admin)
    assert "Confirm your capacity" in client.get(reverse("core:home")).content.decode()
    sign_in(client, personas.advocate)
    assert "Confirm your capacity" not in client.get(reverse("core:home")).content.decode()


def test_directory_and_print_pages_list_organizations(client, personas):
    f.offering(personas.vsp_b)
    sign_in(client, personas.investigator)
    assert "VSP B Shelter" in client.get(reverse("directory:index"), {"service": f.category().pk}).content.decode()
    assert "Emergency shelter" in client.get(reverse("directory:print")).content.decode()
