"""The consent wall through access.py and HTTP: owner, release, break-glass, everyone else; and its audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import sign_in
from accord.victim_services import actions
from accord.victim_services.access import get_client_for
from accord.victim_services.tests import factories as f

pytestmark = pytest.mark.django_db


def _views(client_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb="client.viewed", target_id=str(client_id)).order_by("id"))


def test_owner_reads_everything_and_the_read_is_audited(personas):
    c = f.client(personas)
    found = get_client_for(personas.advocate, c.pk)
    assert found.is_owner and found.can_write
    event = _views(c.pk)[-1]
    assert event.changes["basis"] == "owner" and event.actor_id == personas.advocate.pk


@pytest.mark.parametrize("persona", ["investigator", "member", "coordinator", "auditor"])
def test_everyone_else_gets_404_and_the_refusal_is_audited(personas, persona):
    c = f.client(personas)
    with pytest.raises(Http404):
        get_client_for(getattr(personas, persona), c.pk)
    denied = AuditEvent.objects.filter(verb="client.access_denied").last()
    assert denied is not None and denied.outcome == "denied" and denied.changes["client_id"] == c.pk


def test_superuser_flag_grants_nothing(personas, client):
    personas.investigator.is_superuser = True
    personas.investigator.is_staff = True
    personas.investigator.save()
    c = f.client(personas)
    sign_in(client, personas.investigator)
    assert client.get(reverse("victim_services:client_detail", args=[c.pk])).status_code == 404


def test_missing_and_not_yours_answer_alike(personas, client):
    c = f.client(personas)
    sign_in(client, personas.member)
    hidden = client.get(reverse("victim_services:client_detail", args=[c.pk]))
    missing = client.get(reverse("victim_services:client_detail", args=[c.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert c.code not in hidden.content.decode()
    message = "There is no page at this address, or it is not yours to see."
    assert message in hidden.content.decode() and message in missing.content.decode()


def test_release_shows_only_the_named_categories_read_only(personas, client):
    c = f.client(personas, legal_name="Rosa Identity", phone="+12175550111", address="9 Hidden Road")
    release = f.release(personas, c, categories=["identity"])
    sign_in(client, personas.member)
    page = client.get(reverse("victim_services:client_detail", args=[c.pk])).content.decode()
    assert "Rosa Identity" in page
    assert "2175550111" not in page and "Hidden Road" not in page
    for hidden in ("Case status", "Intake and reporting", "Age at intake", "Notes", "Screenings", "usa-tag"):
        assert hidden not in page, hidden
    assert client.get(reverse("victim_services:client_edit", args=[c.pk])).status_code == 403
    event = _views(c.pk)[-1]
    assert event.changes["basis"] == "release" and event.changes["release_id"] == release.pk
    assert event.organization_id == personas.partner_c.pk


def test_release_stops_at_expiry_and_on_revocation(personas):
    c = f.client(personas)
    release = f.release(personas, c, days=3)
    assert get_client_for(personas.member, c.pk).basis == "release"
    with time_machine.travel(timezone.now() + timedelta(days=5)), pytest.raises(Http404):
        get_client_for(personas.member, c.pk)
    actions.release_revoke(actor=personas.advocate, release=release, expected_version=release.version)
    with pytest.raises(Http404):
        get_client_for(personas.member, c.pk)
    assert AuditEvent.objects.filter(verb="release.revoked", changes__release_id=release.pk).exists()


def test_release_to_another_organization_does_not_open_it_to_this_one(personas):
    c = f.client(personas)
    f.release(personas, c, recipient=personas.agency_a)
    with pytest.raises(Http404):
        get_client_for(personas.member, c.pk)
    assert get_client_for(personas.investigator, c.pk).basis == "release"


def test_break_glass_gives_full_read_while_live_then_nothing(personas, client):
    c = f.client(personas, legal_name="Glass Person")
    grant = actions.break_glass_grant(
        actor=personas.vsp_admin, client=c, grantee=personas.investigator, reason="Imminent danger", hours=2
    )
    found = get_client_for(personas.investigator, c.pk)
    assert found.basis == "break_glass" and not found.can_write
    assert _views(c.pk)[-1].changes["break_glass_id"] == grant.pk
    with pytest.raises(PermissionDenied):
        get_client_for(personas.investigator, c.pk, write=True)
    with time_machine.travel(timezone.now() + timedelta(hours=3)), pytest.raises(Http404):
        get_client_for(personas.investigator, c.pk)
    assert AuditEvent.objects.filter(verb="break_glass.granted", changes__grant_id=grant.pk).exists()


def test_break_glass_needs_a_supervisor_of_the_vsp_a_reason_and_a_limit(personas):
    from django.core.exceptions import ValidationError

    c = f.client(personas)
    with pytest.raises(PermissionDenied):
        actions.break_glass_grant(actor=personas.advocate, client=c, grantee=personas.member, reason="x", hours=1)
    with pytest.raises(ValidationError):
        actions.break_glass_grant(actor=personas.vsp_admin, client=c, grantee=personas.member, reason=" ", hours=1)
    with pytest.raises(ValidationError):
        actions.break_glass_grant(actor=personas.vsp_admin, client=c, grantee=personas.member, reason="x", hours=99)
    assert not c.break_glass.exists()


def test_break_glass_is_reviewed_by_someone_else(personas):
    from django.core.exceptions import ValidationError

    c = f.client(personas)
    grant = f.grant(personas, c)
    with pytest.raises(ValidationError):
        actions.break_glass_review(actor=personas.vsp_admin, grant=grant, note="")
    actions.break_glass_review(actor=personas.vsp_admin, grant=grant, note="Justified: hospital emergency.")
    grant.refresh_from_db()
    assert grant.reviewed_by == personas.vsp_admin and grant.ended_at is not None
    assert AuditEvent.objects.filter(verb="break_glass.reviewed").exists()


def test_document_needs_the_documents_category(personas, client):
    c = f.client(personas)
    f.release(personas, c, categories=["identity"])
    doc = f.document(personas, c)
    sign_in(client, personas.member)
    assert client.get(reverse("victim_services:document_download", args=[doc.pk])).status_code == 404


def test_client_list_query_count_does_not_grow(personas, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, personas.advocate)
    url = reverse("victim_services:index")
    for n in range(3):
        f.client(personas, f"VSPB-1{n:03d}")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3, 25):
        f.client(personas, f"VSPB-1{n:03d}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
