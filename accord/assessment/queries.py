"""Reads and aggregates for assessment: round results per element and the partner network per period.

Privacy: results are counts and medians over people, never one person's answers; a discipline with fewer
respondents than the task force's suppression threshold k is not broken out (its answers still count in the
overall median). The network holds only ties between organizations and counts, never case content.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accord.assessment.models import Answer, NetworkSurvey, ProposedAction, Response, Round, TieRating
from accord.core.models import Organization, Sector, TaskForce, User
from accord.victim_services.models import Instrument, Question

LOW = 2  # a median at or below this is a low element
DISPUTED = 2  # a spread (interquartile range) or a gap between disciplines at or above this is disputed


def suppression_threshold() -> int:
    return TaskForce.current().suppression_threshold


def assessment_instruments() -> list[Instrument]:
    return list(Instrument.objects.filter(purpose=Instrument.Purpose.ASSESSMENT, is_active=True).order_by("name"))


def rounds_of(instrument: Instrument) -> list[Round]:
    return list(Round.objects.filter(instrument=instrument).annotate(respondents=Count("responses")))


def open_rounds_awaiting(user: User) -> list[Round]:
    """Open rounds the user has not answered yet (the home panel)."""
    return list(
        Round.objects.open().exclude(responses__respondent=user).select_related("instrument").order_by("opened_at")
    )


def own_answers(user: User, round_: Round) -> dict[int, int]:
    """The user's own stages by question id (shown only to them)."""
    response = Response.objects.filter(round=round_, respondent=user).first()
    if response is None:
        return {}
    return dict(response.answers.values_list("question_id", "option__score"))


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.closed()
        .filter(instrument=round_.instrument, opened_at__lt=round_.opened_at)
        .order_by("-opened_at")
        .first()
    )


@dataclass
class Spread:
    count: int
    median: float | None
    mean: float | None
    q1: float | None
    q3: float | None
    low: int | None
    high: int | None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


def spread_of(stages: list[int]) -> Spread:
    if not stages:
        return Spread(0, None, None, None, None, None, None)
    if len(stages) > 1:
        q1, _median, q3 = statistics.quantiles(stages, n=4, method="inclusive")
    else:
        q1 = q3 = float(stages[0])
    return Spread(
        len(stages),
        float(statistics.median(stages)),
        round(statistics.fmean(stages), 2),
        q1,
        q3,
        min(stages),
        max(stages),
    )


@dataclass
class ElementResult:
    question: Question
    overall: Spread
    by_discipline: dict[str, Spread] = field(default_factory=dict)  # only disciplines of k or more
    hidden_disciplines: int = 0  # disciplines with answers but fewer than k respondents
    previous: Spread | None = None
    previous_gap: float | None = None
    action_item_id: int | None = None

    @property
    def breakdown(self) -> list[tuple[str, float | None]]:
        labels = dict(Sector.choices)
        return sorted((labels.get(code, code), s.median) for code, s in self.by_discipline.items())

    @property
    def gap(self) -> float | None:
        medians = [s.median for s in self.by_discipline.values() if s.median is not None]
        return max(medians) - min(medians) if len(medians) > 1 else None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.previous.median is None or self.overall.median is None:
            return None
        return self.overall.median - self.previous.median

    @property
    def is_low(self) -> bool:
        return self.overall.median is not None and self.overall.median <= LOW

    @property
    def is_disputed(self) -> bool:
        iqr = self.overall.iqr
        return (iqr is not None and iqr >= DISPUTED) or (self.gap is not None and self.gap >= DISPUTED)

    def summary(self) -> str:
        parts = [f"median {self.overall.median}", f"{self.overall.count} answers"]
        if self.overall.iqr is not None:
            parts.append(f"interquartile range {self.overall.iqr}")
        if self.gap is not None:
            parts.append(f"gap between disciplines {self.gap}")
        return ", ".join(parts)


@dataclass
class SectionResult:
    title: str
    elements: list[ElementResult]
    overall: Spread


@dataclass
class Results:
    round: Round
    previous: Round | None
    sections: list[SectionResult]
    respondents: int
    organizations: int
    disciplines: list[tuple[str, str]]  # (code, label) of the disciplines broken out somewhere
    threshold: int


def _stages(round_: Round) -> list[tuple[str, str, int]]:
    """(element code, discipline, stage) for every answer of the round: one query."""
    return list(
        Answer.objects.filter(response__round=round_)
        .values_list("question__code", "response__discipline", "option__score")
        .order_by()
    )


def _gap(groups: dict[str, list[int]], k: int) -> float | None:
    medians = [float(statistics.median(stages)) for stages in groups.values() if len(stages) >= k]
    return max(medians) - min(medians) if len(medians) > 1 else None


def results(round_: Round) -> Results:
    k = suppression_threshold()
    rows = _stages(round_)
    by_code: dict[str, list[int]] = defaultdict(list)
    by_code_discipline: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for code, discipline, stage in rows:
        by_code[code].append(stage)
        by_code_discipline[code][discipline].append(stage)
    previous = previous_round(round_)
    previous_by_code: dict[str, list[int]] = defaultdict(list)
    previous_groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    if previous is not None:
        for code, discipline, stage in _stages(previous):
            previous_by_code[code].append(stage)
            previous_groups[code][discipline].append(stage)
    actions = dict(ProposedAction.objects.filter(round=round_).values_list("question_id", "action_item_id"))
    shown: set[str] = set()
    sections = []
    questions = Question.objects.filter(section__version=round_.version).select_related("section")
    grouped: dict[int, list[Question]] = defaultdict(list)
    titles: dict[int, str] = {}
    for question in questions.order_by("section__sort_order", "section__pk", "sort_order", "pk"):
        grouped[question.section_id].append(question)
        titles[question.section_id] = question.section.title
    for section_id, section_questions in grouped.items():
        elements = []
        for question in section_questions:
            groups = by_code_discipline.get(question.code, {})
            broken_out = {d: spread_of(s) for d, s in groups.items() if len(s) >= k}
            shown |= set(broken_out)
            elements.append(
                ElementResult(
                    question=question,
                    overall=spread_of(by_code.get(question.code, [])),
                    by_discipline=broken_out,
                    hidden_disciplines=len(groups) - len(broken_out),
                    previous=spread_of(previous_by_code[question.code]) if previous is not None else None,
                    previous_gap=_gap(previous_groups.get(question.code, {}), k),
                    action_item_id=actions.get(question.pk),
                )
            )
        section_stages = [s for q in section_questions for s in by_code.get(q.code, [])]
        sections.append(SectionResult(titles[section_id], elements, spread_of(section_stages)))
    counts = round_.responses.aggregate(people=Count("pk"), organizations=Count("organization", distinct=True))
    labels = dict(Sector.choices)
    return Results(
        round=round_,
        previous=previous,
        sections=sections,
        respondents=counts["people"],
        organizations=counts["organizations"],
        disciplines=[(code, labels.get(code, code)) for code in sorted(shown, key=lambda c: labels.get(c, c))],
        threshold=k,
    )


def anonymized_responses(round_: Round) -> list[dict[str, Any]]:
    """Every response as stages by element code, without name or organization, in a meaningless order. The
    discipline is shown only where its group has k or more respondents."""
    k = suppression_threshold()
    sizes = dict(round_.responses.values_list("discipline").annotate(n=Count("pk")).values_list("discipline", "n"))
    labels = dict(Sector.choices)
    responses = round_.responses.order_by("token").prefetch_related("answers__option", "answers__question")
    rows = []
    for number, response in enumerate(responses, start=1):
        discipline = labels.get(response.discipline, "") if sizes.get(response.discipline, 0) >= k else ""
        stages = {a.question.code: a.option.score for a in response.answers.all()}
        rows.append({"number": number, "discipline": discipline, "stages": stages})
    return rows


# --- The partner network ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A twelve-month window ending on ``end`` (inclusive); ``offset`` 0 is the latest."""

    offset: int
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%b %-d, %Y} to {self.end:%b %-d, %Y}"


def period(offset: int = 0, today: date | None = None) -> Period:
    end = (today or timezone.localdate()) - timedelta(days=365 * offset)
    return Period(offset, end - timedelta(days=364), end)


def survey_for(window: Period) -> NetworkSurvey | None:
    """The latest network survey opened in the window."""
    return (
        NetworkSurvey.objects.filter(opened_at__date__gte=window.start, opened_at__date__lte=window.end)
        .order_by("-opened_at")
        .first()
    )


def organizations() -> list[Organization]:
    return list(Organization.objects.active().order_by("name"))


def ratings_of(organization: Organization, survey: NetworkSurvey) -> dict[int, TieRating]:
    return {t.rated_id: t for t in TieRating.objects.filter(survey=survey, rater=organization)}


def surveys_awaiting(user: User) -> list[NetworkSurvey]:
    if user.organization_id is None:
        return []
    return list(
        NetworkSurvey.objects.filter(closed_at__isnull=True).exclude(ratings__rater_id=user.organization_id).distinct()
    )


def open_survey() -> NetworkSurvey | None:
    return NetworkSurvey.objects.filter(closed_at__isnull=True).first()


def responded_organizations(survey: NetworkSurvey) -> int:
    return TieRating.objects.filter(survey=survey).aggregate(n=Count("rater", distinct=True))["n"]


def in_window(window: Period, field_name: str) -> Q:
    return Q(**{f"{field_name}__date__gte": window.start, f"{field_name}__date__lte": window.end})
