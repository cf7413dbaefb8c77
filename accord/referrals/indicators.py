"""Referral indicators for reporting (``accord.reporting.registry``): one database aggregate each.

An organization's referrals are those it sent or received. Every figure counts referrals, which stand for
people, so they are suppressed when they leave an organization.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models
from django.db.models import Case, CharField, Count, F, Q, Value, When

from accord.core import dimensions
from accord.referrals.models import MATCH_WINDOW, Referral
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, REFERRALS, IndicatorSpec, Scope, counted


class Step(models.TextChoices):
    SENT = "sent", "Made (sent)"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Speed(models.TextChoices):
    WITHIN_48H = "within_48h", "Within 48 hours"
    DAYS_3_7 = "3_7_days", "3 to 7 days"
    DAYS_8_30 = "8_30_days", "8 to 30 days"
    OVER_30 = "over_30_days", "More than 30 days"


dimensions.register("referral_step", "Step", Step)
dimensions.register("acceptance_speed", "Time to acceptance", Speed)


def _of(scope: Scope) -> Any:
    if scope.organization_ids is None:
        return Referral.objects.all()
    ids = sorted(scope.organization_ids)
    return Referral.objects.filter(Q(sender_id__in=ids) | Q(recipient_id__in=ids))


def _in(field: str, period: Period) -> Q:
    return Q(**period.during(field))


def referral_steps(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    counts = _of(scope).aggregate(**{step: Count("pk", filter=_in(f"{step}_at", period)) for step in Step.values})
    return {(step,): n for step, n in counts.items() if n}


def acceptance_speed(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    speed = Case(
        When(accepted_at__lte=F("sent_at") + MATCH_WINDOW, then=Value(Speed.WITHIN_48H.value)),
        When(accepted_at__lte=F("sent_at") + timedelta(days=7), then=Value(Speed.DAYS_3_7.value)),
        When(accepted_at__lte=F("sent_at") + timedelta(days=30), then=Value(Speed.DAYS_8_30.value)),
        default=Value(Speed.OVER_30.value),
        output_field=CharField(),
    )
    rows = _of(scope).filter(_in("accepted_at", period), sent_at__isnull=False).annotate(speed=speed)
    return counted(rows, "speed")


def declined_by_reason(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    rows = _of(scope).filter(_in("declined_at", period), decline_reason__isnull=False)
    return counted(rows, "decline_reason__code")


dimensions.register("decline_reason", "Reason declined", source=dimensions.terms("referral-decline-reason"))

INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "ref.referrals",
        "Referrals made, accepted, declined and completed",
        "Referrals between member organizations by what happened to them in the period: sent, accepted, "
        "declined, completed or withdrawn on a day in it. One referral can count in several steps.",
        REFERRALS,
        ("referral_step",),
        EVENT,
        referral_steps,
    ),
    IndicatorSpec(
        "ref.acceptance_speed",
        "Time from sending to acceptance",
        "Referrals accepted in the period, by the time between sending and acceptance; the first band is the "
        "share matched within 48 hours. (A median is not a count, so the distribution is reported instead.)",
        REFERRALS,
        ("acceptance_speed",),
        EVENT,
        acceptance_speed,
    ),
    IndicatorSpec(
        "ref.declined_by_reason",
        "Referrals declined, by reason",
        "Referrals declined in the period, by the reason the receiving organization gave (for example no "
        "capacity, not eligible): where the network has gaps.",
        REFERRALS,
        ("decline_reason",),
        EVENT,
        declined_by_reason,
    ),
]
