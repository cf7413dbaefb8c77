"""Test data for assessment: rounds, responses and network surveys built through the actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accord.assessment import actions, default_instruments
from accord.assessment.models import NetworkSurvey, Round
from accord.core.testing import Personas
from accord.governance.models import Meeting
from accord.victim_services.models import Instrument, Question


def roadmap() -> Instrument:
    return Instrument.objects.get(code=default_instruments.ROADMAP)


def factors() -> Instrument:
    return Instrument.objects.get(code=default_instruments.FACTORS)


def questions(round_: Round) -> list[Question]:
    return list(Question.objects.filter(section__version=round_.version).order_by("section__sort_order", "sort_order"))


def open_round(p: Personas, instrument: Instrument | None = None, title: str = "Spring round") -> Round:
    return actions.round_open(actor=p.coordinator, instrument=instrument or roadmap(), title=title)


def stages_for(round_: Round, stage: int) -> dict[int, int]:
    return {q.pk: stage for q in questions(round_)}


def closed_round(p: Personas, *, stage: int = 3, title: str = "Last year") -> Round:
    round_ = open_round(p, title=title)
    actions.response_submit(actor=p.investigator, round_=round_, stages=stages_for(round_, stage))
    return actions.round_close(actor=p.coordinator, round_=round_)


def meeting() -> Meeting:
    start = timezone.now() + timedelta(days=10)
    return Meeting.objects.create(title="Task force meeting", starts_at=start, ends_at=start + timedelta(hours=2))


def survey(p: Personas) -> NetworkSurvey:
    return actions.network_survey_open(actor=p.coordinator, title="Network survey")
