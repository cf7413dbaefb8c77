"""Accounts by invitation only; roles respect lanes; org admins manage only their own organization."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.core import actions
from accord.core.models import AuditEvent, Invitation, Role, User
from accord.core.testing import sign_in

INVITE = {
    "first_name": "Ana",
    "last_name": "Ruiz",
    "username": "aruiz",
    "email": "aruiz@example.invalid",
    "roles": ["advocate"],
    "title": "Advocate",
}


def _invite(client, personas, **overrides):
    sign_in(client, personas.vsp_admin)
    return client.post(reverse("core:person_invite"), {"organization": personas.vsp_b.pk, **INVITE, **overrides})


def _link_token(email_body: str) -> str:
    return re.search(r"/invitation/([^/\s]+)/", email_body).group(1)


def test_invitation_creates_an_inactive_account_emails_a_link_and_is_audited(client, personas):
    response = _invite(client, personas)
    user = User.objects.get(username="aruiz")
    assert response.status_code == 302 and response.url == reverse("core:person_detail", args=[user.pk])
    assert not user.is_active and not user.has_usable_password()
    assert set(user.role_grants.values_list("role", flat=True)) == {Role.ADVOCATE}
    assert len(mail.outbox) == 1 and "/invitation/" in mail.outbox[0].body
    event = AuditEvent.objects.get(verb="user.invited")
    assert event.actor_id == personas.vsp_admin.pk and event.target_id == str(user.pk)
    assert Invitation.objects.get(user=user).token_hash not in mail.outbox[0].body  # only the hash is stored


def test_invited_person_sets_a_password_and_can_then_sign_in(client, personas):
    _invite(client, personas)
    token = _link_token(mail.outbox[0].body)
    client.logout()
    url = reverse("core:invitation_accept", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"password1": "a long river of words", "password2": "a long river of words", "acknowledge": "on"}
    )
    assert response.status_code == 302 and response.url == reverse("account_login")
    user = User.objects.get(username="aruiz")
    assert user.is_active and user.check_password("a long river of words")
    assert AuditEvent.objects.filter(verb="user.invitation_accepted", actor_id=user.pk).exists()
    assert client.get(url).status_code == 404  # single use


@pytest.mark.parametrize(
    ("passwords", "message"),
    [
        (("short", "short"), b"too short"),
        (("password123456", "password123456"), b"too common"),
        (("a long river of words", "a different river"), b"The two passwords differ"),
    ],
)
def test_bad_invitation_passwords_are_refused_and_change_nothing(client, personas, passwords, message):
    _invite(client, personas)
    client.logout()
    url = reverse("core:invitation_accept", args=[_link_token(mail.outbox[0].body)])
    response = client.post(url, {"password1": passwords[0], "password2": passwords[1], "acknowledge": "on"})
    assert response.status_code == 200 and message in response.content
    assert not User.objects.get(username="aruiz").is_active


def test_expired_invitation_link_is_refused(client, personas):
    _invite(client, personas)
    Invitation.objects.update(expires_at="2000-01-01T00:00:00Z")
    client.logout()
    assert client.get(reverse("core:invitation_accept", args=[_link_token(mail.outbox[0].body)])).status_code == 404


def test_there_is_no_self_sign_up(client, db):
    assert client.get("/accounts/signup/").status_code == 404


def test_org_admin_cannot_invite_into_another_organization(client, personas):
    response = _invite(client, personas, organization=personas.agency_a.pk, roles=["investigator"])
    assert response.status_code == 200
    assert not User.objects.filter(username="aruiz").exists()


def test_role_must_fit_the_lane(personas):
    with pytest.raises(ValidationError, match="not available"):
        actions.user_invite(
            actor=personas.coordinator,
            organization=personas.vsp_b,
            username="x1",
            email="x@e.invalid",
            first_name="X",
            last_name="Y",
            roles=[Role.INVESTIGATOR],
        )


def test_only_the_coordinator_grants_task_force_roles(personas):
    with pytest.raises(ValidationError, match="Only the coordinator"):
        actions.user_set_roles(actor=personas.vsp_admin, user=personas.advocate, roles=[Role.AUDITOR])
    actions.user_set_roles(actor=personas.coordinator, user=personas.advocate, roles=[Role.ADVOCATE, Role.AUDITOR])
    assert User.objects.get(pk=personas.advocate.pk).roles == {Role.ADVOCATE, Role.AUDITOR}
    assert AuditEvent.objects.get(verb="user.roles_changed").changes == {
        "roles": [["advocate"], ["advocate", "auditor"]]
    }


def test_duplicate_username_is_refused_with_a_message(client, personas):
    response = _invite(client, personas, username="advocate")
    assert response.status_code == 200 and b"username is taken" in response.content


def test_deactivation_ends_the_persons_access_and_is_audited(client, personas):
    other = client.__class__()
    sign_in(other, personas.advocate)
    assert other.get(reverse("core:home")).status_code == 200
    sign_in(client, personas.vsp_admin)
    client.post(reverse("core:person_account_action", args=[personas.advocate.pk, "deactivate"]))
    assert other.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(verb="user.deactivated", target_id=str(personas.advocate.pk)).exists()


def test_nobody_can_deactivate_themselves(personas):
    with pytest.raises(ValidationError):
        actions.user_deactivate(actor=personas.coordinator, user=personas.coordinator)


def test_reset_second_factor_forces_a_new_setup(client, personas):
    sign_in(client, personas.vsp_admin)
    client.post(reverse("core:person_account_action", args=[personas.advocate.pk, "reset-second-factor"]))
    client.logout()
    sign_in(client, personas.advocate)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    assert AuditEvent.objects.filter(verb="mfa.reset_by_admin").exists()


def test_people_list_shows_only_the_admins_organization(client, personas):
    sign_in(client, personas.vsp_admin)
    body = client.get(reverse("core:people_list")).content.decode()
    assert "advocate" in body and "investigator" not in body


def test_people_list_query_count_is_flat(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.core.testing import make_user

    sign_in(client, personas.coordinator)
    counts = []
    for batch in range(2):
        for n in range(10):
            make_user(f"bulk{batch}{n}", personas.partner_c, Role.MEMBER, mfa=False)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("core:people_list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_changing_an_organizations_lane_with_staff_is_refused(personas):
    personas.vsp_b.lane = "law_enforcement"
    with pytest.raises(ValidationError, match="cannot change lane"):
        actions.organization_save(actor=personas.coordinator, organization=personas.vsp_b)


def test_coordinator_creates_an_organization_with_an_audit_row(client, personas):
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("core:organization_create"),
        {"name": "Valley Clinic", "sector": "health", "lane": "partner", "jurisdiction_level": "local"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="organization.created")
    assert event.changes["name"] == [None, "Valley Clinic"]


def test_suppression_threshold_below_two_is_refused(client, personas):
    sign_in(client, personas.coordinator)
    response = client.post(reverse("core:task_force_settings"), {"name": "TF", "suppression_threshold": 1})
    assert response.status_code == 200 and b"at least 2" in response.content
