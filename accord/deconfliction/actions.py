"""Every write to deconfliction: entering targets and operations (each a check), hits, resolutions, settings.

Each check is audited with the purpose the investigator gave. A hit writes one side per agency and, after
commit, e-mails each side's point of contact a message that names no target, no value and no investigation.
Bad input (an unknown kind, a target outside the actor's own investigations, an operation that ends before it
starts, coordinates that are not coordinates) is refused with a clear message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit, rows
from accord.core.jobs import enqueue_in_transaction
from accord.core.models import AuditEvent, Lane, Role, User
from accord.deconfliction import checks, tasks
from accord.deconfliction.checks import Found
from accord.deconfliction.models import (
    Hit,
    HitKind,
    HitSide,
    Kind,
    Operation,
    Settings,
    Target,
)
from accord.investigations.models import Investigation, Status, is_case_staff


def can_deconflict(user: Any) -> bool:
    """Law-enforcement case staff: investigators, supervisors and analysts of a law-enforcement agency."""
    return is_case_staff(user) and user.lane == Lane.LAW_ENFORCEMENT


def _require_own_investigation(actor: User, investigation: Investigation | None) -> Investigation:
    if not can_deconflict(actor):
        raise PermissionDenied("Only law-enforcement investigators, supervisors and analysts deconflict.")
    if investigation is None:
        raise ValidationError({"investigation": "Choose the investigation this belongs to."})
    if investigation.owner_id != actor.organization_id:
        raise ValidationError({"investigation": "Choose one of your own agency's investigations."})
    if investigation.status == Status.CLOSED:
        raise ValidationError({"investigation": "This investigation is closed; reopen it to add to it."})
    return investigation


def _require_purpose(purpose: str) -> str:
    purpose = " ".join((purpose or "").split())
    if len(purpose) < 5:
        raise ValidationError({"purpose": "Say why you are checking (for example: lead follow-up in this case)."})
    return purpose[:200]


@transaction.atomic
def target_enter(
    *,
    actor: User,
    investigation: Investigation | None,
    kind: str,
    value: str,
    purpose: str,
    state: str = "",
    platform: str = "",
    aliases: Iterable[str] = (),
    date_of_birth: str = "",
    person: Target | None = None,
    found_by: str = "entry",
) -> tuple[Target, list[Hit]]:
    """Enter one target in an investigation and check it against every other agency's targets at once."""
    investigation = _require_own_investigation(actor, investigation)
    purpose = _require_purpose(purpose)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of target this is."})
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({"value": "Enter the name or identifier."})
    if kind == Kind.VEHICLE and not state.strip():
        raise ValidationError({"state": "Give the state that issued the plate."})
    if person is not None and kind != Kind.PERSON and person.kind != Kind.PERSON:
        raise ValidationError({"person": "Link the identifier to a person target."})
    aliases = [a.strip() for a in aliases if a.strip()]
    target = Target(
        owner=actor.organization,  # the investigation's owner, checked above; already loaded with the account
        investigation=investigation,
        kind=kind,
        value=f"{value} ({state.strip().upper()})" if kind == Kind.VEHICLE else value,
        aliases="\n".join(aliases),
        date_of_birth=date_of_birth if kind == Kind.PERSON else "",
        person=person if kind != Kind.PERSON else None,
        entered_by=actor,
    )
    # The related records are loaded and checked above: only the values are validated, without a query each.
    target.full_clean(exclude=["owner", "investigation", "person", "entered_by"])
    entry = checks.prepare_entry(
        kind, value, state=state, platform=platform, aliases=aliases, date_of_birth=target.date_of_birth
    )
    target.normalized, target.flagged, target.profile = entry.normalized, entry.flagged, entry.profile
    checks.store(target, entry.digests)
    found = checks.find_for_target(target, entry.digests)
    hits, hit_events = record_hits(target, found, found_by=found_by)
    entered = audit.event(
        verb="deconfliction.target_entered",
        actor=actor,
        target=target,
        changes={
            "purpose": purpose,
            "investigation_id": investigation.pk,
            "kind": kind,
            "flagged": bool(target.flagged),
            "hits": [h.pk for h in hits],
        },
    )
    audit.append([*hit_events, entered])
    return target, hits


def record_hits(record: Target | Operation, found: list[Found], *, found_by: str) -> tuple[list[Hit], list[AuditEvent]]:
    """One hit per pair of records, with a side for each agency; and their audit events, for the caller to
    append with its own (one round trip). The record is new, so its pairs are too (no need to ask); a pair
    the other agency's check recorded in the same instant is left as it is (the insert skips a pair that
    exists)."""
    hits: list[Hit] = []
    events: list[AuditEvent] = []
    prefix = "o" if isinstance(record, Operation) else "t"
    for item in found:
        other = item.other
        pair = f"{prefix}:{min(record.pk, other.pk)}:{max(record.pk, other.pk)}"
        if any(hit.pair == pair for hit in hits):
            continue
        hit = Hit(
            kind=HitKind.OPERATION if isinstance(record, Operation) else HitKind.TARGET,
            matched=item.matched,
            strength=item.strength,
            score=item.score,
            evidence=list(item.evidence),
            found_by=found_by,
            pair=pair,
        )
        if not rows.insert(hit, unless_conflict=True):
            continue
        rows.insert_many([_side(hit, record), _side(hit, other)])
        event = audit.event(
            verb="deconfliction.hit",
            actor_label="deconfliction",
            target=hit,
            organization_id=record.owner_id,
            changes={
                "matched": item.matched,
                "strength": item.strength,
                "organizations": [record.owner_id, other.owner_id],
                "found_by": found_by,
            },
        )
        hits.append(hit)
        events.append(event)
    if hits:
        enqueue_in_transaction(tasks.notify_hits, [h.pk for h in hits])
    return hits, events


def _side(hit: Hit, record: Target | Operation) -> HitSide:
    """The agency's side; its contact is the investigation's lead, else who entered the record (by id: the
    records come with their investigation, and the people are not needed to point at them)."""
    return HitSide(
        hit=hit,
        organization_id=record.owner_id,
        investigation_id=record.investigation_id,
        target=record if isinstance(record, Target) else None,
        operation=record if isinstance(record, Operation) else None,
        contact_id=record.investigation.lead_investigator_id or record.entered_by_id,
    )


@transaction.atomic
def target_remove(*, actor: User, target: Target, reason: str) -> Target:
    """Take a target out of matching (it stays on record). Its open hits stay until resolved."""
    _require_own_investigation(actor, target.investigation)
    if target.removed_at:
        raise ValidationError("This target was already removed.")
    reason = _require_purpose(reason)
    target.removed_at = timezone.now()
    target.save(update_fields=["removed_at", "updated_at"])
    audit.record(verb="deconfliction.target_removed", actor=actor, target=target, changes={"reason": reason})
    return target


@transaction.atomic
def operation_plan(
    *,
    actor: User,
    investigation: Investigation | None,
    kind: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str,
    latitude: str,
    longitude: str,
    purpose: str,
) -> tuple[Operation, list[Hit]]:
    """Record a planned operation and check it against other agencies' operations in the same window."""
    investigation = _require_own_investigation(actor, investigation)
    purpose = _require_purpose(purpose)
    if starts_at is None or ends_at is None:
        raise ValidationError("Give when the operation starts and ends.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The operation must end after it starts."})
    operation = Operation(
        owner_id=investigation.owner_id,
        investigation=investigation,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=" ".join(place.split()),
        latitude=str(latitude).strip(),
        longitude=str(longitude).strip(),
        entered_by=actor,
    )
    operation.full_clean()
    operation.save()
    found = checks.find_for_operation(operation, Settings.current())
    hits, hit_events = record_hits(operation, found, found_by="entry")
    planned = audit.event(
        verb="deconfliction.operation_planned",
        actor=actor,
        target=operation,
        changes={"purpose": purpose, "investigation_id": investigation.pk, "hits": [h.pk for h in hits]},
    )
    audit.append([*hit_events, planned])
    return operation, hits


@transaction.atomic
def operation_cancel(*, actor: User, operation: Operation) -> Operation:
    _require_own_investigation(actor, operation.investigation)
    if operation.cancelled_at:
        raise ValidationError("This operation was already cancelled.")
    operation.cancelled_at = timezone.now()
    operation.save(update_fields=["cancelled_at", "updated_at"])
    audit.record(verb="deconfliction.operation_cancelled", actor=actor, target=operation)
    return operation


@transaction.atomic
def hit_resolve(*, actor: User, side: HitSide, resolution: str) -> HitSide:
    """Mark this agency's side of a hit resolved, with what was agreed (seen by this agency only)."""
    if not can_deconflict(actor) or side.organization_id != actor.organization_id:
        raise PermissionDenied("Only the agency's own staff resolve its side of a hit.")
    if side.resolved_at:
        raise ValidationError("Your agency already marked this hit resolved.")
    resolution = " ".join((resolution or "").split())
    if len(resolution) < 5:
        raise ValidationError({"resolution": "Say what was agreed with the other agency."})
    side.resolved_at, side.resolved_by, side.resolution = timezone.now(), actor, resolution
    side.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit.record(verb="deconfliction.hit_resolved", actor=actor, target=side.hit)
    return side


@transaction.atomic
def settings_update(
    *, actor: User, match_threshold: float, possible_threshold: float, operation_distance_km: float
) -> Settings:
    """The coordinator tunes how sure a person match must be and how near operations conflict."""
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("Only the coordinator changes the deconfliction settings.")
    current = Settings.current()
    before = audit.snapshot(current)
    current.match_threshold = match_threshold
    current.possible_threshold = possible_threshold
    current.operation_distance_km = operation_distance_km
    current.full_clean()
    current.save()
    audit.record(
        verb="deconfliction.settings_changed",
        actor=actor,
        target=current,
        changes=audit.diff(before, audit.snapshot(current)),
    )
    return current
