"""The cost of a signed-in request: what every page pays before its own work, held to an upper bound.

The account with its organization, then its roles and second-factor state, load in two small queries on
every request (never from the session), so a role taken away or a factor removed counts on the very next
request. The session is saved (renewing its idle limit) at most once a minute rather than on every request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core import rows
from accord.core.models import RoleGrant
from accord.core.testing import sign_in

pytestmark = pytest.mark.django_db

# The session, the account with its organization, and its roles with its second factor: what a signed-in
# request costs before its view does anything (PostgreSQL sends the last two together).
STACK_QUERIES = 2 if connection.vendor == "postgresql" else 3


def test_signed_in_request_reads_session_account_and_grants_in_stack_queries(client, personas):
    sign_in(client, personas.member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:organization_list"))
    assert response.status_code == 200
    sent = [rows.unprepared(q["sql"]) for q in queries.captured_queries]
    stack = [
        sql
        for sql in sent
        if any(table in sql for table in ("django_session", '"core_user"', "core_rolegrant", "mfa_authenticator"))
    ]
    assert len(stack) == STACK_QUERIES, stack


def test_the_grants_statement_names_the_models_tables():
    from accord.core import auth

    assert f"FROM {RoleGrant._meta.db_table} " in auth._GRANTS_SQL
    assert f"FROM {Authenticator._meta.db_table} " in auth._GRANTS_SQL
    assert auth._GRANTS_SQL.count("%s") == 2 + len(auth.SECOND_FACTORS)


@pytest.mark.parametrize("roles", [set(), {"member"}, {"member", "auditor", "coordinator"}])
def test_the_account_carries_exactly_its_roles_and_second_factor(personas, roles):
    from accord.core import auth

    user = personas.member
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    loaded = auth.load_for_request(user.pk)
    assert loaded is not None and loaded.roles == frozenset(roles) and auth.has_second_factor(loaded)
    Authenticator.objects.filter(user=user).delete()
    assert not auth.has_second_factor(auth.load_for_request(user.pk))


def test_session_is_saved_at_most_once_a_minute_and_the_idle_limit_still_renews(client, personas):
    def expires() -> object:
        return Session.objects.get(session_key=client.session.session_key).expire_date

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, personas.member)
        signed_in_expiry = expires()
        clock.shift(timedelta(seconds=30))
        assert client.get(reverse("core:organization_list")).status_code == 200
        not_saved = expires()
        clock.shift(timedelta(seconds=40))  # 70 s after the last save
        assert client.get(reverse("core:organization_list")).status_code == 200
        renewed = expires()
        clock.shift(timedelta(minutes=29))  # 29 minutes after the renewal: still alive
        assert client.get(reverse("core:organization_list")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("core:organization_list"))
    assert not_saved == signed_in_expiry
    assert renewed == start + timedelta(seconds=70) + timedelta(minutes=30)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_role_taken_away_counts_on_the_next_request(client, personas):
    sign_in(client, personas.auditor)
    assert client.get(reverse("core:audit_list")).status_code == 200
    RoleGrant.objects.filter(user=personas.auditor).delete()
    assert client.get(reverse("core:audit_list")).status_code == 403


def test_a_removed_second_factor_counts_on_the_next_request(client, personas):
    sign_in(client, personas.member)
    assert client.get(reverse("core:organization_list")).status_code == 200
    Authenticator.objects.filter(user=personas.member).delete()
    response = client.get(reverse("core:organization_list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_a_deactivated_account_is_signed_out_on_the_next_request(client, personas):
    sign_in(client, personas.member)
    assert client.get(reverse("core:organization_list")).status_code == 200
    personas.member.is_active = False
    personas.member.save()
    response = client.get(reverse("core:organization_list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
