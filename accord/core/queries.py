"""Reads for core pages, already scoped to what the asking user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accord.core.models import AuditEvent, Invitation, RoleGrant, User

DEACTIVATION_NOTICE_DAYS = 14  # how long before the daily job deactivates an unused account the home page names it


@dataclass(frozen=True)
class AccountStatus:
    label: str
    locked: bool
    has_second_factor: bool
    recovery_codes_left: int | None
    invitation_pending: bool


def managed_accounts(actor: User, *, query: str = "") -> QuerySet[User]:
    accounts = User.objects.administered_by(actor).with_roles()
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(organization__name__icontains=query)
        )
    return accounts.order_by("organization__name", "last_name", "first_name")


def locked_usernames(usernames: list[str] | None = None) -> set[str]:
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    return set(attempts.values_list("username", flat=True))


def account_status(user: User) -> AccountStatus:
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    codes = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    locked = bool(locked_usernames([user.username]))
    pending = Invitation.objects.filter(user=user).pending().exists()
    if locked:
        label = "Locked"
    elif user.is_active:
        label = "Active"
    elif pending or not user.has_usable_password():
        label = "Invited"
    else:
        label = "Deactivated"
    return AccountStatus(
        label=label,
        locked=locked,
        has_second_factor=bool({Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN} & set(authenticators)),
        recovery_codes_left=len(codes.wrap().get_unused_codes()) if codes else None,
        invitation_pending=pending,
    )


def accounts_needing_attention(actor: User) -> dict[str, Any]:
    """For the home page: locked and invited-but-not-set-up accounts the actor manages, and those the daily job
    will deactivate soon, each with the day it will unless the person signs in (ACCORD_INACTIVE_DAYS)."""
    managed = User.objects.administered_by(actor).select_related("organization")
    locked = locked_usernames()
    now, limit = timezone.now(), timedelta(days=settings.ACCORD_INACTIVE_DAYS)
    notice = timedelta(days=min(DEACTIVATION_NOTICE_DAYS, settings.ACCORD_INACTIVE_DAYS // 2))
    dormant = list(
        managed.with_last_activity()
        .filter(is_active=True, last_active_at__lt=now - limit + notice)
        .order_by("last_active_at")[:20]
    )
    for person in dormant:  # None: due now (the job has not run since)
        due = person.last_active_at + limit
        person.deactivates_on = due if due > now else None
    return {
        "locked": list(managed.filter(username__in=locked)[:20]),
        "invited": list(managed.filter(invitations__in=Invitation.objects.pending()).distinct()[:20]),
        "dormant": dormant,
        "unused_days": settings.ACCORD_INACTIVE_DAYS - notice.days,
        "limit_days": settings.ACCORD_INACTIVE_DAYS,
    }


def security_summary(days: int = 7) -> dict[str, int]:
    since = timezone.now() - timedelta(days=days)
    recent = AuditEvent.objects.filter(occurred_at__gte=since)
    return {
        "failed_sign_ins": recent.filter(verb__in=["auth.login_failed", "auth.mfa_failed"]).count(),
        "lockouts": recent.filter(verb="auth.locked_out").count(),
        "denied": recent.filter(verb="access.denied").count(),
        "exports": recent.filter(verb__endswith=".exported").count(),
    }


def access_review(actor: User, *, organization: int | None = None, inactive_days: int | None = None) -> list[User]:
    """Accounts for the annual access review, with every role grant and who made it, in two queries.

    Each account carries ``days_inactive`` (days since its last sign-in, joining or reactivation, as the daily
    job counts) and ``status`` (Active, Deactivated or Invited).
    """
    accounts = (
        User.objects.reviewable_by(actor)
        .with_last_activity()
        .select_related("organization")
        .prefetch_related(
            Prefetch("role_grants", queryset=RoleGrant.objects.select_related("granted_by").order_by("role"))
        )
    )
    if organization:
        accounts = accounts.filter(organization_id=organization)
    if inactive_days:
        accounts = accounts.filter(last_active_at__lt=timezone.now() - timedelta(days=inactive_days))
    now = timezone.now()
    reviewed = list(accounts.order_by("organization__name", "last_name", "first_name", "username"))
    for account in reviewed:
        account.days_inactive = (now - account.last_active_at).days
        account.status = (
            "Active" if account.is_active else "Deactivated" if account.has_usable_password() else "Invited"
        )
    return reviewed
