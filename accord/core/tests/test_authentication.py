"""Signing in: two factors (R1), the system-use notice (R9) and account lockout (R4).

Every test goes through the login page and the authenticator step as a person would.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.core import actions
from accord.core.demo import totp_code, totp_secret_for
from accord.core.models import AuditEvent, Role
from accord.core.testing import PASSWORD, make_user, totp_now
from accord.core.tests.login_flow import (
    HOME_URL,
    LOGIN_URL,
    LOGOUT_URL,
    MFA_SETUP_URL,
    MFA_URL,
    REAUTH_URL,
    START,
    clock_at_start_of_a_code_period,
    confirm_password,
    events,
    sent_to_login,
    session_key,
    sign_in_with_both_factors,
    submit_code,
    submit_password,
)

WRONG_PASSWORD = "not the right passphrase"
LOCKED_MESSAGE = "This account is locked after too many failed sign-in attempts."

# Pages a signed-in person normally reaches (some only with a role); none is open without both factors.
CORE_PAGES = [
    HOME_URL,
    "/account/",
    "/organizations/",
    "/people/",
    "/task-force/",
    "/audit/",
    "/accounts/password/change/",
]


def wrong_code(username: str) -> str:
    return "000000" if totp_now(username) != "000000" else "111111"


@pytest.fixture(autouse=True)
def _fresh_code_period():
    with clock_at_start_of_a_code_period():
        yield


# --- R1: a second factor for every sign-in -------------------------------------------------------


def test_password_step_leads_to_the_code_step(personas):
    response = submit_password(Client(), "investigator")

    assert response.status_code == 302
    assert response["Location"] == MFA_URL


def test_password_alone_does_not_sign_in(personas):
    client = Client()
    submit_password(client, "investigator")

    assert "_auth_user_id" not in client.session
    assert sent_to_login(client.get(HOME_URL))
    assert not events("auth.login")


@pytest.mark.parametrize("url", CORE_PAGES)
def test_every_page_sends_a_password_only_session_to_login(personas, url):
    client = Client()
    submit_password(client, "coordinator")

    assert sent_to_login(client.get(url))


def test_password_and_current_code_sign_in(personas):
    client = Client()
    submit_password(client, "investigator")

    response = submit_code(client, totp_now("investigator"))

    assert response.status_code == 302 and response["Location"] == HOME_URL
    assert client.get(HOME_URL).status_code == 200
    [login] = events("auth.login")
    assert login.actor_id == personas.investigator.pk
    assert login.outcome == AuditEvent.Outcome.SUCCESS


def test_wrong_code_is_refused_with_a_message(personas):
    client = Client()
    submit_password(client, "investigator")

    response = submit_code(client, wrong_code("investigator"))

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert sent_to_login(client.get(HOME_URL))
    assert not events("auth.login")


def test_wrong_code_is_audited(personas):
    client = Client()
    submit_password(client, "investigator")

    submit_code(client, wrong_code("investigator"))

    [failure] = events("auth.mfa_failed")
    assert failure.actor_id == personas.investigator.pk
    assert failure.outcome == AuditEvent.Outcome.FAILURE
    assert failure.changes == {"factor": "totp", "reauthentication": False}


def test_used_codes_are_remembered_in_the_shared_database_cache():
    # The cache must be shared by every app server, or a code could be replayed against another one.
    assert isinstance(caches["default"], DatabaseCache)
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_a_code_is_accepted_only_once(personas):
    with time_machine.travel(START, tick=False):
        code = totp_now("investigator")
        first, second = Client(), Client()
        submit_password(first, "investigator")
        assert submit_code(first, code)["Location"] == HOME_URL

        submit_password(second, "investigator")
        response = submit_code(second, code)

    assert response.status_code == 200
    assert "_auth_user_id" not in second.session
    assert len(events("auth.login")) == 1
    [replay] = events("auth.mfa_failed")
    assert replay.actor_id == personas.investigator.pk


def test_the_next_periods_code_works_after_one_was_used(personas):
    with time_machine.travel(START, tick=False) as clock:
        sign_in_with_both_factors(Client(), "investigator")
        clock.shift(timedelta(seconds=30))

        sign_in_with_both_factors(Client(), "investigator")

    assert len(events("auth.login")) == 2


def test_the_code_step_expires_with_the_pending_login(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        submit_password(client, "investigator")
        clock.shift(timedelta(minutes=16))

        response = submit_code(client, totp_now("investigator"))

    assert sent_to_login(response)
    assert "_auth_user_id" not in client.session


@pytest.fixture
def newcomer(personas):
    """An account that has a password but has not set up an authenticator app yet."""
    return make_user("newcomer", personas.coordination, Role.COORDINATOR, mfa=False)


def test_account_without_second_factor_is_sent_to_set_one_up(newcomer):
    client = Client()
    response = submit_password(client, "newcomer")
    assert response["Location"] == HOME_URL

    response = client.get(HOME_URL)

    assert response.status_code == 302 and response["Location"] == MFA_SETUP_URL


@pytest.mark.parametrize("url", CORE_PAGES)
def test_account_without_second_factor_reaches_no_other_page(newcomer, url):
    client = Client()
    submit_password(client, "newcomer")

    response = client.get(url)

    assert response.status_code == 302 and response["Location"] == MFA_SETUP_URL


def test_account_without_second_factor_cannot_post_changes(newcomer):
    client = Client()
    submit_password(client, "newcomer")

    response = client.post(reverse("core:task_force_settings"), {"name": "Renamed", "suppression_threshold": 11})

    assert response.status_code == 302 and response["Location"] == MFA_SETUP_URL
    assert not events("task_force.updated")


def test_account_without_second_factor_opens_the_setup_page_right_after_sign_in(newcomer):
    client = Client()
    submit_password(client, "newcomer")

    assert client.get(MFA_SETUP_URL).status_code == 200  # the sign-in itself counts as fresh authentication


def test_setup_page_asks_for_the_password_again_once_the_sign_in_is_old(newcomer):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        submit_password(client, "newcomer")
        traveller.shift(timedelta(minutes=6))
        assert client.get(MFA_SETUP_URL)["Location"].startswith(REAUTH_URL)
        confirm_password(client)
        assert client.get(MFA_SETUP_URL).status_code == 200


def test_account_that_sets_up_an_authenticator_can_use_the_site(newcomer, django_capture_on_commit_callbacks):
    client = Client()
    submit_password(client, "newcomer")
    page = BeautifulSoup(client.get(MFA_SETUP_URL).content, "html.parser")
    secret = page.find("input", id="authenticator_secret")["value"]

    with django_capture_on_commit_callbacks(execute=True):  # allauth reports the new factor after commit
        response = client.post(MFA_SETUP_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert client.get(HOME_URL).status_code == 200
    added = events("mfa.added")
    assert {e.changes["type"] for e in added} == {"totp", "recovery_codes"}
    assert {e.actor_id for e in added} == {newcomer.pk}


def test_account_without_second_factor_can_sign_out(newcomer):
    client = Client()
    submit_password(client, "newcomer")

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    [logout] = events("auth.logout")
    assert logout.actor_id == newcomer.pk


# --- R9: the system-use notice ---------------------------------------------------------------------


def test_login_page_shows_the_system_use_notice(db):
    response = Client().get(LOGIN_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert settings.ACCORD_SYSTEM_USE_NOTICE in page
    assert 'name="acknowledge"' in page


def test_login_without_acknowledging_the_notice_is_refused(personas):
    client = Client()

    response = submit_password(client, "investigator", acknowledge=False)

    assert response.status_code == 200
    assert "You must acknowledge the system-use notice to sign in." in response.content.decode()


def test_login_without_acknowledging_the_notice_does_not_reach_the_code_step(personas):
    client = Client()

    submit_password(client, "investigator", acknowledge=False)

    assert "_auth_user_id" not in client.session
    assert sent_to_login(client.get(MFA_URL))
    assert sent_to_login(client.get(HOME_URL))


# --- R4: five failures lock the account until an administrator unlocks it --------------------------


def fail_password(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        submit_password(client, username, WRONG_PASSWORD)


def test_each_wrong_password_is_audited(personas):
    fail_password(Client(), "investigator", 3)

    failures = events("auth.login_failed")
    assert len(failures) == 3
    assert {(e.actor_id, e.outcome) for e in failures} == {(personas.investigator.pk, AuditEvent.Outcome.FAILURE)}


def test_wrong_password_for_unknown_account_is_audited_by_name(db):
    submit_password(Client(), "nobody-here", WRONG_PASSWORD)

    [failure] = events("auth.login_failed")
    assert failure.actor_id is None
    assert failure.actor_label == "nobody-here"


def test_four_failures_do_not_lock(personas):
    client = Client()
    fail_password(client, "investigator", 4)

    response = submit_password(client, "investigator")

    assert response.status_code == 302 and response["Location"] == MFA_URL
    assert not events("auth.locked_out")


def test_fifth_failure_locks_the_account(personas):
    client = Client()
    fail_password(client, "investigator", 4)

    response = submit_password(client, "investigator", WRONG_PASSWORD)

    assert response.status_code == 403
    assert LOCKED_MESSAGE in response.content.decode()
    [locked] = events("auth.locked_out")
    assert locked.actor_id == personas.investigator.pk
    assert locked.outcome == AuditEvent.Outcome.DENIED


def test_locked_account_refuses_the_right_password(personas):
    client = Client()
    fail_password(client, "investigator", 5)

    response = submit_password(client, "investigator")

    assert response.status_code == 403
    assert LOCKED_MESSAGE in response.content.decode()
    assert sent_to_login(client.get(MFA_URL))
    assert sent_to_login(client.get(HOME_URL))
    assert len(events("auth.locked_out")) == 2  # the lock itself, then the refused attempt


def test_lock_is_per_account_not_per_address(personas):
    for n in range(5):
        submit_password(Client(), "investigator", WRONG_PASSWORD, REMOTE_ADDR=f"192.0.2.{n + 1}")

    response = submit_password(Client(), "investigator", REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 403
    assert LOCKED_MESSAGE in response.content.decode()


def test_lock_does_not_affect_other_accounts(personas):
    client = Client()
    fail_password(client, "investigator", 5)

    sign_in_with_both_factors(client, "advocate")

    assert client.get(HOME_URL).status_code == 200


def test_unlock_action_lets_the_account_sign_in_again(personas):
    fail_password(Client(), "investigator", 5)

    actions.user_unlock(actor=personas.coordinator, user=personas.investigator)

    client = sign_in_with_both_factors(Client(), "investigator")
    assert client.get(HOME_URL).status_code == 200
    [unlocked] = events("user.unlocked")
    assert unlocked.actor_id == personas.coordinator.pk
    assert unlocked.target_id == str(personas.investigator.pk)


def test_coordinator_unlocks_through_the_person_page(personas):
    fail_password(Client(), "investigator", 5)
    coordinator = sign_in_with_both_factors(Client(), "coordinator")
    confirm_password(coordinator)  # unlocking is a privileged action

    response = coordinator.post(
        reverse("core:person_account_action", kwargs={"user_id": personas.investigator.pk, "action": "unlock"})
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:person_detail", args=[personas.investigator.pk])
    [unlocked] = events("user.unlocked")
    assert unlocked.actor_id == personas.coordinator.pk
    assert unlocked.target_id == str(personas.investigator.pk)
    assert unlocked.changes["cleared"] >= 1
    assert submit_password(Client(), "investigator")["Location"] == MFA_URL


def test_successful_sign_in_resets_the_failure_count(personas):
    client = Client()
    fail_password(client, "investigator", 4)
    sign_in_with_both_factors(client, "investigator")
    client.post(LOGOUT_URL)

    fail_password(client, "investigator", 4)
    response = submit_password(client, "investigator")

    assert response.status_code == 302 and response["Location"] == MFA_URL
    assert not events("auth.locked_out")


def test_correct_password_without_the_code_does_not_reset_the_failure_count(personas):
    client = Client()
    fail_password(client, "investigator", 4)
    submit_password(Client(), "investigator")  # password right, but the sign-in is never completed

    response = submit_password(client, "investigator", WRONG_PASSWORD)

    assert response.status_code == 403
    assert len(events("auth.locked_out")) == 1


# --- R22: no secrets in the audit trail or the logs -----------------------------------------------


def test_sign_in_leaves_no_secret_in_the_audit_trail_or_the_logs(personas, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    submit_password(client, "investigator", WRONG_PASSWORD)
    submit_password(client, "investigator")
    submit_code(client, wrong_code("investigator"))
    code = totp_now("investigator")
    submit_code(client, code)
    secrets = [PASSWORD, WRONG_PASSWORD, code, totp_secret_for("investigator"), session_key(client)]

    trail = " ".join(f"{e.actor_label} {e.target_label} {e.changes}" for e in AuditEvent.objects.all())
    assert events("auth.login")  # the sign-in happened, so there was something to leak
    for secret in secrets:
        assert secret not in trail
        assert secret not in caplog.text
