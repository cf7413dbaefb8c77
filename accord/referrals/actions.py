"""Every write to referrals: draft → sent → accepted | declined → completed, and withdrawn. Audited; locked.

Bad input is refused with a clear message and changes nothing: a referral to one's own organization, a share
of identity with no live release naming the recipient and identity, a move the state does not allow, a stale
save (``RecordChanged``), an unknown category.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.api import webhooks
from accord.core import audit
from accord.core.models import Role, Term, User
from accord.referrals.models import Outcome, Referral, State
from accord.victim_services.locking import claim
from accord.victim_services.models import DataCategory, Release, ServiceDelivery, is_client_staff

DESCRIPTOR_FIELDS = ("need_id", "urgency", "age_band", "gender", "language", "family", "trafficking_type")


def _require_referrer(actor: User) -> None:
    if not actor.organization_id or not actor.is_active:
        raise PermissionDenied("Only staff of a member organization can refer.")
    if actor.roles <= {Role.AUDITOR}:
        raise PermissionDenied("The auditor reads the audit trail; they do not refer.")


PAST = {"send": "sent", "accept": "accepted", "decline": "declined", "complete": "completed", "withdraw": "withdrawn"}


def _require_state(referral: Referral, action: str) -> None:
    if not referral.allowed(action):
        raise ValidationError(
            f"This referral is {referral.get_state_display().lower()}, so it cannot be {PAST[action]} now."
        )


def _check_identity_share(referral: Referral) -> Release | None:
    """Sharing identity needs a live release from the client naming the recipient and identity."""
    if not referral.share_identity:
        return None
    release = (
        Release.objects.live()
        .filter(client_id=referral.client_id or 0, recipient_id=referral.recipient_id)
        .order_by("-pk")
        .first()
    )
    if release is None or not release.covers(DataCategory.IDENTITY):
        raise ValidationError(
            {
                "share_identity": (
                    "There is no live release from this client naming this organization and their identity "
                    "(it may have expired or been revoked). Send the referral without identity, or record a "
                    "new release first."
                )
            }
        )
    return release


def _notify(organization_id: int | None, event: str, referral: Referral) -> None:
    """Tell the other side's systems (webhooks): ids, state and the need's code only, never the person."""
    payload = {
        "referral_id": referral.pk,
        "state": referral.state,
        "need": referral.need.code,
        "urgency": referral.urgency,
        "sender_id": referral.sender_id,
        "recipient_id": referral.recipient_id,
    }
    webhooks.emit([organization_id], event, payload)


def _descriptors(referral: Referral) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in DESCRIPTOR_FIELDS} | {"client_linked": bool(referral.client_id)}


@transaction.atomic
def referral_save(*, actor: User, referral: Referral, expected_version: int | None = None) -> Referral:
    """Create or change a draft referral from the actor's organization."""
    _require_referrer(actor)
    creating = referral.pk is None
    if creating:
        referral.sender = actor.organization  # type: ignore[assignment]
        referral.sent_by = actor
        referral.state = State.DRAFT
    else:
        if referral.sender_id != actor.organization_id:
            raise PermissionDenied("Only the sending organization can change the referral.")
        if referral.state != State.DRAFT:
            raise ValidationError("Only a draft can be changed. Withdraw the referral and make a new one.")
        claim(referral, expected_version)
    if referral.client is not None and not is_client_staff(actor, referral.client.organization_id):
        raise ValidationError({"client": "Only the client's own advocates can link a client."})
    if not referral.client_id:
        referral.share_identity = False
    referral.full_clean()
    referral.save()
    audit.record(
        verb="referral.drafted" if creating else "referral.updated",
        actor=actor,
        target=referral,
        changes=_descriptors(referral) | {"recipient_id": referral.recipient_id},
    )
    return referral


@transaction.atomic
def referral_send(*, actor: User, referral: Referral, expected_version: int | None) -> Referral:
    _require_referrer(actor)
    if referral.sender_id != actor.organization_id:
        raise PermissionDenied("Only the sending organization can send the referral.")
    _require_state(referral, "send")
    release = _check_identity_share(referral)
    claim(referral, expected_version)
    referral.state = State.SENT
    referral.sent_at = timezone.now()
    referral.full_clean()
    referral.save()
    audit.record(
        verb="referral.sent",
        actor=actor,
        target=referral,
        changes=_descriptors(referral)
        | {
            "recipient_id": referral.recipient_id,
            "share_identity": referral.share_identity,
            "release_id": release.pk if release else None,
        },
    )
    _notify(referral.recipient_id, "referral.sent", referral)
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, expected_version: int | None) -> Referral:
    _require_referrer(actor)
    if referral.recipient_id != actor.organization_id:
        raise PermissionDenied("Only the organization the referral was sent to can accept it.")
    _require_state(referral, "accept")
    claim(referral, expected_version)
    referral.state = State.ACCEPTED
    referral.accepted_at = timezone.now()
    referral.decided_by = actor
    referral.save()
    audit.record(
        verb="referral.accepted",
        actor=actor,
        target=referral,
        changes={"hours_to_accept": round((referral.accepted_at - referral.sent_at).total_seconds() / 3600, 1)}
        if referral.sent_at
        else {},
    )
    _notify(referral.sender_id, "referral.accepted", referral)
    return referral


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, expected_version: int | None, reason: Term | None, note: str = ""
) -> Referral:
    _require_referrer(actor)
    if referral.recipient_id != actor.organization_id:
        raise PermissionDenied("Only the organization the referral was sent to can decline it.")
    _require_state(referral, "decline")
    if reason is None or reason.vocabulary.code != "referral-decline-reason":
        raise ValidationError({"reason": "Give the reason for declining."})
    claim(referral, expected_version)
    referral.state = State.DECLINED
    referral.declined_at = timezone.now()
    referral.decline_reason = reason
    referral.decline_note = note[:300]
    referral.decided_by = actor
    referral.save()
    audit.record(verb="referral.declined", actor=actor, target=referral, changes={"reason": reason.code})
    _notify(referral.sender_id, "referral.declined", referral)
    return referral


@transaction.atomic
def referral_complete(
    *,
    actor: User,
    referral: Referral,
    expected_version: int | None,
    outcome: str,
    note: str = "",
    delivered_on: date | None = None,
    units: Decimal | None = None,
    unit: str = ServiceDelivery.Unit.SESSIONS,
) -> Referral:
    """The recipient closes the loop. When a service was given to a linked client, it is recorded as a service
    delivered on the client's record (by the recipient, in the need's category) and linked to the referral."""
    _require_referrer(actor)
    if referral.recipient_id != actor.organization_id:
        raise PermissionDenied("Only the organization the referral was sent to can complete it.")
    _require_state(referral, "complete")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    claim(referral, expected_version)
    referral.state = State.COMPLETED
    referral.completed_at = timezone.now()
    referral.outcome = outcome
    referral.outcome_note = note[:300]
    if referral.client is not None and outcome in {Outcome.PROVIDED, Outcome.PARTLY}:
        service = ServiceDelivery(
            client=referral.client,
            delivered_on=delivered_on or timezone.localdate(),
            category=referral.need,
            provider=referral.recipient,
            units=units or Decimal(1),
            unit=unit,
            recorded_by=actor,
        )
        service.full_clean()
        service.save()
        referral.service_delivery = service
        audit.record(
            verb="client.service.created",
            actor=actor,
            target=referral.client,
            organization_id=referral.client.organization_id,
            changes={"id": service.pk, "referral_id": referral.pk, "basis": "referral completed"},
        )
    referral.save()
    audit.record(
        verb="referral.completed",
        actor=actor,
        target=referral,
        changes={"outcome": outcome, "service_delivery_id": referral.service_delivery_id},
    )
    _notify(referral.sender_id, "referral.completed", referral)
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, expected_version: int | None, note: str = "") -> Referral:
    _require_referrer(actor)
    if referral.sender_id != actor.organization_id:
        raise PermissionDenied("Only the sending organization can withdraw the referral.")
    _require_state(referral, "withdraw")
    claim(referral, expected_version)
    referral.state = State.WITHDRAWN
    referral.withdrawn_at = timezone.now()
    referral.withdraw_note = note[:300]
    referral.save()
    audit.record(verb="referral.withdrawn", actor=actor, target=referral)
    return referral
