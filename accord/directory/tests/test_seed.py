"""The synthetic directory: realistic offerings, the deliberate Marlow gap, and stale capacity."""

from __future__ import annotations

import pytest

from accord.core import seed
from accord.directory import coverage
from accord.directory.matching import Need, find_help
from accord.directory.models import Area, Contact, DirectoryProfile, FirstCall, Offering, ServiceCategory


@pytest.mark.django_db
def test_small_seed_builds_a_directory_with_a_gap_in_marlow():
    ctx = seed.run(scale="small", seed=3)
    organizations = sum(len(v) for v in ctx.organizations.values())
    assert DirectoryProfile.objects.count() == organizations
    assert Offering.objects.count() >= 3 * organizations
    assert Contact.objects.exists() and FirstCall.objects.exists()
    assert Offering.objects.stale().exists()
    shelter = ServiceCategory.objects.get(code="emergency_shelter")
    marlow, riverside = Area.objects.get(name="Marlow"), Area.objects.get(name="Riverside")
    grid = coverage.compute()
    assert grid.cell(shelter.pk, "adult_men", marlow.pk).status == "none"
    assert grid.cell(shelter.pk, "adult_women", marlow.pk).count >= 1
    answer = find_help(Need(category=shelter, area=riverside, age=35, gender="men", language="es", tonight=True))
    assert "Harbor House" in [r.organization.name for r in answer.matches]
    assert not find_help(Need(category=shelter, area=marlow, age=35, gender="men")).matches
