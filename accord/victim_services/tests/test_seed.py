"""The seed gives the demo what it needs: every type and population, releases in every state, referrals in every
state (some stale), and the demo path's organizations."""

import pytest

from accord.core import seed
from accord.referrals.models import Referral, State
from accord.victim_services.models import Client, Release, TraffickingType


@pytest.mark.django_db
def test_seed_covers_types_populations_and_states():
    seed.run(scale="small", seed=3)
    clients = Client.objects.all()
    assert {c.trafficking_type for c in clients} == set(TraffickingType.values)
    assert {c.gender for c in clients} >= {"female", "male", "transgender", "nonbinary"}
    assert any(c.is_minor for c in clients) and any(not c.is_minor for c in clients)
    assert {c.citizenship for c in clients} >= {"us_citizen", "foreign_national"}
    states = {r.state for r in Release.objects.all()}
    assert "live" in states and "expired" in states and "revoked" in states
    assert set(Referral.objects.values_list("state", flat=True)) == set(State.values)
    assert any(r.is_stale for r in Referral.objects.all())
    assert Referral.objects.filter(sender__lane="law_enforcement", recipient__lane="victim_services").exists()
    assert Client.objects.filter(organization__name="Harbor House").count() >= 20
