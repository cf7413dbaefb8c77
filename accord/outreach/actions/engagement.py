"""Awareness and outreach events, their follow-ups, and community partners with contacts and engagement history."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import Organization, User
from accord.directory.phones import normalize_phone
from accord.outreach.access import can_close_follow_up, require_outreach_manager
from accord.outreach.actions._common import save_audited, set_m2m
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    CommunityPartner,
    Engagement,
    FollowUp,
    Material,
    OutreachEvent,
    PartnerContact,
    ReviewStatus,
)


@transaction.atomic
def partner_save(*, actor: User, partner: CommunityPartner) -> CommunityPartner:
    require_outreach_manager(actor)
    partner.name = partner.name.strip()
    if partner.pk is None:
        partner.created_by = actor
    save_audited(actor, partner, "partner")
    return partner


@transaction.atomic
def contact_add(*, actor: User, contact: PartnerContact) -> PartnerContact:
    require_outreach_manager(actor)
    if not (contact.email or contact.phone):
        raise ValidationError({"email": "Give an e-mail address or a phone number, so someone can reach them."})
    contact.phone = normalize_phone(contact.phone) if contact.phone else ""
    save_audited(actor, contact, "partner_contact", partner=contact.partner_id)
    return contact


@transaction.atomic
def engagement_add(*, actor: User, engagement: Engagement) -> Engagement:
    require_outreach_manager(actor)
    engagement.recorded_by = actor
    save_audited(actor, engagement, "engagement", partner=engagement.partner_id)
    return engagement


def _approved_only(event: OutreachEvent, materials: list[Material]) -> None:
    """One message: only materials the training committee approved may be handed out."""
    already = set(event.materials.values_list("pk", flat=True)) if event.pk else set()
    new = [m.pk for m in materials if m.pk not in already]
    approved = set(
        Material.objects.filter(pk__in=new, is_retired=False, versions__status=ReviewStatus.APPROVED).values_list(
            "pk", flat=True
        )
    )
    refused = [str(m) for m in materials if m.pk in new and m.pk not in approved]
    if refused:
        raise ValidationError({"materials": f"Not approved by the training committee: {', '.join(refused)}."})


@transaction.atomic
def event_save(
    *,
    actor: User,
    event: OutreachEvent,
    partners: Iterable[CommunityPartner] | None = None,
    member_organizations: Iterable[Organization] | None = None,
    materials: Iterable[Material] | None = None,
) -> OutreachEvent:
    """Record or change an awareness event; reach and handed-out copies are recorded once it has happened."""
    require_outreach_manager(actor)
    if event.audience_id and event.audience.vocabulary.code != AUDIENCE_VOCABULARY:
        raise ValidationError({"audience": "Choose the audience type from the audience list."})
    if materials is not None:
        materials = list(materials)
        _approved_only(event, materials)
    creating = event.pk is None
    before = {} if creating else audit.snapshot(OutreachEvent.objects.get(pk=event.pk))
    event.full_clean()
    if creating:
        event.created_by = actor
    event.save()
    changes: dict[str, object] = dict(audit.diff(before, audit.snapshot(event)))
    set_m2m(event, "partners", partners, changes)
    set_m2m(event, "member_organizations", member_organizations, changes)
    set_m2m(event, "materials", materials, changes)
    if creating or changes:
        verb = "outreach.event_created" if creating else "outreach.event_updated"
        audit.record(verb=verb, actor=actor, target=event, changes=changes)
    return event


@transaction.atomic
def follow_up_add(*, actor: User, follow_up: FollowUp) -> FollowUp:
    require_outreach_manager(actor)
    if follow_up.owner_id and not follow_up.owner.is_active:
        raise ValidationError({"owner": "Choose someone with an active account."})
    follow_up.created_by = actor
    save_audited(actor, follow_up, "follow_up", owner=follow_up.owner.get_username() if follow_up.owner_id else "")
    return follow_up


@transaction.atomic
def follow_up_done(*, actor: User, follow_up: FollowUp) -> FollowUp:
    if not can_close_follow_up(actor, follow_up):
        raise PermissionDenied("Only the follow-up's owner, the coordinator and the outreach committee close it.")
    if follow_up.done_on is None:
        follow_up.done_on = timezone.localdate()
        follow_up.save(update_fields=["done_on"])
        audit.record(verb="outreach.follow_up_done", actor=actor, target=follow_up, changes={"done": True})
    return follow_up
