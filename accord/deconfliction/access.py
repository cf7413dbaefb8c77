"""Turning ids from a request into deconfliction records, for law-enforcement case staff only.

Everyone else (victim services, partners, prosecutors, the coordinator, the auditor) gets 404 on every
deconfliction URL but the coordinator's settings page, audited like the investigations app's refusals. Targets and
operations are reached through investigations the user may see (their agency's and those shared with it);
a hit only through a side that belongs to the user's agency. Every read of target data is audited.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from accord.core import audit
from accord.core.models import User
from accord.deconfliction.actions import can_deconflict
from accord.deconfliction.models import Hit, HitSide, Operation, Target
from accord.investigations.access import PredicateRule, _refuse

DECONFLICTORS = PredicateRule("law-enforcement case staff", test=can_deconflict)


def require_deconflictor(request: HttpRequest) -> User:
    if not can_deconflict(request.user):
        raise _refuse(request, "No such page.")
    assert isinstance(request.user, User)
    return request.user


def get_target_for(user: User, target_id: int) -> Target:
    target = (
        Target.objects.visible_to(user)
        .select_related("investigation", "entered_by", "person")
        .filter(pk=target_id)
        .first()
    )
    if target is None:
        raise Http404("No such target.")
    return target


def get_operation_for(user: User, operation_id: int) -> Operation:
    operation = Operation.objects.visible_to(user).select_related("investigation").filter(pk=operation_id).first()
    if operation is None:
        raise Http404("No such operation.")
    return operation


def get_side_for(user: User, hit_id: int) -> HitSide:
    """The user's agency's side of a hit; 404 if the agency is not a party to it."""
    side = (
        HitSide.objects.filter(hit_id=hit_id, organization_id=user.organization_id or 0)
        .select_related("hit", "investigation", "target", "operation", "resolved_by")
        .first()
    )
    if side is None or not can_deconflict(user):
        raise Http404("No such conflict.")
    return side


def record_viewed(actor: User, record: Any, *, purpose: str, **details: Any) -> None:
    """Audit a read of target data, with the purpose the page serves."""
    audit.record(verb="deconfliction.viewed", actor=actor, target=record, changes={"purpose": purpose, **details})


def mark_seen(actor: User, side: HitSide) -> None:
    """The first time an agency opens its side of a hit, the other agency's contact is known to be reached."""
    if side.seen_at is None:
        side.seen_at = timezone.now()
        side.save(update_fields=["seen_at"])
    record_viewed(actor, side.hit, purpose="review a conflict")


def other_side(hit: Hit, organization_id: int | None) -> HitSide | None:
    return (
        HitSide.objects.filter(hit=hit)
        .exclude(organization_id=organization_id or 0)
        .select_related("organization", "contact__organization")
        .first()
    )
