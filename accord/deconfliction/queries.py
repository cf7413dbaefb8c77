"""Reads for deconfliction pages, already scoped to what the user's agency may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accord.core.models import User
from accord.deconfliction.models import Hit, HitSide, Operation, Target


def hits_for(user: User, *, open_only: bool = False) -> QuerySet[Hit]:
    """Hits the user's agency is a party to, each with both sides loaded (no query per row)."""
    hits = (
        Hit.objects.open_for(user.organization_id or 0)
        if open_only
        else Hit.objects.for_organization(user.organization_id or 0)
    )
    sides = HitSide.objects.select_related("organization", "investigation", "contact")
    return hits.prefetch_related(Prefetch("sides", queryset=sides))


def open_hit_count(user: User) -> int:
    return HitSide.objects.filter(organization_id=user.organization_id or 0, resolved_at__isnull=True).count()


def targets_for(user: User, *, investigation_id: int | None = None) -> QuerySet[Target]:
    targets = Target.objects.visible_to(user).select_related("investigation", "entered_by")
    if investigation_id:
        targets = targets.filter(investigation_id=investigation_id)
    return targets


def operations_for(user: User) -> QuerySet[Operation]:
    return Operation.objects.visible_to(user).select_related("investigation", "entered_by")
