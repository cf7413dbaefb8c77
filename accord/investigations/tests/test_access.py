"""Need to know: who sees which investigation, and what the rest of the task force sees instead."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accord.core.models import AuditEvent, Role
from accord.core.testing import make_user, sign_in
from accord.investigations import actions
from accord.investigations.models import IntelligenceRecord, Investigation, ProsecutionReferral
from accord.investigations.tests import factories as f

pytestmark = pytest.mark.django_db


def _detail(client, inv):
    return client.get(reverse("investigations:detail", args=[inv.pk]))


def test_an_agency_sees_its_own_and_what_is_shared_with_it(client, personas):
    own = f.investigation(personas.agency_a, personas.investigator)
    other = f.investigation(f.agency_d())
    shared = f.investigation(f.agency_d())
    f.share(shared, personas.agency_a)
    assert set(Investigation.objects.visible_to(personas.investigator)) == {own, shared}
    sign_in(client, personas.investigator)
    listed = {inv.pk for inv in client.get(reverse("investigations:list")).context["page"]}
    assert listed == {own.pk, shared.pk}
    assert _detail(client, other).status_code == 404


def test_a_prosecutor_sees_only_what_was_referred_or_shared_to_their_office(client, personas):
    ausa = f.prosecutor()
    ada = f.prosecutor(f.organization("County DA", "prosecution"), "ada")
    inv = f.investigation(personas.agency_a, personas.investigator)
    assert not Investigation.objects.visible_to(ausa).exists()
    referral = ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(1))
    actions.referral_save(actor=personas.investigator, referral=referral)
    assert list(Investigation.objects.visible_to(ausa)) == [inv]
    assert not Investigation.objects.visible_to(ada).exists()
    assert AuditEvent.objects.filter(verb="investigation.shared", changes__automatic=True).exists()
    sign_in(client, ausa)
    assert _detail(client, inv).status_code == 200
    sign_in(client, ada)
    assert _detail(client, inv).status_code == 404


@pytest.mark.parametrize("persona", ["advocate", "vsp_admin", "member", "coordinator", "auditor"])
def test_outside_the_two_lanes_every_investigation_url_is_404_and_audited(client, personas, persona):
    inv = f.investigation(personas.agency_a, personas.investigator)
    subject = f.subject(inv)
    sign_in(client, personas.user(persona))
    urls = [
        reverse("investigations:list"),
        reverse("investigations:case_log"),
        reverse("investigations:detail", args=[inv.pk]),
        reverse("investigations:item_edit", args=[inv.pk, "subjects", subject.pk]),
        reverse("investigations:intelligence_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert subject.name.encode() not in response.content
    refusals = AuditEvent.objects.filter(verb="access.denied", actor_id=personas.user(persona).pk)
    assert refusals.count() == len(urls)
    assert not AuditEvent.objects.filter(verb="subject.viewed").exists()


def test_an_agency_account_without_a_case_role_sees_nothing(client, personas):
    clerk = make_user("clerk", personas.agency_a, Role.MEMBER)
    inv = f.investigation(personas.agency_a, personas.investigator)
    sign_in(client, clerk)
    assert _detail(client, inv).status_code == 404
    assert client.get(reverse("investigations:list")).status_code == 404


def test_a_shared_agency_reads_and_contributes_but_cannot_edit_or_reshare(client, personas):
    inv = f.investigation(f.agency_d())
    f.share(inv, personas.agency_a)
    sign_in(client, personas.investigator)
    assert _detail(client, inv).status_code == 200
    assert client.get(reverse("investigations:edit", args=[inv.pk])).status_code == 403
    response = client.post(
        reverse("investigations:sharing", args=[inv.pk]), {"organization": f.usao().pk, "reason": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.investigation_share(actor=personas.investigator, investigation=inv, organization=f.usao(), reason="x")
    victim = {
        "reference": "V-7",
        "age_band": "18-24",
        "gender": "female",
        "citizenship": "unknown",
        "trafficking_type": "sex",
    }
    response = client.post(reverse("investigations:item_create", args=[inv.pk, "victims"]), victim)
    assert response.status_code == 302
    assert inv.victims.get().organization == personas.agency_a


def test_ending_a_share_ends_the_access(client, personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    other = f.staff(f.agency_d(), "deputy")
    share = actions.investigation_share(
        actor=personas.investigator, investigation=inv, organization=f.agency_d(), reason="joint operation"
    )
    assert Investigation.objects.visible_to(other).exists()
    actions.share_revoke(actor=personas.investigator, share=share)
    assert not Investigation.objects.visible_to(other).exists()
    assert AuditEvent.objects.filter(verb="investigation.share_revoked", target_id=str(inv.pk)).exists()


def test_only_the_office_referred_to_decides(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    referral = actions.referral_save(
        actor=personas.investigator,
        referral=ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(5)),
    )
    with pytest.raises(PermissionDenied):
        actions.referral_decide(
            actor=personas.investigator, referral=referral, decision="accepted", decided_on=f.days_ago(1)
        )
    actions.referral_decide(actor=f.prosecutor(), referral=referral, decision="accepted", decided_on=f.days_ago(1))
    referral.refresh_from_db()
    assert referral.decision == "accepted"
    assert AuditEvent.objects.filter(verb="referral.decided", actor_id=f.prosecutor().pk).exists()


def test_intelligence_stays_inside_the_agency(client, personas):
    record = f.intelligence(personas.agency_a, personas.investigator)
    deputy = f.staff(f.agency_d(), "deputy")
    assert not IntelligenceRecord.objects.visible_to(deputy).exists()
    inv = f.investigation(personas.agency_a, personas.investigator)
    actions.referral_save(
        actor=personas.investigator,
        referral=ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(1)),
    )
    sign_in(client, f.prosecutor())
    assert client.get(reverse("investigations:intelligence_detail", args=[record.pk])).status_code == 404
    sign_in(client, personas.investigator)
    response = client.get(reverse("investigations:intelligence_detail", args=[record.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(verb="intelligence.viewed", target_id=str(record.pk)).exists()


def test_the_coordinator_sees_counts_only_with_small_cells_hidden(client, personas):
    for n in range(12):
        f.investigation(personas.agency_a, personas.investigator, case_number=f"L-{n}", trafficking_type="labor")
    for n in range(3):
        f.investigation(personas.agency_a, personas.investigator, case_number=f"S-{n}", trafficking_type="sex")
    for n in range(15):
        f.investigation(personas.agency_a, personas.investigator, case_number=f"B-{n}", trafficking_type="both")
    sign_in(client, personas.coordinator)
    response = client.get(reverse("investigations:counts"))
    assert response.status_code == 200
    by_type = dict(response.context["tables"][0][1])
    # 3 is below 11, so hidden; labor, the next smallest, is hidden too, or 30 - 15 - 12 would reveal it.
    assert by_type == {
        "Sex trafficking": None,
        "Labor trafficking": None,
        "Sex and labor trafficking": 15,
        "Not yet known": 0,
    }
    assert response.context["total"] == 30
    assert b"L-0" not in response.content and b"Agency A" not in response.content
    assert client.get(reverse("investigations:detail", args=[Investigation.objects.first().pk])).status_code == 404


def test_one_hidden_cell_hides_another_so_the_total_does_not_reveal_it():
    from accord.investigations.queries import suppress

    assert suppress([("a", 20), ("b", 3), ("c", 15), ("d", 0)], 11) == [("a", 20), ("b", None), ("c", None), ("d", 0)]
    assert suppress([("a", 20), ("b", 3), ("c", 4)], 11) == [("a", 20), ("b", None), ("c", None)]
