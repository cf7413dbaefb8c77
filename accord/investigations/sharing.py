"""What a case may bring to a multidisciplinary case review: non-identifying facts, each chosen explicitly.

A case review item stores the chosen facts as they stood when it was prepared (``snapshot``). It never holds a
name, a date of birth, an identifier, an address, a victim's reference or a tactic; counts and categories only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Count
from django.utils import timezone

from accord.investigations.models import (
    MINOR_AGE_BANDS,
    AgeBand,
    Certification,
    CertificationStatus,
    Charge,
    ContinuedPresence,
    CourtEvent,
    Gender,
    Investigation,
    ProsecutionReferral,
    ReliefStatus,
    Stage,
    Victim,
)


def _stage(investigation: Investigation) -> str:
    stages = Investigation.objects.with_stage().filter(pk=investigation.pk)
    value = stages.values_list("stage", flat=True).first()  # type: ignore[misc]
    return Stage(value).label if value else ""


def _victims(investigation: Investigation) -> str:
    bands = list(Victim.objects.filter(investigation=investigation).values_list("age_band", flat=True))
    minors = sum(1 for band in bands if band in MINOR_AGE_BANDS)
    unknown = sum(1 for band in bands if band == AgeBand.UNKNOWN)
    adults = len(bands) - minors - unknown
    parts = [f"{adults} adult{'s' if adults != 1 else ''}", f"{minors} minor{'s' if minors != 1 else ''}"]
    if unknown:
        parts.append(f"{unknown} of unknown age")
    return f"{len(bands)} identified ({', '.join(parts)})"


def _genders(investigation: Investigation) -> str:
    counts = Counter(Victim.objects.filter(investigation=investigation).values_list("gender", flat=True))
    return ", ".join(f"{Gender(g).label}: {n}" for g, n in sorted(counts.items())) or "None recorded"


def _citizenship(investigation: Investigation) -> str:
    foreign = Victim.objects.filter(investigation=investigation, citizenship="foreign_national").count()
    return f"{foreign} foreign national{'s' if foreign != 1 else ''} among the victims"


def _charges(investigation: Investigation) -> str:
    rows = (
        Charge.objects.filter(investigation=investigation)
        .values("statute__label", "is_trafficking_charge")
        .annotate(n=Count("pk"))
        .order_by("-is_trafficking_charge", "statute__label")
    )
    text = "; ".join(f"{row['statute__label']} ({row['n']})" for row in rows)
    return text or "No charges filed"


def _prosecution(investigation: Investigation) -> str:
    referrals = ProsecutionReferral.objects.filter(investigation=investigation).order_by("referred_on")
    text = "; ".join(f"{r.get_level_display()}: {r.get_decision_display().lower()}" for r in referrals)
    return text or "Not referred"


def _relief(investigation: Investigation) -> str:
    cp = Counter(ContinuedPresence.objects.filter(investigation=investigation).values_list("status", flat=True))
    certs = Counter(Certification.objects.filter(investigation=investigation).values_list("status", flat=True))
    parts = [f"Continued Presence {ReliefStatus(s).label.lower()}: {n}" for s, n in sorted(cp.items())]
    parts += [f"Visa certification {CertificationStatus(s).label.lower()}: {n}" for s, n in sorted(certs.items())]
    return "; ".join(parts) or "None"


def _next_court(investigation: Investigation) -> str:
    upcoming = (
        CourtEvent.objects.filter(investigation=investigation, occurs_on__gte=timezone.localdate())
        .order_by("occurs_on")
        .first()
    )
    return f"{upcoming.get_kind_display()} on {upcoming.occurs_on:%d %B %Y}" if upcoming else "None scheduled"


SHAREABLE: dict[str, tuple[str, Callable[[Investigation], str]]] = {
    "trafficking_type": ("Type of trafficking", lambda i: i.get_trafficking_type_display()),
    "polaris_type": ("Polaris typology type", lambda i: i.polaris_type.label if i.polaris_type else "Not set"),
    "origin": ("How it began", lambda i: i.get_origin_display()),
    "stage": ("Legal stage", _stage),
    "victims": ("Victims (count and age group)", _victims),
    "victim_genders": ("Victims' genders", _genders),
    "citizenship": ("Foreign-national victims", _citizenship),
    "charges": ("Charges filed", _charges),
    "prosecution": ("Prosecution", _prosecution),
    "relief": ("Immigration relief", _relief),
    "next_court": ("Next court date", _next_court),
}


def choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _) in SHAREABLE.items()]


def snapshot(investigation: Investigation, keys: list[str]) -> dict[str, Any]:
    """The chosen facts as label/value pairs, in a fixed order."""
    return {"facts": [[SHAREABLE[key][0], SHAREABLE[key][1](investigation)] for key in keys]}
