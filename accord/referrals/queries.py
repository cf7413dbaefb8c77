"""Reads for referral pages, scoped to the two organizations of each referral."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.core.models import User
from accord.referrals.models import Referral, State


def referrals_for(user: User, *, box: str = "all", state: str = "") -> QuerySet[Referral]:
    qs = Referral.objects.visible_to(user).select_related("sender", "recipient", "need")
    if box == "received":
        qs = qs.filter(recipient_id=user.organization_id).exclude(state=State.DRAFT)
    elif box == "sent":
        qs = qs.filter(sender_id=user.organization_id)
    else:
        # A draft is the sender's own business until it is sent.
        qs = qs.exclude(state=State.DRAFT, recipient_id=user.organization_id)
    if state in State.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def waiting_on(user: User) -> dict[str, list[Referral]]:
    """What needs this organization: received and unanswered, accepted and not completed, and stale sent ones."""
    if not user.organization_id:
        return {}
    mine = Referral.objects.visible_to(user).select_related("sender", "recipient", "need")
    return {
        "to_answer": list(mine.filter(recipient_id=user.organization_id, state=State.SENT).order_by("sent_at")[:10]),
        "to_complete": list(
            mine.filter(recipient_id=user.organization_id, state=State.ACCEPTED).order_by("accepted_at")[:10]
        ),
        "stale_sent": list(mine.filter(sender_id=user.organization_id).stale().order_by("sent_at")[:10]),
    }
