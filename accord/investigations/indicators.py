"""Law-enforcement and prosecution indicators for reporting (``accord.reporting.registry``).

One database aggregate each. An organization's records are the investigations it owns and the case records
(arrests, charges, decisions, dispositions) it recorded in any investigation, so a prosecutor's office counts
its own decisions. Task-force figures are suppressed by the reporting app.

Not counted (no field holds them): sentences as a figure (free text), restitution amounts, prosecutions by
venue beyond the level of the office a case was referred to, and victims' U visa outcomes (the certification
is counted, not the visa).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Case, CharField, Q, Value, When

from accord.core import dimensions
from accord.core.models import JurisdictionLevel, Lane
from accord.investigations.models import (
    CONVICTIONS,
    Arrest,
    Certification,
    CertificationForm,
    CertificationStatus,
    Charge,
    ContinuedPresence,
    Decision,
    Disposition,
    Investigation,
    Origin,
    Outcome,
    ProsecutionReferral,
    ReliefStatus,
    Victim,
)
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, IndicatorSpec, Scope, counted

LE = str(Lane.LAW_ENFORCEMENT)


class ChargeKind(models.TextChoices):
    TRAFFICKING = "trafficking", "Human-trafficking charge"
    OTHER = "other", "Other charge"


for name, label, choices in (
    ("origin", "How it began", Origin),
    ("charge_kind", "Charge", ChargeKind),
    ("jurisdiction_level", "Venue", JurisdictionLevel),
    ("prosecution_decision", "Decision", Decision),
    ("disposition_outcome", "Outcome", Outcome),
    ("relief_status", "Status", ReliefStatus),
    ("certification_form", "Form", CertificationForm),
    ("certification_status", "Status", CertificationStatus),
):
    dimensions.register(name, label, choices)


def _records(model: type[models.Model], scope: Scope, field: str, period: Period) -> Any:
    """``model``'s case records dated in the period, of the scope's organizations (owner or recorder)."""
    dated = (
        period.during(field) if field == "created_at" else {f"{field}__gte": period.start, f"{field}__lte": period.end}
    )
    rows = model._default_manager.filter(**dated)
    if scope.organization_ids is None:
        return rows
    ids = sorted(scope.organization_ids)
    return rows.filter(Q(investigation__owner_id__in=ids) | Q(organization_id__in=ids))


def investigations_opened(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = Investigation.objects.filter(
        opened_on__gte=period.start, opened_on__lte=period.end, **scope.filter("owner_id")
    )
    return counted(rows, "trafficking_type", "origin")


def victims_identified(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = _records(Victim, scope, "created_at", period)
    return counted(rows, "trafficking_type", "age_band")


def arrests(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_records(Arrest, scope, "arrested_on", period), "investigation__trafficking_type")


def charges(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    kind = Case(
        When(is_trafficking_charge=True, then=Value(ChargeKind.TRAFFICKING.value)),
        default=Value(ChargeKind.OTHER.value),
        output_field=CharField(),
    )
    rows = _records(Charge, scope, "filed_on", period).annotate(kind=kind)
    return counted(rows, "kind", "investigation__trafficking_type")


def prosecution_referrals(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_records(ProsecutionReferral, scope, "referred_on", period), "level", "decision")


def dispositions(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_records(Disposition, scope, "disposed_on", period), "outcome", "investigation__trafficking_type")


def continued_presence(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_records(ContinuedPresence, scope, "requested_on", period), "status")


def certifications(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    return counted(_records(Certification, scope, "requested_on", period), "form", "status")


def _spec(code: str, name: str, definition: str, dims: tuple[str, ...], compute: Any) -> IndicatorSpec:
    return IndicatorSpec(code, name, definition, LE, dims, EVENT, compute)


CONVICTION_LABELS = ", ".join(str(Outcome(o).label).lower() for o in sorted(CONVICTIONS))

INDICATORS: list[IndicatorSpec] = [
    _spec(
        "le.investigations_opened",
        "Investigations opened, by type and how they began",
        "Human-trafficking investigations opened in the period, by trafficking type and whether they began "
        "reactively (a report or tip) or proactively.",
        ("trafficking_type", "origin"),
        investigations_opened,
    ),
    _spec(
        "le.victims_identified",
        "Victims identified in investigations",
        "Victims recorded in an investigation in the period (a reference, never a name), by trafficking type and "
        "age band.",
        ("trafficking_type", "age_band"),
        victims_identified,
    ),
    _spec(
        "le.arrests",
        "Arrests",
        "Arrests made in the period in human-trafficking investigations, by the investigation's trafficking type.",
        ("trafficking_type",),
        arrests,
    ),
    _spec(
        "le.charges",
        "Charges filed, human trafficking and other",
        "Charges filed in the period, counted once per charge: human-trafficking charges (state statute or "
        "18 U.S.C. 1581–1597) and other charges, by the investigation's trafficking type.",
        ("charge_kind", "trafficking_type"),
        charges,
    ),
    _spec(
        "le.prosecution_referrals",
        "Cases referred for prosecution, by venue",
        "Referrals of a case to a prosecutor's office in the period, by the office's level (local, state, "
        "tribal, federal) and the decision so far.",
        ("jurisdiction_level", "prosecution_decision"),
        prosecution_referrals,
    ),
    _spec(
        "le.dispositions",
        "Dispositions and convictions",
        f"Dispositions recorded in the period, by outcome (convictions are: {CONVICTION_LABELS}) and the "
        "investigation's trafficking type.",
        ("disposition_outcome", "trafficking_type"),
        dispositions,
    ),
    _spec(
        "le.continued_presence",
        "Continued Presence requests",
        "Continued Presence requests made in the period for victims in investigations, by their status now.",
        ("relief_status",),
        continued_presence,
    ),
    _spec(
        "le.certifications",
        "T and U visa certifications",
        "I-914 Supplement B declarations and I-918 Supplement B certifications requested in the period, by form "
        "and status now.",
        ("certification_form", "certification_status"),
        certifications,
    ),
]
