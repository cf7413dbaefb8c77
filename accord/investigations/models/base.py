"""Choices, constants and small helpers shared by the investigation models."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

# The shared reporting dimensions, re-exported for the models and forms of this app.
from accord.core.dimensions import MINOR_AGE_BANDS as MINOR_AGE_BANDS
from accord.core.dimensions import AgeBand as AgeBand
from accord.core.dimensions import Citizenship as Citizenship
from accord.core.dimensions import Gender as Gender
from accord.core.dimensions import TraffickingType as TraffickingType
from accord.core.models import Lane, Role, Term

# Who works cases: these roles, in these lanes. Everyone else (advocates, partners, the coordinator, the auditor,
# an agency's "member" accounts) reaches no investigation at all.
CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.SUPERVISOR, Role.ANALYST, Role.PROSECUTOR})
CASE_LANES = frozenset({Lane.LAW_ENFORCEMENT, Lane.PROSECUTION})
INTELLIGENCE_RETENTION_YEARS = 5  # 28 CFR 23.20(h)


def is_case_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organization_id
        and user.lane in CASE_LANES
        and user.has_role(*CASE_ROLES)
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class Origin(models.TextChoices):
    REACTIVE = "reactive", "Reactive (a report or tip came in)"
    PROACTIVE = "proactive", "Proactive (the agency went looking)"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    SUSPENDED = "suspended", "Inactive (suspended)"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    """Legal stage, derived from the records (``InvestigationQuerySet.with_stage``), in pipeline order."""

    INVESTIGATION = "investigation", "Under investigation"
    CHARGED = "charged", "Arrest or charges"
    REFERRED = "referred", "Referred, decision pending"
    DECLINED = "declined", "Prosecution declined"
    PROSECUTION = "prosecution", "In prosecution"
    ADJUDICATED = "adjudicated", "Disposition recorded"
    CLOSED = "closed", "Closed"


STAGE_ORDER = {value: n for n, value in enumerate(Stage.values)}


class Decision(models.TextChoices):
    PENDING = "pending", "Decision pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class CourtEventKind(models.TextChoices):
    INITIAL_APPEARANCE = "initial_appearance", "Initial appearance"
    INDICTMENT = "indictment", "Indictment or information filed"
    ARRAIGNMENT = "arraignment", "Arraignment"
    PRELIMINARY = "preliminary", "Preliminary or detention hearing"
    MOTION = "motion", "Motion hearing"
    PLEA = "plea", "Change of plea hearing"
    TRIAL = "trial", "Trial"
    SENTENCING = "sentencing", "Sentencing"
    OTHER = "other", "Other hearing"


class Outcome(models.TextChoices):
    CONVICTED_AT_TRIAL = "convicted_trial", "Convicted at trial"
    PLEA = "plea", "Guilty plea"
    DISMISSED = "dismissed", "Dismissed"
    ACQUITTED = "acquitted", "Acquitted"


CONVICTIONS = frozenset({Outcome.CONVICTED_AT_TRIAL, Outcome.PLEA})


class ReliefStatus(models.TextChoices):
    REQUESTED = "requested", "Requested, decision pending"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CertificationForm(models.TextChoices):
    I914B = "i914b", "I-914 Supplement B (T visa declaration)"
    I918B = "i918b", "I-918 Supplement B (U visa certification)"


class CertificationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested, not yet signed"
    SIGNED = "signed", "Signed"
    DECLINED = "declined", "Declined"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


def term_field(vocabulary: str, label: str, **kwargs: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__code": vocabulary},
        verbose_name=label,
        error_messages={"invalid": f"Choose a {label.lower()} from the list."},
        **kwargs,
    )


def not_future(value: date | None, field: str, errors: dict[str, str]) -> None:
    if value and value > timezone.localdate():
        errors[field] = "This date is in the future."
