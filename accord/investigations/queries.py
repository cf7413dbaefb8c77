"""Reads for investigation pages, already scoped by need to know (``Investigation.objects.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.core import rows
from accord.core.models import TaskForce, User
from accord.investigations.models import (
    STAGE_ORDER,
    Arrest,
    CaseReviewItem,
    Certification,
    CertificationStatus,
    Charge,
    ContinuedPresence,
    CourtEvent,
    Decision,
    Disposition,
    Document,
    IntelligenceRecord,
    Investigation,
    InvestigationSettings,
    InvestigationShare,
    Origin,
    ProsecutionReferral,
    ReliefStatus,
    Stage,
    Status,
    Subject,
    Task,
    TimelineEvent,
    TraffickingType,
    Victim,
    Witness,
    is_case_staff,
)


def _count(model: type[Any], **criteria: Any) -> Coalesce:
    rows = (
        model.objects.filter(investigation=OuterRef("pk"), **criteria)
        .order_by()
        .values("investigation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _active_shares() -> Prefetch:
    return Prefetch(
        "shares",
        queryset=InvestigationShare.objects.active().select_related("organization").order_by("organization__name"),
        to_attr="active_shares",
    )


def own_open_investigation(organization_id: int | None, pk: int) -> Investigation | None:
    """One of this agency's open investigations by id, or None: what entry forms offer to add to, read by a
    fixed statement (``accord.core.rows``) since the online check posts one every time."""
    with connection.cursor() as cursor:
        rows.execute(cursor, _OWN_OPEN_SQL, [pk, organization_id, Status.CLOSED])
        row = cursor.fetchone()
    return rows.instance(Investigation, row) if row else None


_OWN_OPEN = """SELECT {investigations_columns} FROM {investigations}
    WHERE {investigations}.id = %s AND {investigations}.owner_id = %s AND {investigations}.status <> %s"""
_OWN_OPEN_SQL = rows.statement(_OWN_OPEN, investigations=Investigation)


def investigations_for(user: User, criteria: dict[str, Any] | None = None) -> QuerySet[Investigation]:
    """The list page: the agency's own investigations and those shared with it, with their legal stage."""
    criteria = criteria or {}
    qs = (
        Investigation.objects.visible_to(user)
        .with_stage()
        .select_related("owner", "polaris_type", "lead_source")
        .prefetch_related(_active_shares())
    )
    if criteria.get("scope") == "own":
        qs = qs.filter(owner_id=user.organization_id)
    elif criteria.get("scope") == "shared":
        qs = qs.exclude(owner_id=user.organization_id)
    for name in ("status", "trafficking_type", "stage"):
        if criteria.get(name):
            qs = qs.filter(**{name: criteria[name]})
    if criteria.get("q"):
        qs = qs.filter(Q(case_number__icontains=criteria["q"]) | Q(name__icontains=criteria["q"]))
    return qs.order_by("-opened_on", "-pk")


@dataclass
class CaseFile:
    """Everything the investigation page shows, loaded in a fixed number of queries."""

    investigation: Investigation
    shares: list[InvestigationShare]
    subjects: list[Subject]
    victims: list[Victim]
    witnesses: list[Witness]
    arrests: list[Arrest]
    charges: list[Charge]
    referrals: list[ProsecutionReferral]
    court_events: list[CourtEvent]
    continued_presence: list[ContinuedPresence]
    certifications: list[Certification]
    events: list[TimelineEvent]
    tasks: list[Task]
    documents: list[Document]
    reviews: list[CaseReviewItem]
    chronology: list[dict[str, Any]] = field(default_factory=list)

    @property
    def dispositions(self) -> list[Disposition]:
        return [c.disposition for c in self.charges if hasattr(c, "disposition")]


def case_file(investigation: Investigation) -> CaseFile:
    inv = investigation
    found = CaseFile(
        investigation=inv,
        shares=list(inv.shares.active().select_related("organization", "shared_by")),
        subjects=list(Subject.objects.filter(investigation=inv).prefetch_related("roles")),
        victims=list(Victim.objects.filter(investigation=inv)),
        witnesses=list(Witness.objects.filter(investigation=inv)),
        arrests=list(Arrest.objects.filter(investigation=inv).select_related("subject", "arresting_agency")),
        charges=list(
            Charge.objects.filter(investigation=inv).select_related(
                "subject", "statute", "nibrs_offense", "disposition"
            )
        ),
        referrals=list(ProsecutionReferral.objects.filter(investigation=inv).select_related("office")),
        court_events=list(CourtEvent.objects.filter(investigation=inv).select_related("subject")),
        continued_presence=list(
            ContinuedPresence.objects.filter(investigation=inv)
            .select_related("victim", "federal_partner", "organization")
            .annotate(renewal_count=Count("renewals"))
        ),
        certifications=list(
            Certification.objects.filter(investigation=inv).select_related("victim", "certifying_agency")
        ),
        events=list(TimelineEvent.objects.filter(investigation=inv).select_related("organization")),
        tasks=list(Task.objects.filter(investigation=inv).select_related("assigned_to", "organization")),
        documents=list(Document.objects.filter(investigation=inv).select_related("recorded_by", "organization")),
        reviews=list(CaseReviewItem.objects.filter(investigation=inv)),
    )
    found.chronology = _chronology(found)
    return found


def _chronology(found: CaseFile) -> list[dict[str, Any]]:
    """The case's timeline: recorded events and the dated steps of arrest, charge, court and relief, in order."""
    rows: list[tuple[date, str, str]] = [(found.investigation.opened_on, "Opened", "Investigation opened")]
    rows += [(e.occurred_on, "Event", e.title) for e in found.events]
    rows += [(a.arrested_on, "Arrest", f"Subject arrested by {a.arresting_agency}") for a in found.arrests]
    rows += [(c.filed_on, "Charge", c.statute.label) for c in found.charges]
    rows += [(r.referred_on, "Referral", f"Referred to {r.office}") for r in found.referrals]
    rows += [
        (r.decided_on, "Decision", f"{r.office}: {r.get_decision_display()}") for r in found.referrals if r.decided_on
    ]
    rows += [(e.occurs_on, "Court", e.get_kind_display()) for e in found.court_events]
    rows += [
        (d.disposed_on, "Disposition", f"{d.get_outcome_display()}: {d.charge.statute.label}")
        for d in found.dispositions
    ]
    rows += [(cp.requested_on, "Relief", "Continued Presence requested") for cp in found.continued_presence]
    rows += [
        (cp.decided_on, "Relief", f"Continued Presence {cp.get_status_display().lower()}")
        for cp in found.continued_presence
        if cp.decided_on
    ]
    rows += [(c.requested_on, "Relief", f"{c.get_form_display()} requested") for c in found.certifications]
    rows += [(c.signed_on, "Relief", f"{c.get_form_display()} signed") for c in found.certifications if c.signed_on]
    if found.investigation.closed_on:
        rows.append((found.investigation.closed_on, "Closed", "Investigation closed"))
    rows.sort(key=lambda row: row[0])
    today = timezone.localdate()
    return [{"on": on, "kind": kind, "text": text, "upcoming": on > today} for on, kind, text in rows]


def case_log(user: User) -> list[dict[str, Any]]:
    """Shared matters visible to the user, grouped by legal stage: the law-enforcement committee's case log."""
    today = timezone.localdate()
    next_court = (
        CourtEvent.objects.filter(investigation=OuterRef("pk"), occurs_on__gte=today)
        .order_by("occurs_on")
        .values("occurs_on")[:1]
    )
    rows = (
        Investigation.objects.visible_to(user)
        .shared()
        .with_stage()
        .select_related("owner", "polaris_type")
        .prefetch_related(_active_shares())
        .annotate(
            next_court=Subquery(next_court),
            subject_count=_count(Subject),
            victim_count=_count(Victim),
            ht_charges=_count(Charge, is_trafficking_charge=True),
            pending_referrals=_count(ProsecutionReferral, decision=Decision.PENDING),
            pending_relief=_count(ContinuedPresence, status=ReliefStatus.REQUESTED)
            + _count(Certification, status=CertificationStatus.REQUESTED),
            open_tasks=_count(Task, status="open"),
        )
        .order_by("stage_order", "-opened_on", "pk")
    )
    groups: dict[str, list[Investigation]] = {value: [] for value in STAGE_ORDER}
    for investigation in rows:
        groups[investigation.stage].append(investigation)  # type: ignore[attr-defined]
    return [{"stage": Stage(value), "investigations": items} for value, items in groups.items() if items]


@dataclass
class PendingRelief:
    requested: list[ContinuedPresence]
    renewals_due: list[ContinuedPresence]
    certifications: list[Certification]

    @property
    def total(self) -> int:
        return len(self.requested) + len(self.renewals_due) + len(self.certifications)

    @property
    def victim_ids(self) -> list[int]:
        requests = {item.victim_id for item in [*self.requested, *self.renewals_due]}
        return sorted(requests | {item.victim_id for item in self.certifications})


def pending_relief(user: User) -> PendingRelief:
    """Immigration relief awaiting action in the investigations the user's agency sees."""
    visible = Investigation.objects.visible_to(user)
    window = InvestigationSettings.current().renewal_window()
    cp = ContinuedPresence.objects.filter(investigation__in=visible).select_related(
        "investigation__owner", "victim", "federal_partner"
    )
    return PendingRelief(
        requested=list(cp.filter(status=ReliefStatus.REQUESTED).order_by("requested_on", "pk")),
        renewals_due=list(
            cp.filter(status=ReliefStatus.GRANTED, expires_on__lte=window)
            .exclude(Exists(ContinuedPresence.objects.filter(renewal_of=OuterRef("pk"))))
            .order_by("expires_on", "pk")
        ),
        certifications=list(
            Certification.objects.filter(investigation__in=visible, status=CertificationStatus.REQUESTED)
            .select_related("investigation__owner", "victim")
            .order_by("requested_on", "pk")
        ),
    )


def panel_summary(user: User) -> dict[str, Any] | None:
    """The home panel: what needs the case worker's attention."""
    if not is_case_staff(user):
        return None
    visible = Investigation.objects.visible_to(user)
    open_cases = visible.exclude(status=Status.CLOSED)
    own = open_cases.filter(owner_id=user.organization_id).count()
    shared = open_cases.exclude(owner_id=user.organization_id).count()
    tasks = list(
        Task.objects.open()
        .filter(investigation__in=visible)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, organization_id=user.organization_id))
        .select_related("investigation")
        .order_by("due_on", "pk")[:5]
    )
    awaiting = ProsecutionReferral.objects.filter(
        office_id=user.organization_id, decision=Decision.PENDING, investigation__in=visible
    ).count()
    return {
        "own": own,
        "shared": shared,
        "tasks": tasks,
        "relief": pending_relief(user).total,
        "awaiting_decision": awaiting,
        "intelligence_overdue": IntelligenceRecord.objects.visible_to(user).review_overdue().count(),
    }


# Task-force counts for the coordinator: built by the database, small cells suppressed. -----------------------


def suppress(cells: list[tuple[str, int]], k: int) -> list[tuple[str, int | None]]:
    """Hide counts from 1 to k-1; if exactly one is hidden, also hide the next smallest so totals don't reveal it."""
    shown: list[tuple[str, int | None]] = [(label, None if 0 < n < k else n) for label, n in cells]
    hidden = [i for i, (_, n) in enumerate(shown) if n is None]
    if len(hidden) == 1:
        others = sorted((n, i) for i, (_, n) in enumerate(shown) if n)
        if others:
            shown[others[0][1]] = (shown[others[0][1]][0], None)
    return shown


def _breakdown(rows: QuerySet[Any], key: str, choices: list[tuple[str, str]], k: int) -> list[tuple[str, int | None]]:
    counts = {row[key]: row["n"] for row in rows}
    return suppress([(label, counts.get(value, 0)) for value, label in choices], k)


def task_force_counts() -> dict[str, Any]:
    """Investigation counts across the task force, for the coordinator; never a record, never a small cell."""
    k = TaskForce.current().suppression_threshold
    investigations = Investigation.objects.order_by()
    total = investigations.count()
    tables = [
        (
            "Investigations by type of trafficking",
            _breakdown(
                investigations.values("trafficking_type").annotate(n=Count("pk")),
                "trafficking_type",
                TraffickingType.choices,
                k,
            ),
        ),
        (
            "Investigations by legal stage",
            _breakdown(
                investigations.with_stage().values("stage").annotate(n=Count("pk")),  # type: ignore[misc]
                "stage",
                Stage.choices,
                k,
            ),
        ),
        (
            "Investigations by how they began",
            _breakdown(investigations.values("origin").annotate(n=Count("pk")), "origin", Origin.choices, k),
        ),
    ]
    charges = Charge.objects.aggregate(
        ht=Count("pk", filter=Q(is_trafficking_charge=True)), other=Count("pk", filter=Q(is_trafficking_charge=False))
    )
    convictions = Disposition.objects.filter(outcome__in=["plea", "convicted_trial"]).count()
    tables.append(
        (
            "Charges",
            suppress([("Human-trafficking charges", charges["ht"]), ("Other charges", charges["other"])], k)
            + suppress([("Charges ending in a conviction or plea", convictions)], k),
        )
    )
    relief = ContinuedPresence.objects.order_by().values("status").annotate(n=Count("pk"))
    tables.append(("Continued Presence requests", _breakdown(relief, "status", ReliefStatus.choices, k)))
    return {"threshold": k, "total": total if total >= k or total == 0 else None, "tables": tables}


def intelligence_for(user: User) -> QuerySet[IntelligenceRecord]:
    return (
        IntelligenceRecord.objects.visible_to(user)
        .select_related("investigation", "entered_by")
        .order_by("review_due_on", "pk")
    )
