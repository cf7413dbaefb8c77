"""The audit trail: one call to record an event, and the hash chain that makes tampering visible.

Every event stores ``prev_hash`` (the previous event's hash) and ``hash`` = SHA-256 of
``prev_hash`` and the event's canonical content. Changing a row changes its hash; removing one
breaks the next row's ``prev_hash``. ``verify()`` walks the chain. On PostgreSQL a trigger also
refuses UPDATE and DELETE on the table (migration 0002).

Retention (accord.retention) may remove the oldest events, always as a prefix of the chain, and then
appends an ``audit.checkpoint`` event naming the hash of the last one removed. ``verify()`` starts at
the first remaining event and accepts its link only if such a checkpoint appears in the verified chain.

``record()`` runs inside the caller's transaction, so a failed audit write fails the action
that asked for it: nothing is changed without its audit row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from accord.core import context, rows
from accord.core.models import AuditEvent

if TYPE_CHECKING:
    from accord.core.models import User

GENESIS = "0" * 64
CHECKPOINT_VERB = "audit.checkpoint"
_CHAIN_LOCK_ID = 7_310_001  # PostgreSQL advisory lock key that serialises appends to the chain


def canonical(event: AuditEvent) -> str:
    """The event's content as a stable string (independent of database and key order)."""
    return json.dumps(
        {
            "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": event.actor_id,
            "actor_label": event.actor_label,
            "organization_id": event.organization_id,
            "verb": event.verb,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "target_label": event.target_label,
            "changes": event.changes,
            "outcome": event.outcome,
            "request_id": event.request_id,
            "ip_address": event.ip_address,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_SQL)
    # SQLite: transactions begin IMMEDIATE (settings), so the writer already holds the lock.


# What an event says (all but its id and its links), and the statements that append it.
_CONTENT_FIELDS = [f for f in AuditEvent._meta.concrete_fields if f.attname not in {"id", "prev_hash", "hash"}]
_HEAD = "SELECT hash FROM {events} ORDER BY id DESC LIMIT 1"
_HEAD_SQL = _HEAD.format(events=AuditEvent._meta.db_table)
_LOCK_SQL = f"SELECT pg_advisory_xact_lock({_CHAIN_LOCK_ID})"
_INSERT_LINKED = """INSERT INTO {events} ({columns}, prev_hash, hash) VALUES ({values},
    COALESCE(({head}), %s), encode(sha256(convert_to(COALESCE(({head}), %s) || %s, 'UTF8')), 'hex'))
RETURNING id, prev_hash, hash"""
_INSERT_LINKED_SQL = _INSERT_LINKED.format(
    events=AuditEvent._meta.db_table,
    columns=", ".join(f.column for f in _CONTENT_FIELDS),
    values=", ".join(["%s"] * len(_CONTENT_FIELDS)),
    head=_HEAD_SQL,
)


def _append_in_one_round_trip(events: Sequence[AuditEvent]) -> None:
    """PostgreSQL: take the chain's lock, then insert each event with its link and hash worked out by the
    database from the head it reads (sha256 of the head's hash and the event's canonical text, as
    ``chain_hash`` does; ``verify`` checks them in Python). Sent together, a statement each: every insert
    takes its snapshot after the lock is granted, so it reads every append committed before, and the
    events before it in this transaction."""
    params = []
    for made in events:
        values = [field.get_db_prep_save(field.pre_save(made, True), connection) for field in _CONTENT_FIELDS]
        params += [*values, GENESIS, GENESIS, canonical(made)]
    with connection.cursor() as cursor:
        rows.execute(cursor, ";\n".join([_LOCK_SQL, *[_INSERT_LINKED_SQL] * len(events)]), params)
        for made in events:
            cursor.nextset()
            made.pk, made.prev_hash, made.hash = cursor.fetchone()
            made._state.adding = False
            made._state.db = connection.alias


def _head() -> str | None:
    """SQLite: the chain's last hash (the writer holds the database's lock from BEGIN IMMEDIATE)."""
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


def _describe(target: Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    return target._meta.label_lower, str(target.pk), str(target)[:200]


def record(
    *,
    verb: str,
    actor: User | None = None,
    target: Model | None = None,
    changes: dict[str, Any] | None = None,
    organization_id: int | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit trail. Raises if it cannot be written."""
    made = event(
        verb=verb,
        actor=actor,
        target=target,
        changes=changes,
        organization_id=organization_id,
        outcome=outcome,
        actor_label=actor_label,
    )
    append([made])
    return made


def event(
    *,
    verb: str,
    actor: User | None = None,
    target: Model | None = None,
    changes: dict[str, Any] | None = None,
    organization_id: int | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    actor_label: str = "",
) -> AuditEvent:
    """An event as ``record`` makes it, not yet appended: an action that records several appends them
    together (``append``)."""
    ctx = context.current.get()
    target_type, target_id, target_label = _describe(target)
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    return AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=(actor.get_username() if actor is not None else actor_label)[:150],
        organization_id=organization_id,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        changes=json.loads(json.dumps(changes or {}, default=str)),
        outcome=outcome,
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
    )


def append(events: Sequence[AuditEvent]) -> None:
    """Append events to the audit trail in this order (on PostgreSQL in one round trip). Raises if they cannot
    be written."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            _append_in_one_round_trip(events)
            return
        head = _head() or GENESIS
        for made in events:
            made.prev_hash, made.hash = head, chain_hash(head, made)
            rows.insert(made)  # every action appends: a fixed statement, not the ORM's insert
            head = made.hash


SKIPPED_FIELDS = frozenset({"created_at", "updated_at", "password"})


@dataclass(frozen=True)
class Redacted:
    """An encrypted field's value: compared for ``diff``, written to the trail only as a marker."""

    value: Any

    def __str__(self) -> str:
        return "(encrypted)"


def snapshot(instance: Model) -> dict[str, Any]:
    """A record's field values, for ``diff``; encrypted fields appear only as changed or not."""
    from accord.core.crypto import EncryptedTextField

    values: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        value = f.value_from_object(instance)
        values[f.attname] = Redacted(value) if isinstance(f, EncryptedTextField) else value
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose values differ, as ``{field: [old, new]}``."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(*, chunk_size: int = 2000) -> VerifyResult:
    """Walk the chain in order; report the first event whose content or link does not match.

    The chain starts at GENESIS, or, after a retention purge, at an event whose predecessor is named by a
    checkpoint further on in the chain (so the checkpoint itself is covered by the hashes after it).
    """
    prev, first_id, unanchored = GENESIS, None, ""
    checked = 0
    for event in _in_order(chunk_size):
        if first_id is None:
            first_id, prev = event.pk, event.prev_hash
            unanchored = "" if prev == GENESIS else prev
        if event.prev_hash != prev:
            return VerifyResult(checked, prev, event.pk, "an earlier event was removed or changed")
        if chain_hash(prev, event) != event.hash:
            return VerifyResult(checked, prev, event.pk, "this event's content was changed")
        if unanchored and event.verb == CHECKPOINT_VERB and event.changes.get("last_hash") == unanchored:
            unanchored = ""
        prev = event.hash
        checked += 1
    if unanchored:
        return VerifyResult(checked, prev, first_id, "earlier events were removed without a retention checkpoint")
    return VerifyResult(checked, prev)


def _in_order(chunk_size: int) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size)


def save_recorded(actor: User, instance: Model, verb: str, **extra: Any) -> dict[str, Any]:
    """Validate, save and audit a create or update as ``<verb>_created`` or ``<verb>_updated``.

    Returns the changes written (field by field, plus ``extra``); an update that changes nothing is not audited.
    """
    creating = instance.pk is None
    before = {} if creating else snapshot(type(instance)._default_manager.get(pk=instance.pk))
    instance.full_clean()
    instance.save()
    changes = {**diff(before, snapshot(instance)), **extra}
    if creating or changes:
        record(verb=f"{verb}_{'created' if creating else 'updated'}", actor=actor, target=instance, changes=changes)
    return changes


def names_of(items: Iterable[Any]) -> list[str]:
    return sorted(str(item) for item in items)


def set_many(instance: Any, field: str, wanted: Iterable[Any] | None, changes: dict[str, Any]) -> None:
    """Replace a many-to-many field and note the change (by names) in ``changes`` when there is one."""
    if wanted is None:
        return
    wanted = list(wanted)
    manager = getattr(instance, field)
    before = names_of(manager.all())
    manager.set(wanted)
    if names_of(wanted) != before:
        changes[field] = [before, names_of(wanted)]
