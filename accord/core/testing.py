"""Personas and helpers every app's tests use: "and what does each of them see?"

The personas span organizations and lanes: an investigator in law-enforcement agency A, an
advocate in victim-services provider B (and B's administrator), a member of partner C, the
coordinator and the auditor. Anonymous is the seventh.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.db import DatabaseError, connection
from django.test import Client

from accord.core import crypto, rows
from accord.core.auth import AUTH_AT, MFA_SECRET_CONTEXT, RENEWED_AT
from accord.core.demo import totp_secret_for
from accord.core.models import (
    AuditEvent,
    JurisdictionLevel,
    Lane,
    Organization,
    Role,
    RoleGrant,
    Sector,
    TaskForce,
    User,
)

PERSONA_NAMES = ["anonymous", "investigator", "advocate", "vsp_admin", "member", "coordinator", "auditor"]
PASSWORD = "correct horse battery staple"  # noqa: S105 (test accounts only)


@dataclass
class Personas:
    agency_a: Organization
    vsp_b: Organization
    partner_c: Organization
    coordination: Organization
    investigator: User
    advocate: User
    vsp_admin: User
    member: User
    coordinator: User
    auditor: User

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def make_organization(name: str, lane: str, sector: str = "", level: str = JurisdictionLevel.LOCAL) -> Organization:
    return Organization.objects.create(name=name, lane=lane, sector=sector or lane, jurisdiction_level=level)


def make_user(
    username: str, organization: Organization, *roles: str, password: str = PASSWORD, mfa: bool = True
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        organization=organization,
        email=f"{username}@example.invalid",
        first_name=username.title(),
        last_name="Test",
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    if mfa:
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": crypto.encrypt(totp_secret_for(username), context=MFA_SECRET_CONTEXT)},
        )
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": crypto.encrypt("ab" * 40, context=MFA_SECRET_CONTEXT), "used_mask": 0},
        )
    return user


def make_personas() -> Personas:
    TaskForce.objects.get_or_create(name="Test Task Force")
    agency_a = make_organization("Agency A Police", Lane.LAW_ENFORCEMENT, Sector.LAW_ENFORCEMENT)
    vsp_b = make_organization("VSP B Shelter", Lane.VICTIM_SERVICES, Sector.VICTIM_SERVICES)
    partner_c = make_organization("Partner C Legal Aid", Lane.PARTNER, Sector.LEGAL_SERVICES)
    coordination = make_organization("Coordination Office", Lane.PARTNER, Sector.GOVERNMENT, JurisdictionLevel.STATE)
    return Personas(
        agency_a=agency_a,
        vsp_b=vsp_b,
        partner_c=partner_c,
        coordination=coordination,
        investigator=make_user("investigator", agency_a, Role.INVESTIGATOR),
        advocate=make_user("advocate", vsp_b, Role.ADVOCATE),
        vsp_admin=make_user("vsp_admin", vsp_b, Role.ORG_ADMIN, Role.SUPERVISOR),
        member=make_user("member", partner_c, Role.MEMBER),
        coordinator=make_user("coordinator", coordination, Role.COORDINATOR),
        auditor=make_user("auditor", coordination, Role.AUDITOR),
    )


def sign_in(client: Client, user: User | None, *, recently_reauthenticated: bool = True) -> Client:
    """Sign a test client in as ``user`` with both factors already passed (no-op for anonymous).

    ``recently_reauthenticated`` stands for having confirmed the second factor in the last five
    minutes, which privileged actions ask for.
    """
    if user is None:
        return client
    client.force_login(user, backend="accord.core.auth.AccountBackend")
    session = client.session
    session[AUTH_AT] = session[RENEWED_AT] = time.time()  # as AccountAdapter.login stamps a real sign-in
    session.save()
    if recently_reauthenticated:
        session["account_authentication_methods_user"] = str(user.pk)
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "username": user.username},
            {"method": "mfa", "at": time.time(), "type": "totp", "reauthenticated": True},
        ]
        session.save()
    return client


def totp_now(username: str, offset_periods: int = 0) -> str:
    from accord.core.demo import totp_code

    return totp_code(totp_secret_for(username), time.time() + 30 * offset_periods)


def audit_store_down() -> Any:
    """While in effect, every append to the audit trail fails at the database, as if its store were down."""

    def refuse_audit_inserts(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if re.search(rf'INSERT INTO "?{AuditEvent._meta.db_table}"? ', rows.unprepared(sql)):
            raise DatabaseError("audit store unavailable")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse_audit_inserts)
