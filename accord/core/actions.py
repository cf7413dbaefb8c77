"""Every write in core: accounts, roles, invitations, organizations and task-force settings.

Each action takes a keyword-only ``actor``, runs in one transaction, validates, saves and
writes its audit event; views, commands, the seed and tests all call these.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import (
    ROLE_LANES,
    TASK_FORCE_ROLES,
    Invitation,
    Organization,
    ReleasedUsername,
    Role,
    RoleGrant,
    TaskForce,
    Term,
    User,
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_can_administer(actor: User, user: User | None = None, organization: Organization | None = None) -> None:
    if actor.has_role(Role.COORDINATOR):
        return
    target_org = organization.pk if organization else (user.organization_id if user else None)
    if actor.has_role(Role.ORG_ADMIN) and target_org == actor.organization_id:
        return
    raise ValidationError("You may manage accounts of your own organization only.")


def _validate_roles(actor: User, organization: Organization, roles: Iterable[str]) -> set[str]:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(f"Unknown role: {', '.join(sorted(unknown))}.")
    if not wanted:
        raise ValidationError("Choose at least one role.")
    for role in wanted:
        allowed_lanes = ROLE_LANES.get(role)
        if allowed_lanes is not None and organization.lane not in allowed_lanes:
            lane = organization.get_lane_display().lower()
            raise ValidationError(f"The role “{Role(role).label}” is not available in a {lane} organization.")
    if wanted & TASK_FORCE_ROLES and not actor.has_role(Role.COORDINATOR):
        raise ValidationError("Only the coordinator can grant task-force roles (coordinator, auditor).")
    return wanted


USERNAME_QUARANTINE = timedelta(days=365)


def _check_username_not_recently_released(username: str) -> None:
    """A deleted account's username is not given to someone else within a year (CJIS IA-4 d)."""
    since = timezone.now() - USERNAME_QUARANTINE
    if ReleasedUsername.objects.filter(username__iexact=username, released_at__gt=since).exists():
        raise ValidationError(
            {"username": "That username belonged to an account removed less than a year ago. Choose another."}
        )


@transaction.atomic
def user_invite(
    *,
    actor: User,
    organization: Organization,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    title: str = "",
) -> tuple[User, str]:
    """Create an inactive account and a single-use invitation; returns the account and the raw token."""
    _check_can_administer(actor, organization=organization)
    wanted = _validate_roles(actor, organization, roles)
    _check_username_not_recently_released(username)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
        organization=organization,
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role, granted_by=actor) for role in sorted(wanted))
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS),
    )
    audit.record(
        verb="user.invited",
        actor=actor,
        target=user,
        organization_id=organization.pk,
        changes={"roles": sorted(wanted), "organization": organization.name},
    )
    return user, token


@transaction.atomic
def invitation_reissue(*, actor: User, user: User) -> str:
    """Revoke any pending invitation for a not-yet-active account and issue a fresh one."""
    _check_can_administer(actor, user=user)
    if user.is_active or user.has_usable_password():
        raise ValidationError("This account has already been set up.")
    Invitation.objects.filter(user=user).pending().update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS),
    )
    audit.record(verb="user.invitation_reissued", actor=actor, target=user, organization_id=user.organization_id)
    return token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("user__organization").filter(token_hash=token_hash(token)).first()
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError("This invitation link is not valid. It may have expired or been used already.")
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(verb="user.invitation_accepted", actor=user, target=user)
    return user


@transaction.atomic
def user_set_roles(*, actor: User, user: User, roles: Iterable[str]) -> None:
    _check_can_administer(actor, user=user)
    assert user.organization is not None
    wanted = _validate_roles(actor, user.organization, roles)
    current = set(user.role_grants.values_list("role", flat=True))
    if (current - wanted) & TASK_FORCE_ROLES and not actor.has_role(Role.COORDINATOR):
        raise ValidationError("Only the coordinator can remove task-force roles.")
    if user.pk == actor.pk and Role.COORDINATOR in current - wanted:
        raise ValidationError("You cannot remove your own coordinator role; ask another coordinator.")
    RoleGrant.objects.filter(user=user, role__in=current - wanted).delete()
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=role, granted_by=actor) for role in sorted(wanted - current)
    )
    user.__dict__.pop("roles", None)
    if current != wanted:
        audit.record(
            verb="user.roles_changed",
            actor=actor,
            target=user,
            organization_id=user.organization_id,
            changes={"roles": [sorted(current), sorted(wanted)]},
        )


@transaction.atomic
def user_update_profile(*, actor: User, user: User, **fields: Any) -> None:
    allowed = {"first_name", "last_name", "email", "title", "phone", "is_contractor"}
    if set(fields) - allowed:
        raise ValidationError(f"Cannot change: {', '.join(sorted(set(fields) - allowed))}.")
    if actor.pk != user.pk:
        _check_can_administer(actor, user=user)
    changes = {}
    for name, value in fields.items():
        if getattr(user, name) != value:
            changes[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if not changes:
        return
    user.full_clean()
    user.save()
    audit.record(verb="user.updated", actor=actor, target=user, organization_id=user.organization_id, changes=changes)


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> None:
    _check_can_administer(actor, user=user)
    if user.pk == actor.pk:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    # An inactive account's sessions stop authenticating at once (ModelBackend refuses inactive users).
    audit.record(verb="user.deactivated", actor=actor, target=user, organization_id=user.organization_id)


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> None:
    _check_can_administer(actor, user=user)
    if not user.has_usable_password():
        raise ValidationError("This account has not accepted its invitation yet.")
    user.is_active = True
    user.deactivated_at = None
    user.reactivated_at = timezone.now()  # the inactivity clock restarts here, not at the old last sign-in
    user.save(update_fields=["is_active", "deactivated_at", "reactivated_at"])
    audit.record(verb="user.reactivated", actor=actor, target=user, organization_id=user.organization_id)


def users_deactivate_inactive() -> int:
    """Deactivate every active account unused for ACCORD_INACTIVE_DAYS (CJIS AC-2(3)); returns how many.

    Unused means no sign-in, joining or reactivation since the cutoff. Each account is its own transaction,
    so a run stopped half-way keeps what it did, and running it again only picks up the rest.
    """
    days = settings.ACCORD_INACTIVE_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    stale = User.objects.with_last_activity().filter(is_active=True, last_active_at__lt=cutoff)
    done = 0
    for user_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            # Re-read under lock: the person may have signed in since the list was taken.
            user = stale.select_for_update().filter(pk=user_id).first()
            if user is None:
                continue
            user.is_active = False
            user.deactivated_at = timezone.now()
            user.save(update_fields=["is_active", "deactivated_at"])
            audit.record(
                verb="user.deactivated",
                actor_label="daily job",
                target=user,
                organization_id=user.organization_id,
                changes={"reason": "inactive", "days": days},
            )
            done += 1
    return done


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    """Release an account locked by failed sign-ins."""
    _check_can_administer(actor, user=user)
    cleared = axes_reset(username=user.username)
    audit.record(
        verb="user.unlocked",
        actor=actor,
        target=user,
        organization_id=user.organization_id,
        changes={"cleared": cleared},
    )


@transaction.atomic
def user_reset_second_factor(*, actor: User, user: User) -> None:
    """Remove a lost authenticator; the person sets up a new one at next sign-in (password still needed)."""
    _check_can_administer(actor, user=user)
    if user.pk == actor.pk:
        raise ValidationError("Use your own security settings to change your second factor.")
    removed = Authenticator.objects.filter(user=user).delete()[0]
    audit.record(
        verb="mfa.reset_by_admin",
        actor=actor,
        target=user,
        organization_id=user.organization_id,
        changes={"removed": removed},
    )


@transaction.atomic
def organization_save(*, actor: User, organization: Organization) -> Organization:
    """Create or update an organization (coordinator only)."""
    if not actor.has_role(Role.COORDINATOR):
        raise ValidationError("Only the coordinator can add or change organizations.")
    creating = organization.pk is None
    before = {} if creating else audit.snapshot(Organization.objects.get(pk=organization.pk))
    if not creating and before["lane"] != organization.lane and organization.staff.exists():
        raise ValidationError("An organization with staff cannot change lane: its records follow the lane's rules.")
    organization.full_clean()
    organization.save()
    audit.record(
        verb="organization.created" if creating else "organization.updated",
        actor=actor,
        target=organization,
        organization_id=organization.pk,
        changes=audit.diff(before, audit.snapshot(organization)),
    )
    return organization


@transaction.atomic
def task_force_update(*, actor: User, task_force: TaskForce) -> TaskForce:
    if not actor.has_role(Role.COORDINATOR):
        raise ValidationError("Only the coordinator can change the task force's settings.")
    before = audit.snapshot(TaskForce.objects.get(pk=task_force.pk))
    task_force.full_clean()
    task_force.save()
    changes = audit.diff(before, audit.snapshot(task_force))
    audit.record(verb="task_force.updated", actor=actor, target=task_force, changes=changes)
    return task_force


@transaction.atomic
def term_save(*, actor: User, term: Term) -> Term:
    """Add a term to a vocabulary or change one (coordinator only). Codes never change once saved."""
    if not actor.has_role(Role.COORDINATOR):
        raise ValidationError("Only the coordinator can edit vocabularies.")
    creating = term.pk is None
    before = {} if creating else audit.snapshot(Term.objects.get(pk=term.pk))
    if not creating and before["code"] != term.code:
        raise ValidationError("A term's code cannot change: records refer to it. Deactivate it and add a new one.")
    term.full_clean()
    term.save()
    audit.record(
        verb="term.created" if creating else "term.updated",
        actor=actor,
        target=term,
        changes=audit.diff(before, audit.snapshot(term)),
    )
    return term
