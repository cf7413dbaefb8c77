"""The documented sync script (docs/api/agency_sync.py) run against a live server, so it cannot rot."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from accord.api.scopes import Scope
from accord.api.tests.helpers import token_for
from accord.core.models import AuditEvent
from accord.victim_services.models import ServiceDelivery
from accord.victim_services.tests import factories as f

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "api" / "agency_sync.py"


def load_script():
    spec = importlib.util.spec_from_file_location("agency_sync", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agency_pulls_its_referrals_and_pushes_a_service(live_server, capsys):
    from accord.core.testing import make_personas

    personas = make_personas()
    sync = load_script()
    for _ in range(3):
        f.referral(personas)  # VSP B → partner C
    # The VSP pulls what it received (nothing) and records a service for its own client.
    own_client = f.client(personas)
    vsp_token = token_for(personas.advocate, [Scope.REFERRALS_READ, Scope.SERVICES_WRITE])
    assert sync.main(["--url", live_server.url, "--token", vsp_token, "--client", str(own_client.pk),
                      "--category", str(f.category().pk)]) == 0  # fmt: skip
    assert ServiceDelivery.objects.filter(client=own_client, recorded_by=personas.advocate).count() == 1
    # The partner pulls the three referrals sent to it, over pages of one.
    partner = sync.Accord(live_server.url, token_for(personas.member, [Scope.REFERRALS_READ]))
    received = partner.request("GET", "/api/v1/referrals/?box=received&page_size=1")
    assert received["count"] == 3 and received["next"]
    assert len(partner.referrals_received()) == 3
    # The partner may not write to VSP B's client: the consent wall answers 404 and nothing changes.
    with pytest.raises(sync.AccordError) as refused:
        partner.record_service(own_client.pk, f.category().pk)
    assert refused.value.status in (403, 404)
    assert ServiceDelivery.objects.count() == 1
    assert AuditEvent.objects.filter(verb="api.request", actor_id=personas.member.pk).count() >= 3
    capsys.readouterr()
