"""Turning ids from a request into investigation records, for the people allowed to reach them.

Need to know: an investigation is visible to case staff (investigators, supervisors, analysts, prosecutors) of
its owning agency and of organizations it is explicitly shared with; naming a prosecutor's office in a referral,
or a federal partner in a Continued Presence request, shares it with them. Everyone else, including victim
services, partners, the coordinator and the auditor, gets 404 on every investigation URL: to them this part of
Accord does not exist. Such refusals are audited like the policy's 403s. Visible but not changeable (a shared
organization trying to edit the owner's record, or to decide another office's referral) is 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest

from accord.core import audit
from accord.core.models import AuditEvent, Lane, Role, User
from accord.core.policy import Rule
from accord.investigations.models import (
    CaseRecord,
    Document,
    IntelligenceRecord,
    Investigation,
    ProsecutionReferral,
    is_case_staff,
)

M = TypeVar("M", bound=CaseRecord)


def _is_intelligence_staff(user: Any) -> bool:
    return is_case_staff(user) and user.lane == Lane.LAW_ENFORCEMENT


@dataclass(frozen=True)
class PredicateRule(Rule):
    """A menu rule decided by a function of the user (the views themselves answer 404 to everyone else)."""

    test: Callable[[Any], bool] = field(default=lambda user: False, compare=False)

    def permits(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and self.test(user))


CASE_STAFF = PredicateRule("case staff of law enforcement and prosecution", test=is_case_staff)
INTELLIGENCE_STAFF = PredicateRule("case staff of law enforcement", test=_is_intelligence_staff)


def _refuse(request: HttpRequest, message: str) -> Http404:
    match = request.resolver_match
    audit.record(
        verb="access.denied",
        actor=request.user if isinstance(request.user, User) else None,
        changes={"url_name": match.view_name if match else "", "method": request.method, "answer": 404},
        outcome=AuditEvent.Outcome.DENIED,
    )
    return Http404(message)


def require_case_staff(request: HttpRequest) -> User:
    """The signed-in user if they work cases; otherwise 404 (audited)."""
    if not is_case_staff(request.user):
        raise _refuse(request, "No such page.")
    assert isinstance(request.user, User)
    return request.user


def require_intelligence_staff(request: HttpRequest) -> User:
    if not _is_intelligence_staff(request.user):
        raise _refuse(request, "No such page.")
    assert isinstance(request.user, User)
    return request.user


def require_coordinator(request: HttpRequest) -> User:
    """Task-force-wide counts and settings: the coordinator only; to everyone else they do not exist."""
    if not (isinstance(request.user, User) and request.user.has_role(Role.COORDINATOR)):
        raise _refuse(request, "No such page.")
    return request.user


def can_manage(user: User, investigation: Investigation) -> bool:
    """Change the investigation itself, its status and its sharing: the owning agency's case staff."""
    return is_case_staff(user) and investigation.owner_id == user.organization_id


def get_investigation_for(user: User, investigation_id: int, *, manage: bool = False) -> Investigation:
    investigation = (
        Investigation.objects.visible_to(user)
        .with_stage()
        .select_related("owner", "polaris_type", "lead_source", "lead_investigator")
        .filter(pk=investigation_id)
        .first()
    )
    if investigation is None:
        raise Http404("No such investigation.")
    if manage and not can_manage(user, investigation):
        raise PermissionDenied("Only the owning agency can change the investigation itself or its sharing.")
    return investigation


def get_item_for(investigation: Investigation, model: type[M], item_id: int) -> M:
    """A record inside an investigation the caller already reached through ``get_investigation_for``."""
    item = model.objects.filter(investigation=investigation, pk=item_id).first()  # type: ignore[attr-defined]
    if item is None:
        raise Http404("No such record in this investigation.")
    return item


def get_referral_to_decide(user: User, investigation: Investigation, referral_id: int) -> ProsecutionReferral:
    """A referral is accepted or declined by the office it was sent to, nobody else."""
    referral = get_item_for(investigation, ProsecutionReferral, referral_id)
    if referral.office_id != user.organization_id or user.lane != Lane.PROSECUTION:
        raise PermissionDenied("Only the office the case was referred to can accept or decline it.")
    return referral


def get_document_for(user: User, investigation: Investigation, document_id: int) -> Document:
    return get_item_for(investigation, Document, document_id)


def get_intelligence_for(user: User, record_id: int) -> IntelligenceRecord:
    record = IntelligenceRecord.objects.visible_to(user).select_related("investigation").filter(pk=record_id).first()
    if record is None:
        raise Http404("No such intelligence record.")
    return record


def record_people_viewed(actor: User, investigation: Investigation, people: Mapping[str, Iterable[Model]]) -> None:
    """Audit a read of subjects, victims or witnesses: one event per kind shown, naming the records' ids."""
    for kind, records in people.items():
        ids = sorted(record.pk for record in records)
        if ids:
            audit.record(
                verb=f"{kind}.viewed",
                actor=actor,
                target=investigation,
                changes={f"{kind}_ids": ids},
            )


def record_victims_listed(actor: User, victim_ids: list[int], *, page: str) -> None:
    """Audit a page that lists victims across investigations (by reference only)."""
    if victim_ids:
        audit.record(verb="victim.viewed", actor=actor, changes={"victim_ids": victim_ids, "page": page})


def record_intelligence_viewed(actor: User, record: IntelligenceRecord) -> None:
    audit.record(verb="intelligence.viewed", actor=actor, target=record)
