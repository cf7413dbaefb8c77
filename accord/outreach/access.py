"""Who may do what in outreach, and turning ids from a request into objects for the people allowed to reach them.

Reading: everyone signed in reads trainings (counts by discipline, test scores, approval), awareness events,
community partners, approved materials, the glossary, the calendar and the referral network.

Writing:
- Trainings, attendance sheets, member training records, required trainings, materials and the glossary:
  the coordinator and the **training committee** (chair or member of an active governance committee of kind
  "training").
- Approving a training or a material version: the training committee only (the e-Guide gives the committee
  that decision); the coordinator approves only as one of its members.
- Awareness events, follow-ups and community partners: the coordinator and the **outreach committee** (kind
  "outreach"); a follow-up's owner marks it done.
- The referral network: the coordinator grants and withdraws membership.
- The auditor reads but never writes, even if named on a committee.

Personal data: the names of member-training attendees and member staff's certifications are seen by the
coordinator, the training committee, the person's own organization administrators, and the person.
Missing and not-yours both answer 404; visible but not editable answers 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from accord.core.models import Role, User
from accord.governance.models import Committee, CommitteeKind, lane_admits
from accord.outreach.models import (
    AttendanceImport,
    CommunityPartner,
    FollowUp,
    GlossaryTerm,
    Material,
    MaterialVersion,
    NetworkMembership,
    OutreachEvent,
    RequiredTraining,
    ReviewStatus,
    Training,
    TrainingAttendee,
)

M = TypeVar("M", bound=models.Model)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_coordinator(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.COORDINATOR)


def _never_writes(user: Any) -> bool:
    """The auditor reads only; a coordinator who is also the auditor still coordinates."""
    return not _signed_in(user) or (user.has_role(Role.AUDITOR) and not user.has_role(Role.COORDINATOR))


def committee_kinds(user: Any) -> set[str]:
    """The kinds of active training and outreach committees ``user`` chairs or sits on (one query)."""
    if not _signed_in(user):
        return set()
    rows = (
        Committee.objects.filter(is_active=True, kind__in=[CommitteeKind.TRAINING, CommitteeKind.OUTREACH])
        .filter(Q(chair=user) | Q(members=user))
        .values_list("kind", "restricted_to_lanes")
    )
    return {kind for kind, lanes in rows if lane_admits(list(lanes or []), user)}


def on_training_committee(user: Any) -> bool:
    return not _never_writes(user) and CommitteeKind.TRAINING in committee_kinds(user)


def training_committee_exists() -> bool:
    return Committee.objects.filter(is_active=True, kind=CommitteeKind.TRAINING).exists()


def can_manage_trainings(user: Any) -> bool:
    """Record trainings, attendance, certifications, materials and the glossary."""
    if _never_writes(user):
        return False
    return is_coordinator(user) or CommitteeKind.TRAINING in committee_kinds(user)


def can_manage_outreach(user: Any) -> bool:
    """Record awareness events, their follow-ups and community partners."""
    if _never_writes(user):
        return False
    return is_coordinator(user) or CommitteeKind.OUTREACH in committee_kinds(user)


def can_approve(user: Any) -> bool:
    return on_training_committee(user)


def sees_all_names(user: Any) -> bool:
    """The coordinator and the training committee see every member-training attendee and certification."""
    if not _signed_in(user):
        return False
    return is_coordinator(user) or CommitteeKind.TRAINING in committee_kinds(user)


def attendee_scope(user: Any, *, person_field: str = "person", organization_field: str = "organization") -> Q:
    """Which named records ``user`` may see: all, their organization's (org admins) or their own."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if sees_all_names(user):
        return Q()
    own = Q(**{f"{person_field}_id": user.pk})
    if user.has_role(Role.ORG_ADMIN) and user.organization_id:
        return own | Q(**{f"{organization_field}_id": user.organization_id})
    return own


def certification_scope(user: Any) -> Q:
    return attendee_scope(user, organization_field="person__organization")


def require_training_manager(user: User) -> None:
    if not can_manage_trainings(user):
        raise PermissionDenied("Only the coordinator and the training committee record this.")


def require_outreach_manager(user: User) -> None:
    if not can_manage_outreach(user):
        raise PermissionDenied("Only the coordinator and the outreach committee record this.")


def _get(queryset: models.QuerySet[M], pk: int, what: str) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def get_training_for(user: User, training_id: int, *, write: bool = False) -> Training:
    training = _get(Training.objects.select_related("certifies", "reviewed_by"), training_id, "training")
    if write:
        require_training_manager(user)
    return training


def get_import_for(user: User, import_id: int) -> AttendanceImport:
    """Attendance sheets carry names: only those who record trainings open them."""
    require_training_manager(user)
    return _get(AttendanceImport.objects.select_related("training", "uploaded_by"), import_id, "attendance sheet")


def get_attendee_for(user: User, attendee_id: int, *, write: bool = False) -> TrainingAttendee:
    attendee = _get(TrainingAttendee.objects.visible_to(user).select_related("training"), attendee_id, "attendee")
    if write:
        require_training_manager(user)
    return attendee


def get_required_training_for(user: User, required_id: int, *, write: bool = False) -> RequiredTraining:
    required = _get(RequiredTraining.objects.all(), required_id, "required training")
    if write:
        require_training_manager(user)
    return required


def get_membership_for(user: User, membership_id: int, *, write: bool = False) -> NetworkMembership:
    membership = _get(NetworkMembership.objects.select_related("organization"), membership_id, "membership")
    if write and not (is_coordinator(user) and not _never_writes(user)):
        raise PermissionDenied("Only the coordinator changes referral-network membership.")
    return membership


def get_event_for(user: User, event_id: int, *, write: bool = False) -> OutreachEvent:
    event = _get(OutreachEvent.objects.select_related("audience"), event_id, "event")
    if write:
        require_outreach_manager(user)
    return event


def can_close_follow_up(user: User, follow_up: FollowUp) -> bool:
    return not _never_writes(user) and (follow_up.owner_id == user.pk or can_manage_outreach(user))


def get_follow_up_for(user: User, follow_up_id: int, *, close: bool = False) -> FollowUp:
    follow_up = _get(FollowUp.objects.select_related("event", "owner"), follow_up_id, "follow-up")
    if close and not can_close_follow_up(user, follow_up):
        raise PermissionDenied("Only the follow-up's owner, the coordinator and the outreach committee close it.")
    return follow_up


def get_partner_for(user: User, partner_id: int, *, write: bool = False) -> CommunityPartner:
    partner = _get(CommunityPartner.objects.all(), partner_id, "community partner")
    if write:
        require_outreach_manager(user)
    return partner


def materials_visible_to(user: Any) -> models.QuerySet[Material]:
    """Those who manage the library see everything; everyone else sees materials with an approved version."""
    if can_manage_trainings(user):
        return Material.objects.all()
    if not _signed_in(user):
        return Material.objects.none()
    return Material.objects.filter(is_retired=False, versions__status=ReviewStatus.APPROVED).distinct()


def versions_visible_to(user: Any) -> models.QuerySet[MaterialVersion]:
    if can_manage_trainings(user):
        return MaterialVersion.objects.all()
    if not _signed_in(user):
        return MaterialVersion.objects.none()
    return MaterialVersion.objects.filter(status=ReviewStatus.APPROVED, material__is_retired=False)


def get_material_for(user: User, material_id: int, *, write: bool = False) -> Material:
    material = _get(materials_visible_to(user), material_id, "material")
    if write:
        require_training_manager(user)
    return material


def get_version_for(user: User, version_id: int, *, review: bool = False) -> MaterialVersion:
    version = _get(versions_visible_to(user).select_related("material"), version_id, "version")
    if review and not can_approve(user):
        raise PermissionDenied("Only the training committee approves materials.")
    return version


def get_glossary_term_for(user: User, term_id: int, *, write: bool = False) -> GlossaryTerm:
    term = _get(GlossaryTerm.objects.all(), term_id, "term")
    if write:
        require_training_manager(user)
    return term
