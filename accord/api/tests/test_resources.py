"""The API over the same rules as the pages: referrals, services behind the consent wall, the directory,
bad input answered in one format with nothing changed, and list queries that do not grow with rows."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.api.scopes import Scope
from accord.api.tests.helpers import bearer, token_for
from accord.core.models import AuditEvent
from accord.referrals.models import Referral, State
from accord.victim_services.models import ServiceDelivery
from accord.victim_services.tests import factories as f


def post(client, url, body, secret, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(secret), **extra)


def test_referral_loop_over_the_api(personas, client):
    sender, recipient = token_for(personas.advocate), token_for(personas.member)
    created = post(
        client,
        "/api/v1/referrals/",
        {"recipient": personas.partner_c.pk, "need": f.category().pk, "urgency": "soon", "details": "T-visa consult"},
        sender,
    )
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["state"] == State.SENT
    assert AuditEvent.objects.filter(verb="referral.sent", target_id=str(referral_id)).exists()
    listed = client.get("/api/v1/referrals/?box=received", **bearer(recipient)).json()
    assert [r["id"] for r in listed["results"]] == [referral_id] and listed["count"] == 1
    accepted = post(client, f"/api/v1/referrals/{referral_id}/accept/", {"expected_version": 2}, recipient)
    assert accepted.status_code == 200 and accepted.json()["state"] == State.ACCEPTED
    stale = post(
        client, f"/api/v1/referrals/{referral_id}/complete/", {"expected_version": 2, "outcome": "provided"}, recipient
    )
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    done = post(client, f"/api/v1/referrals/{referral_id}/complete/", {"outcome": "provided"}, recipient)
    assert done.status_code == 200 and done.json()["state"] == State.COMPLETED


def test_referral_rules_come_from_the_actions(personas, client):
    referral = f.referral(personas)  # VSP B → partner C, sent
    sender = token_for(personas.advocate)
    refused = post(client, f"/api/v1/referrals/{referral.pk}/accept/", {}, sender)
    assert refused.status_code == 403  # only the recipient accepts
    outsider = token_for(personas.investigator)
    assert client.get(f"/api/v1/referrals/{referral.pk}/", **bearer(outsider)).status_code == 404
    assert client.get("/api/v1/referrals/", **bearer(outsider)).json()["count"] == 0
    to_self = post(client, "/api/v1/referrals/", {"recipient": personas.vsp_b.pk, "need": f.category().pk}, sender)
    assert to_self.status_code == 400 and "recipient" in to_self.json()["errors"]
    assert Referral.objects.count() == 1


def test_recipient_sees_identity_only_under_a_live_release(personas, client):
    own_client = f.client(personas)
    f.release(personas, own_client, recipient=personas.partner_c, categories=["identity"])
    referral = f.referral(personas, client_=own_client, share_identity=True)
    body = client.get(f"/api/v1/referrals/{referral.pk}/", **bearer(token_for(personas.member))).json()
    assert body["identity"]["legal_name"] == "Ana Example"
    assert body["client"] is None  # the recipient never learns the VSP's client id
    assert AuditEvent.objects.filter(verb="client.viewed", actor_id=personas.member.pk).exists()
    own_client.releases.update(revoked_at="2020-01-01T00:00:00Z")
    body = client.get(f"/api/v1/referrals/{referral.pk}/", **bearer(token_for(personas.member))).json()
    assert body["identity"] is None


def test_service_pushed_onto_own_client_and_refused_elsewhere(personas, client):
    own_client = f.client(personas)
    service = {"delivered_on": str(own_client.intake_date), "category": f.category().pk, "units": "2", "unit": "hours"}
    advocate = token_for(personas.advocate, [Scope.SERVICES_WRITE])
    created = post(client, f"/api/v1/clients/{own_client.pk}/services/", service, advocate)
    assert created.status_code == 201, created.content
    assert ServiceDelivery.objects.get().provider_id == personas.vsp_b.pk
    assert AuditEvent.objects.filter(verb="client.service.created", target_id=str(own_client.pk)).exists()
    for other in (personas.member, personas.coordinator, personas.investigator):
        response = post(client, f"/api/v1/clients/{own_client.pk}/services/", service, token_for(other))
        assert response.status_code == 404, other  # the consent wall: as if it did not exist
    missing = post(client, "/api/v1/clients/999999/services/", service, advocate)
    assert missing.status_code == 404
    assert ServiceDelivery.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ("{not json", "application/json", 400, None),
        (json.dumps({"delivered_on": "yesterday", "category": "x"}), "application/json", 400, "delivered_on"),
        (json.dumps({"delivered_on": "2025-01-01", "category": 1, "colour": "red"}), "application/json", 400, "colour"),
        (json.dumps([1, 2]), "application/json", 400, None),
        ("delivered_on=2025-01-01", "application/x-www-form-urlencoded", 415, None),
        (json.dumps({"note": "x" * 70_000}), "application/json", 413, None),
        ("NaN", "application/json", 400, None),
    ],
)
def test_bad_input_is_one_format_and_changes_nothing(personas, client, body, content_type, status, field):
    own_client = f.client(personas)
    response = client.post(
        f"/api/v1/clients/{own_client.pk}/services/",
        body,
        content_type=content_type,
        **bearer(token_for(personas.advocate)),
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["detail"] and problem["request_id"] == response["X-Request-ID"]
    if field:
        assert field in problem["errors"]
    assert not ServiceDelivery.objects.exists()


def test_unknown_address_and_method_are_problems(personas, client):
    secret = token_for(personas.member)
    response = client.get("/api/v1/nothing-here/", **bearer(secret))
    assert response.status_code == 404 and response.json()["title"] == "Not found"
    response = client.delete("/api/v1/referrals/", **bearer(secret))
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"


def test_pagination_and_bad_filters(personas, client):
    secret = token_for(personas.member)
    assert client.get("/api/v1/referrals/?state=bogus", **bearer(secret)).status_code == 400
    assert client.get("/api/v1/referrals/?page=9", **bearer(secret)).status_code == 404
    body = client.get("/api/v1/directory/organizations/?page_size=2", **bearer(secret)).json()
    assert set(body) == {"count", "next", "previous", "results"} and len(body["results"]) == 2


def test_availability_update_by_the_providers_admin_only(personas, client):
    from accord.directory.tests import factories as directory

    offering = directory.offering(personas.vsp_b)
    url = f"/api/v1/directory/offerings/{offering.pk}/availability/"
    assert post(client, url, {"availability": "open"}, token_for(personas.advocate)).status_code == 403
    assert post(client, url, {"availability": "open"}, token_for(personas.member)).status_code == 403
    response = post(client, url, {"availability": "limited", "available_units": 1}, token_for(personas.vsp_admin))
    assert response.status_code == 200, response.content
    assert response.json()["availability"] == "limited" and response.json()["available_units"] == 1
    assert AuditEvent.objects.filter(verb="directory.availability_confirmed", target_id=str(offering.pk)).exists()
    bad = post(client, url, {"availability": "roomy"}, token_for(personas.vsp_admin))
    assert bad.status_code == 400 and "availability" in bad.json()["errors"]


def test_find_help_uses_the_page_matcher(personas, client):
    secret = token_for(personas.member)
    assert client.get("/api/v1/directory/find-help/", **bearer(secret)).status_code == 400
    body = client.get(f"/api/v1/directory/find-help/?service={f.category().pk}", **bearer(secret)).json()
    assert set(body) >= {"matches", "near_misses", "considered"}


def test_referral_list_query_count_does_not_grow(personas, client):
    secret = token_for(personas.member)
    f.referral(personas)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/referrals/", **bearer(secret)).status_code == 200
    for _ in range(5):
        f.referral(personas)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/referrals/", **bearer(secret)).json()["count"] == 6
    assert len(many) == len(few)


def test_organization_list_query_count_does_not_grow(personas, client):
    from accord.core.testing import make_organization

    secret = token_for(personas.member)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/directory/organizations/", **bearer(secret))
    for n in range(5):
        make_organization(f"Extra {n}", "partner", "health")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/directory/organizations/", **bearer(secret))
    assert len(many) == len(few)


def test_services_are_read_by_the_owner_and_under_a_release_naming_services_only(personas, client):
    own_client = f.client(personas)
    ServiceDelivery.objects.create(
        client=own_client, delivered_on=own_client.intake_date, category=f.category(), provider=personas.vsp_b
    )
    url = f"/api/v1/clients/{own_client.pk}/services/"
    owner = client.get(url, **bearer(token_for(personas.advocate)))
    assert owner.status_code == 200 and owner.json()["count"] == 1
    member = token_for(personas.member)
    assert client.get(url, **bearer(member)).status_code == 404  # no release
    release = f.release(personas, own_client, recipient=personas.partner_c, categories=["identity"])
    assert client.get(url, **bearer(member)).status_code == 404  # a release, but not of services
    release.categories = ["services"]
    release.save()
    assert client.get(url, **bearer(member)).json()["count"] == 1
    viewed = AuditEvent.objects.filter(verb="client.viewed", actor_id=personas.member.pk).latest("id")
    assert viewed.changes["basis"] == "release" and viewed.changes["purpose"] == "api: list services"


def test_action_item_closed_by_its_owner_with_the_write_scope(personas, client):
    from accord.governance.tests import factories as governance

    item = governance.action_item(governance.tf_meeting(personas), personas.member)
    url = f"/api/v1/governance/action-items/{item.pk}/close/"
    read_only = token_for(personas.member, [Scope.GOVERNANCE_READ])
    assert client.post(url, **bearer(read_only)).status_code == 403
    assert client.post(url, **bearer(token_for(personas.advocate))).status_code == 403  # not the owner
    closed = client.post(url, **bearer(token_for(personas.member, [Scope.GOVERNANCE_WRITE])))
    assert closed.status_code == 200 and closed.json()["closed_at"]
    assert AuditEvent.objects.filter(verb="governance.action_item_closed", target_id=str(item.pk)).count() == 1


def test_organization_detail_names_who_to_call(personas, client):
    from accord.directory.tests import factories as directory

    directory.contact(personas.vsp_b)
    body = client.get(f"/api/v1/directory/organizations/{personas.vsp_b.pk}/", **bearer(token_for(personas.member)))
    assert [c["name"] for c in body.json()["contacts"]] == ["Pat Rivera"]
