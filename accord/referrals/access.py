"""Turning referral ids into referrals: both sides (sender's and recipient's staff) reach it, nobody else (404).

What the recipient sees of a linked client is decided separately, at each read, by the consent wall
(``identity_for``): never by the referral itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accord.core import audit
from accord.core.models import Role, User
from accord.core.policy import Rule
from accord.referrals.models import Referral
from accord.victim_services.access import Basis, ClientAccess, resolve
from accord.victim_services.models import DataCategory

# Everyone who works with people may refer; the auditor only reads the audit trail.
REFERRERS = Rule(
    "staff who refer people (everyone but the auditor)",
    roles=frozenset(
        {
            Role.INVESTIGATOR,
            Role.SUPERVISOR,
            Role.ANALYST,
            Role.PROSECUTOR,
            Role.ADVOCATE,
            Role.ORG_ADMIN,
            Role.MEMBER,
            Role.COORDINATOR,
        }
    ),
)


def get_referral_for(user: User, referral_id: int) -> Referral:
    referral = (
        Referral.objects.visible_to(user)
        .select_related("sender", "recipient", "need", "decline_reason", "client", "sent_by", "service_delivery")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or (referral.state == "draft" and referral.sender_id != user.organization_id):
        raise Http404("No such referral.")  # a draft is the sender's own until it is sent
    return referral


def require_sender(user: User, referral: Referral) -> None:
    if referral.sender_id != user.organization_id:
        raise PermissionDenied("Only the sending organization can do this.")


def require_recipient(user: User, referral: Referral) -> None:
    if referral.recipient_id != user.organization_id:
        raise PermissionDenied("Only the organization the referral was sent to can do this.")


@dataclass(frozen=True)
class Identity:
    """The client's identity as this person may see it on this referral, right now."""

    access: ClientAccess
    legal_name: str
    preferred_name: str
    date_of_birth: str


def identity_for(user: User, referral: Referral) -> Identity | None:
    """Identity on a referral: for the sender's own client staff, and for the recipient only while a live
    release names the recipient with the identity category (and the sender chose to share under it).
    Each time it is shown, the read is audited with its basis."""
    if referral.client is None:
        return None
    found = resolve(user, referral.client)
    if found is None or not found.sees(DataCategory.IDENTITY):
        return None
    if found.basis == Basis.RELEASE and not (referral.share_identity and referral.recipient_id == user.organization_id):
        return None
    if found.basis == Basis.BREAK_GLASS:
        return None  # emergency access is for the client record, not for referrals
    audit.record(
        verb="client.viewed",
        actor=user,
        target=referral.client,
        changes={**found.audit_basis(), "purpose": "referral", "referral_id": referral.pk},
    )
    client = referral.client
    return Identity(found, client.legal_name, client.preferred_name, client.date_of_birth)
