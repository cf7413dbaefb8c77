"""Account lifecycle (R31): the daily job disables unused accounts; released usernames wait a year."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accord.core import actions, jobs
from accord.core.models import AuditEvent, Invitation, ReleasedUsername, Role, User
from accord.core.testing import make_user, sign_in

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _account(personas, username="dormant", *, last_login=None):
    with time_machine.travel(START, tick=False):
        user = make_user(username, personas.partner_c, Role.MEMBER, mfa=False)
    User.objects.filter(pk=user.pk).update(last_login=last_login)
    return user


def _run_job_at(moment):
    with time_machine.travel(moment, tick=False):
        return actions.users_deactivate_inactive()


def test_the_job_is_queued_by_accord_daily(db, capsys):
    assert jobs.disable_inactive_accounts in jobs.DAILY
    call_command("daily")
    assert "disable_inactive_accounts" in capsys.readouterr().out


def test_the_nightly_run_deactivates_an_account_91_days_unused(personas):
    user = _account(personas, last_login=START)
    with time_machine.travel(START + timedelta(days=89), tick=False):
        call_command("daily")
    assert User.objects.get(pk=user.pk).is_active
    with time_machine.travel(START + timedelta(days=91), tick=False):
        call_command("daily")
    assert not User.objects.get(pk=user.pk).is_active
    assert AuditEvent.objects.filter(verb="user.deactivated", target_id=str(user.pk)).count() == 1


def test_89_days_after_the_last_sign_in_the_account_stays_active(personas):
    user = _account(personas, last_login=START)
    assert _run_job_at(START + timedelta(days=89)) == 0
    user.refresh_from_db()
    assert user.is_active and user.deactivated_at is None
    assert not AuditEvent.objects.filter(verb="user.deactivated").exists()


def test_91_days_after_the_last_sign_in_the_account_is_deactivated_and_audited(personas):
    user = _account(personas, last_login=START)
    later = START + timedelta(days=91)
    assert _run_job_at(later) == 1
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at == later
    event = AuditEvent.objects.get(verb="user.deactivated")
    assert event.actor_id is None and event.actor_label == "daily job"
    assert event.target_id == str(user.pk) and event.organization_id == personas.partner_c.pk
    assert event.changes == {"reason": "inactive", "days": 90}


def test_running_twice_deactivates_once(personas):
    _account(personas, last_login=START)
    assert _run_job_at(START + timedelta(days=91)) == 1
    assert _run_job_at(START + timedelta(days=92)) == 0
    assert AuditEvent.objects.filter(verb="user.deactivated").count() == 1


def test_never_signed_in_counts_from_joining(personas):
    user = _account(personas, last_login=None)
    _run_job_at(START + timedelta(days=89))
    user.refresh_from_db()
    assert user.is_active
    _run_job_at(START + timedelta(days=91))
    user.refresh_from_db()
    assert not user.is_active


def test_the_limit_comes_from_the_setting(personas, settings):
    settings.ACCORD_INACTIVE_DAYS = 30
    user = _account(personas, last_login=START)
    _run_job_at(START + timedelta(days=31))
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEvent.objects.get(verb="user.deactivated").changes["days"] == 30


def test_a_reactivated_account_gets_a_fresh_period(personas):
    user = _account(personas, last_login=START)
    _run_job_at(START + timedelta(days=91))
    reactivated = START + timedelta(days=100)
    with time_machine.travel(reactivated, tick=False):
        actions.user_reactivate(actor=personas.coordinator, user=User.objects.get(pk=user.pk))
    _run_job_at(reactivated + timedelta(days=89))
    user.refresh_from_db()
    assert user.is_active  # its old last sign-in is long past, but the clock restarted at reactivation
    _run_job_at(reactivated + timedelta(days=91))
    user.refresh_from_db()
    assert not user.is_active


def test_invited_accounts_are_not_touched(personas):
    with time_machine.travel(START, tick=False):
        invited, _ = actions.user_invite(
            actor=personas.coordinator,
            organization=personas.partner_c,
            username="newcomer",
            email="newcomer@example.invalid",
            first_name="New",
            last_name="Comer",
            roles=[Role.MEMBER],
        )
    assert _run_job_at(START + timedelta(days=200)) == 0  # the personas joined today, after START
    assert Invitation.objects.filter(user=invited).exists()
    assert not AuditEvent.objects.filter(verb="user.deactivated").exists()


INVITE = {
    "first_name": "Ana",
    "last_name": "Ruiz",
    "email": "aruiz@example.invalid",
    "roles": [Role.MEMBER],
}


def _release(personas, username):
    user = make_user(username, personas.partner_c, Role.MEMBER, mfa=False)
    user.delete()


def test_deleting_an_account_records_its_username(personas):
    with time_machine.travel(START, tick=False):
        _release(personas, "aruiz")
    released = ReleasedUsername.objects.get()
    assert released.username == "aruiz" and released.released_at == START


@pytest.mark.parametrize("username", ["aruiz", "ARuiz"])
def test_inviting_a_username_released_less_than_a_year_ago_fails(personas, username):
    with time_machine.travel(START, tick=False):
        _release(personas, "aruiz")
    with time_machine.travel(START + timedelta(days=364), tick=False), pytest.raises(ValidationError) as refused:
        actions.user_invite(actor=personas.coordinator, organization=personas.partner_c, username=username, **INVITE)
    assert "less than a year ago" in refused.value.message_dict["username"][0]
    assert not User.objects.filter(username__iexact="aruiz").exists()
    assert not AuditEvent.objects.filter(verb="user.invited").exists()


def test_after_a_year_the_username_may_be_given_again(personas):
    with time_machine.travel(START, tick=False):
        _release(personas, "aruiz")
    with time_machine.travel(START + timedelta(days=366), tick=False):
        user, _ = actions.user_invite(
            actor=personas.coordinator, organization=personas.partner_c, username="aruiz", **INVITE
        )
    assert User.objects.get(username="aruiz") == user


def test_the_invite_page_shows_the_refusal_on_the_username(client, personas):
    _release(personas, "aruiz")
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("core:person_invite"), {"organization": personas.partner_c.pk, "username": "aruiz", **INVITE}
    )
    assert response.status_code == 200
    assert "less than a year ago" in response.context["form"].errors["username"][0]
    assert not User.objects.filter(username="aruiz").exists()


def test_the_home_page_names_the_accounts_the_job_deactivates_within_two_weeks(client, personas):
    overdue = _account(personas, "overdue")  # never signed in: counted from joining, due on day 90
    soon = _account(personas, "soon", last_login=START + timedelta(days=10))  # deactivated on day 100
    later = _account(personas, "later", last_login=START + timedelta(days=40))  # on day 130
    with time_machine.travel(START + timedelta(days=92), tick=False):
        sign_in(client, personas.coordinator)
        page = client.get(reverse("core:home")).content.decode()
    assert "Unused for 76 days or more: deactivated soon" in page
    assert reverse("core:person_detail", args=[soon.pk]) in page
    assert "to be deactivated Apr 15" in page
    assert reverse("core:person_detail", args=[overdue.pk]) in page
    assert "to be deactivated at the next daily run" in page
    assert reverse("core:person_detail", args=[later.pk]) not in page
