"""Assessment indicators for reporting: counted by the database, explained in plain words."""

from __future__ import annotations

from django.db.models import Avg, Count, Q

from accord.assessment import network, queries
from accord.assessment.models import Answer, Response, Round
from accord.reporting.periods import Period
from accord.reporting.registry import EVENT, TASK_FORCE, IndicatorSpec, Scope, counted


def share_of_answers_at_stage(round_: Round, stage: int = 3) -> float | None:
    """Of all the stages members chose in this round, the share at ``stage`` or higher (0 to 1).

    For the Roadmap: how much of the task force members see as at least developing. None when nobody answered.
    """
    counts = Answer.objects.filter(response__round=round_).aggregate(
        total=Count("pk"), high=Count("pk", filter=Q(option__score__gte=stage))
    )
    return round(counts["high"] / counts["total"], 3) if counts["total"] else None


def share_of_elements_at_stage(round_: Round, stage: int = 3) -> float | None:
    """Of the elements answered in this round, the share whose average stage is ``stage`` or higher (0 to 1).

    The average (not the median) so that the database can compute it in one query.
    """
    averages = (
        Answer.objects.filter(response__round=round_)
        .values("question__code")
        .annotate(average=Avg("option__score"))
        .values_list("average", flat=True)
        .order_by()
    )
    values = list(averages)
    return round(sum(1 for v in values if v >= stage) / len(values), 3) if values else None


def respondents(round_: Round) -> dict[str, int]:
    """How many people, and from how many organizations, answered this round."""
    return round_.responses.aggregate(people=Count("pk"), organizations=Count("organization", distinct=True))


def network_density(offset: int = 0) -> float:
    """Of all the ties that could exist between member organizations, the share that does (0 to 1), in the
    twelve months ending today (``offset`` 1 is the twelve months before)."""
    return float(network.build(queries.period(offset)).measures["density"])


def isolated_members(offset: int = 0) -> int:
    """How many member organizations had no tie at all with another in the twelve-month period."""
    return int(network.build(queries.period(offset)).measures["isolated"])


def responses(period: Period, scope: Scope) -> dict[tuple[str, ...], int]:
    """Assessment responses (Roadmap self-assessment, collaboration factors) submitted in the period."""
    rows = Response.objects.filter(**period.during("submitted_at"), **scope.filter("organization_id"))
    return counted(rows, "discipline")


# For the reporting registry. The stage shares and network measures above are ratios, not counts, and are
# reported on the assessment pages.
INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "asm.responses",
        "Self-assessment responses, by discipline",
        "Answers to the task force's assessments (Roadmap self-assessment, collaboration factors) submitted in "
        "the period, by the discipline of the person's organization: how widely members take part.",
        TASK_FORCE,
        ("discipline",),
        EVENT,
        responses,
    ),
]
