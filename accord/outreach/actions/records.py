"""Member training records: required trainings, certifications (recorded by hand or earned at a training)
and the referral network, which an organization joins only when its staff hold the required trainings."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.models import Organization, User
from accord.outreach import queries
from accord.outreach.access import is_coordinator, require_training_manager
from accord.outreach.actions._common import add_months, save_audited
from accord.outreach.models import (
    Certification,
    NetworkMembership,
    NetworkStatus,
    RequiredTraining,
    Training,
    TrainingAttendee,
)


def expiry_for(required: RequiredTraining, completed_on: date) -> date | None:
    return add_months(completed_on, required.valid_for_months) if required.valid_for_months else None


@transaction.atomic
def required_training_save(*, actor: User, required: RequiredTraining) -> RequiredTraining:
    require_training_manager(actor)
    save_audited(actor, required, "required_training")
    return required


@transaction.atomic
def certification_record(*, actor: User, certification: Certification) -> Certification:
    """Record that someone holds a required training (taken elsewhere, or before Accord)."""
    require_training_manager(actor)
    person = certification.person
    if not person.is_active or person.organization_id is None:
        raise ValidationError({"person": "Choose member staff with an active account."})
    if not certification.required_training.is_active:
        raise ValidationError({"required_training": "This training is no longer required: choose a current one."})
    if certification.expires_on is None and certification.completed_on:
        certification.expires_on = expiry_for(certification.required_training, certification.completed_on)
    certification.recorded_by = actor
    save_audited(actor, certification, "certification")
    return certification


def certify_attendees(*, actor: User, training: Training, attendees: list[TrainingAttendee]) -> int:
    """Certifications earned by named attendees with an account who completed a certifying training.

    Called inside the caller's transaction (the attendance import); the caller's audit event counts them.
    """
    required = training.certifies
    if required is None:
        return 0
    earned = [(a, person_id) for a in attendees if (person_id := a.person_id) is not None and a.completed]
    Certification.objects.bulk_create(
        Certification(
            person_id=person_id,
            required_training=required,
            completed_on=training.day,
            expires_on=expiry_for(required, training.day),
            training=training,
            attendee=a,
            recorded_by=actor,
            note=f"Completed {training.title}"[:200],
        )
        for a, person_id in earned
    )
    return len(earned)


def _require_coordinator(actor: User) -> None:
    if not is_coordinator(actor):
        raise PermissionDenied("Only the coordinator changes referral-network membership.")


@transaction.atomic
def network_grant(*, actor: User, organization: Organization, note: str = "") -> NetworkMembership:
    """Admit an organization to the referral network, only if all its active staff hold the required trainings."""
    _require_coordinator(actor)
    current = NetworkMembership.objects.filter(organization=organization).first()
    if current is not None and current.is_active:
        raise ValidationError(f"{organization} is already in the referral network.")
    if not organization.is_active:
        raise ValidationError(f"{organization} is not an active member organization.")
    readiness = queries.network_readiness([organization])[organization.pk]
    if not readiness.ready:
        raise ValidationError(readiness.refusal())
    membership = current or NetworkMembership(organization=organization)
    membership.status = NetworkStatus.ACTIVE
    membership.joined_on = timezone.localdate()
    membership.withdrawn_on = None
    membership.granted_by = actor
    membership.note = note.strip()[:300]
    membership.full_clean()
    membership.save()
    audit.record(
        verb="outreach.network_granted",
        actor=actor,
        target=membership,
        changes={"staff_certified": readiness.staff, "required": readiness.required_names},
    )
    return membership


@transaction.atomic
def network_withdraw(*, actor: User, membership: NetworkMembership, note: str = "") -> NetworkMembership:
    _require_coordinator(actor)
    if not note.strip():
        raise ValidationError({"note": "Say why the organization leaves the network."})
    if not membership.is_active:
        return membership
    membership.status = NetworkStatus.WITHDRAWN
    membership.withdrawn_on = timezone.localdate()
    membership.note = note.strip()[:300]
    membership.save(update_fields=["status", "withdrawn_on", "note", "updated_at"])
    audit.record(
        verb="outreach.network_withdrawn",
        actor=actor,
        target=membership,
        changes={"status": ["active", "withdrawn"], "note": membership.note},
    )
    return membership
