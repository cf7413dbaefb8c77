"""Refusals and failures: flags that grant nothing (R30), forged forms, unknown pages, denied roles,
and an audit trail that cannot be written (fail closed)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accord.core.models import AuditEvent, TaskForce
from accord.core.testing import PASSWORD, audit_store_down, make_user, totp_now
from accord.core.tests.login_flow import (
    HOME_URL,
    LOGIN_URL,
    MFA_URL,
    clock_at_start_of_a_code_period,
    events,
    sent_to_login,
    sign_in_with_both_factors,
    submit_code,
    submit_password,
)

NOT_YOUR_ROLE = "Your role does not give you access to this page."
FORM_EXPIRED = "The form had expired or did not come from this site, so nothing was saved."
NO_SUCH_PAGE = "There is no page at this address, or it is not yours to see."
REQUEST_FAILED = "The request failed and nothing was changed."


def task_force_form(**changes: object) -> dict[str, object]:
    task_force = TaskForce.current()
    data = {
        "name": task_force.name,
        "short_name": task_force.short_name,
        "region": task_force.region,
        "suppression_threshold": task_force.suppression_threshold,
    }
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _fresh_code_period():
    with clock_at_start_of_a_code_period():
        yield


# --- R30: the superuser flag grants nothing -------------------------------------------------------


@pytest.fixture
def superuser_without_roles(personas):
    user = make_user("root", personas.coordination)
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


@pytest.mark.parametrize("url_name", ["core:audit_list", "core:task_force_settings", "core:people_list"])
def test_superuser_flag_opens_no_role_page(superuser_without_roles, url_name):
    client = sign_in_with_both_factors(Client(), "root")

    response = client.get(reverse(url_name))

    assert response.status_code == 403
    assert NOT_YOUR_ROLE in response.content.decode()


def test_superuser_flag_cannot_change_task_force_settings(superuser_without_roles):
    client = sign_in_with_both_factors(Client(), "root")
    before = TaskForce.current().name

    response = client.post(reverse("core:task_force_settings"), task_force_form(name="Taken over"))

    assert response.status_code == 403
    assert TaskForce.current().name == before
    assert not events("task_force.updated")


def test_superuser_refusal_is_audited(superuser_without_roles):
    client = sign_in_with_both_factors(Client(), "root")

    client.get(reverse("core:audit_list"))

    [denied] = events("access.denied")
    assert denied.actor_id == superuser_without_roles.pk
    assert denied.outcome == AuditEvent.Outcome.DENIED


# --- Access denied by role is audited ----------------------------------------------------------


def test_role_refusal_shows_a_plain_403_page(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    response = client.get(reverse("core:audit_list"))

    assert response.status_code == 403
    assert NOT_YOUR_ROLE in response.content.decode()


def test_role_refusal_writes_an_access_denied_row(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    client.get(reverse("core:audit_list"))

    [denied] = events("access.denied")
    assert denied.actor_id == personas.investigator.pk
    assert denied.organization_id == personas.agency_a.pk
    assert denied.outcome == AuditEvent.Outcome.DENIED
    assert denied.changes == {"url_name": "audit_list", "method": "GET"}
    assert denied.ip_address == "127.0.0.1"


def test_refused_post_is_audited_and_changes_nothing(personas):
    client = sign_in_with_both_factors(Client(), "auditor")
    before = TaskForce.current().name

    response = client.post(reverse("core:task_force_settings"), task_force_form(name="Changed by the auditor"))

    assert response.status_code == 403
    assert TaskForce.current().name == before
    [denied] = events("access.denied")
    assert denied.actor_id == personas.auditor.pk
    assert denied.changes == {"url_name": "task_force_settings", "method": "POST"}


def test_anonymous_visitor_is_sent_to_login_without_an_access_denied_row(db):
    response = Client().get(reverse("core:audit_list"))

    assert sent_to_login(response)
    assert not events("access.denied")


# --- Forged or missing CSRF tokens ---------------------------------------------------------------


def csrf_client() -> Client:
    """A browser whose POSTs must carry the CSRF token, as real ones do."""
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)  # sets the csrftoken cookie, as opening the page does
    return client


def login_data(**extra: str) -> dict[str, str]:
    return {"login": "investigator", "password": PASSWORD, "acknowledge": "on", **extra}


def test_login_with_the_pages_csrf_token_proceeds(personas):
    client = csrf_client()

    response = client.post(LOGIN_URL, login_data(csrfmiddlewaretoken=client.cookies["csrftoken"].value))

    assert response.status_code == 302 and response["Location"] == MFA_URL


def test_login_without_csrf_token_is_refused_with_a_clear_page(personas):
    response = csrf_client().post(LOGIN_URL, login_data())

    assert response.status_code == 403
    page = response.content.decode()
    assert "Form expired" in page
    assert FORM_EXPIRED in page


def test_login_with_forged_csrf_token_is_refused(personas):
    response = csrf_client().post(LOGIN_URL, login_data(csrfmiddlewaretoken="forged" * 8))

    assert response.status_code == 403
    assert FORM_EXPIRED in response.content.decode()


def test_refused_csrf_login_changes_nothing(personas):
    client = csrf_client()

    client.post(LOGIN_URL, login_data(password="a wrong one, never checked"))
    client.post(LOGIN_URL, login_data(csrfmiddlewaretoken="forged" * 8))

    assert sent_to_login(client.get(MFA_URL))
    assert sent_to_login(client.get(HOME_URL))
    assert not AuditEvent.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_signed_in_post_without_csrf_token_changes_nothing(personas):
    client = csrf_client()
    client.post(LOGIN_URL, login_data(login="coordinator", csrfmiddlewaretoken=client.cookies["csrftoken"].value))
    client.post(MFA_URL, {"code": totp_now("coordinator"), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert client.get(HOME_URL).status_code == 200
    before = TaskForce.current().name

    response = client.post(reverse("core:task_force_settings"), task_force_form(name="Changed from elsewhere"))

    assert response.status_code == 403
    assert FORM_EXPIRED in response.content.decode()
    assert TaskForce.current().name == before
    assert not events("task_force.updated")


# --- Unknown pages and malformed ids ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/no-such-page/", "/people/abc/", "/organizations/abc/", "/people/1/roles/x/y/"])
def test_unknown_or_malformed_address_gives_the_404_page(personas, path):
    client = sign_in_with_both_factors(Client(), "coordinator")

    response = client.get(path)

    assert response.status_code == 404
    assert NO_SUCH_PAGE in response.content.decode()


def test_unknown_address_gives_the_404_page_to_anonymous_visitors(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert NO_SUCH_PAGE in response.content.decode()


def test_id_of_no_existing_record_gives_404(personas):
    client = sign_in_with_both_factors(Client(), "coordinator")

    response = client.get(reverse("core:person_detail", args=[987654]))

    assert response.status_code == 404
    assert NO_SUCH_PAGE in response.content.decode()


# --- Failing closed when the audit trail cannot be written ------------------------------------


def test_coordinator_changes_task_force_settings_when_the_trail_works(personas):
    client = sign_in_with_both_factors(Client(), "coordinator")

    response = client.post(reverse("core:task_force_settings"), task_force_form(name="Renamed task force"))

    assert response.status_code == 302
    assert TaskForce.current().name == "Renamed task force"
    [updated] = events("task_force.updated")
    assert updated.changes["name"][1] == "Renamed task force"


def test_change_is_rolled_back_when_its_audit_row_cannot_be_written(personas):
    client = sign_in_with_both_factors(Client(), "coordinator")
    client.raise_request_exception = False
    before = TaskForce.current().name

    with audit_store_down():
        response = client.post(reverse("core:task_force_settings"), task_force_form(name="Renamed task force"))

    assert response.status_code == 500
    assert REQUEST_FAILED in response.content.decode()
    assert TaskForce.current().name == before


@pytest.mark.django_db(transaction=True)  # sign-in runs outside any transaction, as in a real request
def test_sign_in_fails_when_its_audit_row_cannot_be_written(personas):
    client = Client(raise_request_exception=False)
    submit_password(client, "investigator")

    with audit_store_down():
        response = submit_code(client, totp_now("investigator"))

    assert response.status_code == 500
    assert sent_to_login(client.get(HOME_URL))
    assert not events("auth.login")


def test_access_is_not_granted_when_a_denial_cannot_be_audited(personas):
    client = sign_in_with_both_factors(Client(), "investigator")
    client.raise_request_exception = False

    with audit_store_down():
        response = client.get(reverse("core:audit_list"))

    assert response.status_code == 500
    assert REQUEST_FAILED in response.content.decode()
