"""Schemathesis against the committed schema, through the WSGI app, once per persona's token (all scopes):
no 5xx, every response matches the schema, and nothing outside the persona's reach comes back.

Canaries: a referral between two organizations none of the personas belongs to, an investigation of an agency
that shares it with nobody, and a client of another victim-services provider. Their marker strings must never
appear in any response to any persona.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accord.api.tests.helpers import bearer, token_for
from accord.core.models import Lane, Role, Sector
from accord.core.testing import PERSONA_NAMES, make_organization, make_user
from accord.investigations.tests import factories as investigations
from accord.victim_services.tests import factories as f

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.yaml"
MARK = "CANARY7Q"
EXAMPLES = 8


def plant_canaries(p) -> None:
    from accord.referrals.models import Referral

    far_vsp = make_organization("Far VSP", Lane.VICTIM_SERVICES, Sector.VICTIM_SERVICES)
    far_partner = make_organization("Far Partner", Lane.PARTNER, Sector.HEALTH)
    far_agency = make_organization("Far Agency", Lane.LAW_ENFORCEMENT, Sector.LAW_ENFORCEMENT)
    far_advocate = make_user("far_advocate", far_vsp, Role.ADVOCATE)
    far_cop = make_user("far_cop", far_agency, Role.INVESTIGATOR)
    stranger = f.client(p, code="FAR-0001", legal_name=f"{MARK} Client")
    type(stranger).objects.filter(pk=stranger.pk).update(organization=far_vsp)
    Referral.objects.create(
        sender=far_vsp, sent_by=far_advocate, recipient=far_partner, need=f.category(), state="sent",
        details=f"{MARK} referral", client=stranger,
    )  # fmt: skip
    investigations.investigation(far_agency, by=far_cop, name=f"{MARK} investigation")


@pytest.fixture
def wsgi_schema():
    schema = schemathesis.openapi.from_path(str(SCHEMA))
    schema.app = get_wsgi_application()
    return schema


@pytest.mark.parametrize("persona", [name for name in PERSONA_NAMES if name != "anonymous"])
def test_schema_holds_for_every_persona(personas, persona, wsgi_schema, settings):
    settings.ALLOWED_HOSTS = ["*"]
    plant_canaries(personas)
    run_operations(wsgi_schema, personas, persona, GenerationMode.POSITIVE)


@pytest.mark.parametrize("persona", ["advocate", "vsp_admin"])
def test_invalid_input_never_breaks_the_server(personas, persona, wsgi_schema, settings):
    """Generated bad input (wrong types, missing fields, bad values) for the personas who write the most."""
    settings.ALLOWED_HOSTS = ["*"]
    plant_canaries(personas)
    run_operations(wsgi_schema, personas, persona, GenerationMode.NEGATIVE)


def run_operations(wsgi_schema, personas, persona: str, mode: GenerationMode) -> None:
    headers = bearer(token_for(personas.user(persona)))
    auth = {"Authorization": headers["HTTP_AUTHORIZATION"]}
    checks = [not_a_server_error] + ([response_schema_conformance] if mode == GenerationMode.POSITIVE else [])
    # The WSGI handler would close the test's connection (and its transaction) around each request, as
    # Django's test client prevents too.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        for result in wsgi_schema.get_all_operations():
            operation = result.ok()

            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(mode))
            def run(case) -> None:
                response = case.call(headers=auth)
                case.validate_response(response, checks=checks)
                assert MARK not in response.text, f"{persona} saw a canary at {case.path}"
                if response.status_code >= 400:
                    headers = {name.lower(): value for name, value in response.headers.items()}
                    assert "application/problem+json" in str(headers.get("content-type")), case.path

            run()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
