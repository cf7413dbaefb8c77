"""Sessions: 30-minute idle limit (R5), 12-hour absolute limit (R6), and when a session ends (R7).

The clock is moved with time_machine; each test signs in through the login page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from accord.core import actions
from accord.core.models import AuditEvent
from accord.core.testing import PASSWORD, totp_now
from accord.core.tests.login_flow import (
    HOME_URL,
    LOGIN_URL,
    LOGOUT_URL,
    START,
    client_with_session,
    clock_at_start_of_a_code_period,
    events,
    sent_to_login,
    session_key,
    sign_in_with_both_factors,
    submit_code,
    submit_password,
)

NEW_PASSWORD = "a quite different passphrase"
STEP = timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _fresh_code_period():
    with clock_at_start_of_a_code_period():
        yield


# --- R5: 30 minutes idle ---------------------------------------------------------------------------


def test_session_survives_29_idle_minutes(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        clock.shift(timedelta(minutes=29))

        response = client.get(HOME_URL)

    assert response.status_code == 200


def test_session_ends_after_31_idle_minutes(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        clock.shift(timedelta(minutes=31))

        response = client.get(HOME_URL)

    assert sent_to_login(response)


def test_each_request_restarts_the_idle_timer(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        for _ in range(3):
            clock.shift(timedelta(minutes=25))
            assert client.get(HOME_URL).status_code == 200

        clock.shift(timedelta(minutes=31))
        response = client.get(HOME_URL)

    assert sent_to_login(response)


def test_idle_limit_counts_from_the_last_request_not_from_sign_in(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        clock.shift(timedelta(minutes=20))
        client.get(HOME_URL)
        clock.shift(timedelta(minutes=29))  # 49 minutes after sign-in, 29 after the last request

        response = client.get(HOME_URL)

    assert response.status_code == 200


# --- R6: 12 hours absolute -------------------------------------------------------------------------


def _keep_active(client: Client, clock: time_machine.Coordinates, *, for_: timedelta) -> None:
    """Open the home page every 10 minutes, stopping before ``for_`` has passed."""
    elapsed = timedelta()
    while elapsed + STEP < for_:
        clock.shift(STEP)
        elapsed += STEP
        assert client.get(HOME_URL).status_code == 200, f"signed out after {elapsed}"


def test_active_session_lasts_until_12_hours(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")

        _keep_active(client, clock, for_=timedelta(hours=12))  # last request at 11 h 50 min

    assert not events("auth.session_expired")


def test_active_session_ends_after_12_hours(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        _keep_active(client, clock, for_=timedelta(hours=12))
        clock.shift(timedelta(minutes=11))  # 12 h 1 min after sign-in

        response = client.get(HOME_URL)
        after = client.get(HOME_URL)

    assert sent_to_login(response)
    assert sent_to_login(after)
    [expired] = events("auth.session_expired")
    assert expired.actor_id == personas.investigator.pk
    assert expired.outcome == AuditEvent.Outcome.SUCCESS


def test_12_hour_limit_is_explained_on_the_login_page(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        _keep_active(client, clock, for_=timedelta(hours=12))
        clock.shift(timedelta(minutes=11))

        response = client.get(HOME_URL, follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN_URL)
    assert "Your session reached its 12-hour limit." in response.content.decode()


def test_12_hour_limit_counts_from_sign_in_not_from_the_first_page(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        submit_password(client, "investigator")
        submit_code(client, totp_now("investigator"))  # signed in now; the redirect is not followed
        clock.shift(timedelta(minutes=20))
        client.get(HOME_URL)  # the first page, 20 minutes after signing in
        _keep_active(client, clock, for_=timedelta(hours=11, minutes=40))  # until 11 h 50 min after sign-in
        clock.shift(timedelta(minutes=11))  # 12 h 1 min after sign-in, 11 h 41 min after the first page

        response = client.get(HOME_URL)

    assert sent_to_login(response)
    assert len(events("auth.session_expired")) == 1


def test_signing_in_again_after_expiry_starts_a_new_12_hours(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        _keep_active(client, clock, for_=timedelta(hours=12))
        clock.shift(timedelta(minutes=11))
        client.get(HOME_URL)

        sign_in_with_both_factors(client, "investigator")
        clock.shift(timedelta(minutes=10))
        response = client.get(HOME_URL)

    assert response.status_code == 200


# --- R7: the session key and the end of a session --------------------------------------------------


def test_session_key_changes_when_sign_in_completes(personas):
    client = Client()
    submit_password(client, "investigator")
    before = session_key(client)

    submit_code(client, totp_now("investigator"))

    assert session_key(client) != before


def test_session_key_from_before_sign_in_does_not_become_signed_in(personas):
    client = Client()
    submit_password(client, "investigator")
    planted = session_key(client)  # e.g. a key an attacker managed to plant in the browser
    submit_code(client, totp_now("investigator"))

    response = client_with_session(planted).get(HOME_URL)

    assert sent_to_login(response)


def test_sign_out_is_audited(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    [logout] = events("auth.logout")
    assert logout.actor_id == personas.investigator.pk


def test_old_session_cookie_is_useless_after_sign_out(personas):
    client = sign_in_with_both_factors(Client(), "investigator")
    old_key = session_key(client)
    client.post(LOGOUT_URL)

    response = client_with_session(old_key).get(HOME_URL)

    assert sent_to_login(response)


def test_sign_out_needs_a_post(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    client.get(LOGOUT_URL)

    assert client.get(HOME_URL).status_code == 200
    assert not events("auth.logout")


def test_deactivation_ends_the_existing_session_at_once(personas):
    client = sign_in_with_both_factors(Client(), "investigator")
    assert client.get(HOME_URL).status_code == 200

    actions.user_deactivate(actor=personas.coordinator, user=personas.investigator)

    assert sent_to_login(client.get(HOME_URL))
    [deactivated] = events("user.deactivated")
    assert deactivated.actor_id == personas.coordinator.pk
    assert deactivated.target_id == str(personas.investigator.pk)


def test_deactivated_account_cannot_sign_in_again(personas):
    actions.user_deactivate(actor=personas.coordinator, user=personas.investigator)
    client = Client()

    response = submit_password(client, "investigator")

    assert response.status_code == 200  # the form again, as for a wrong password
    assert sent_to_login(client.get(HOME_URL))
    assert not events("auth.login")


def _change_password(client: Client) -> None:
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, "password change refused"


def test_password_change_ends_the_accounts_other_sessions(personas):
    with time_machine.travel(START, tick=False) as clock:
        here = sign_in_with_both_factors(Client(), "investigator")
        clock.shift(timedelta(seconds=30))  # the next code: a code is accepted only once
        elsewhere = sign_in_with_both_factors(Client(), "investigator")
        assert elsewhere.get(HOME_URL).status_code == 200

        _change_password(here)

        assert sent_to_login(elsewhere.get(HOME_URL))


def test_password_change_keeps_the_session_that_made_it(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    _change_password(client)

    assert client.get(HOME_URL).status_code == 200


def test_password_change_is_audited(personas):
    client = sign_in_with_both_factors(Client(), "investigator")

    _change_password(client)

    [changed] = events("auth.password_changed")
    assert changed.actor_id == personas.investigator.pk
    assert NEW_PASSWORD not in str(changed.changes)


def test_new_password_signs_in_and_the_old_one_does_not(personas):
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in_with_both_factors(Client(), "investigator")
        _change_password(client)
        client.post(LOGOUT_URL)
        clock.shift(timedelta(seconds=30))

        refused = submit_password(Client(), "investigator", PASSWORD)
        sign_in_with_both_factors(Client(), "investigator", NEW_PASSWORD)

    assert refused.status_code == 200
    assert len(events("auth.login_failed")) == 1
