"""The assessment part of the synthetic task force: two rounds of each instrument a year apart with visible
change (most elements rise; survivor engagement stays low; law enforcement and victim services see case
operations differently), a closed partner-network survey, and one member organization with no tie at all."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps as django_apps

from accord.assessment import default_instruments
from accord.assessment.models import Answer, Frequency, NetworkSurvey, Response, Round, TieRating
from accord.core.models import JurisdictionLevel, Lane, Organization, Sector, User
from accord.core.seed import SeedContext
from accord.victim_services.models import Instrument, Option

ISOLATED = "Kessler Springs Faith Alliance"
LOW_ELEMENTS = {"survivor-engagement", "resources"}  # stay low in both rounds, so the demo has one to act on
# How each discipline sees a section differently (added to the stage): the gap the results show.
SECTION_LEAN: dict[tuple[str, str], int] = {
    ("Case operations", Sector.LAW_ENFORCEMENT): 1,
    ("Case operations", Sector.VICTIM_SERVICES): -1,
    ("Data, reporting and assessment", Sector.VICTIM_SERVICES): -1,
}


def seed_assessment(ctx: SeedContext) -> None:
    default_instruments.load(django_apps)
    coordinator = ctx.personas["coordinator"]
    respondents = [
        u for u in ctx.users if u.organization_id is not None and u.is_active and u.username not in _ANSWER_LIVE
    ]
    for code in (default_instruments.ROADMAP, default_instruments.FACTORS):
        instrument = Instrument.objects.get(code=code)
        base: dict[str, int] = {}
        version = instrument.current_version()
        assert version is not None
        for n, (title, days_ago) in enumerate([("spring last year", 400), ("this spring", 40)]):
            round_ = Round.objects.create(
                instrument=instrument,
                version=version,
                title=f"{instrument.name}, {title}",
                opened_at=ctx.now - timedelta(days=days_ago),
                opened_by=coordinator,
                closed_at=ctx.now - timedelta(days=days_ago - 21),
                closed_by=coordinator,
            )
            share = 0.7 if n == 0 else 0.85
            people = [u for u in respondents if ctx.rng.random() < share]
            _answer(ctx, round_, people, base, improvement=n)
    _seed_network(ctx, coordinator)


# The personas who answer the round opened in the browser test, so they have not answered the demo's rounds.
_ANSWER_LIVE = {"investigator", "advocate", "member"}


def _answer(ctx: SeedContext, round_: Round, people: list[User], base: dict[str, int], *, improvement: int) -> None:
    options = {
        (o.question.code, o.score): o
        for o in Option.objects.filter(question__section__version=round_.version).select_related("question__section")
    }
    questions = {code: o.question for (code, _s), o in options.items()}
    for code in questions:
        base.setdefault(code, ctx.rng.choice([2, 2, 3, 3, 4]))
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in={p.organization_id for p in people})}
    responses = Response.objects.bulk_create(
        Response(
            round=round_,
            respondent=p,
            organization_id=p.organization_id or 0,
            discipline=organizations[p.organization_id or 0].sector,
            submitted_at=round_.opened_at + timedelta(days=ctx.rng.randint(0, 20)),
            token=f"{ctx.rng.getrandbits(64):016x}",
        )
        for p in people
    )
    answers = []
    for response in responses:
        for code, question in questions.items():
            if ctx.rng.random() < 0.05:
                continue  # some skip an element
            lift = 0 if code in LOW_ELEMENTS else improvement
            lean = SECTION_LEAN.get((question.section.title, response.discipline), 0)
            stage = base[code] + lift + lean + ctx.rng.choice([-1, 0, 0, 0, 1])
            if code in LOW_ELEMENTS:
                stage = min(stage, 2)
            stage = max(1, min(5, stage))
            answers.append(Answer(response=response, question=question, option=options[(code, stage)]))
    Answer.objects.bulk_create(answers, batch_size=2000)


def _seed_network(ctx: SeedContext, coordinator: User) -> None:
    Organization.objects.create(
        name=ISOLATED,
        short_name="KSFA",
        sector=Sector.FAITH,
        lane=Lane.PARTNER,
        jurisdiction_level=JurisdictionLevel.LOCAL,
        created_at=ctx.now - timedelta(days=200),
    )
    members = list(Organization.objects.active().exclude(name=ISOLATED).order_by("pk"))
    for days_ago, reach in ((420, 3), (60, 5)):
        survey = NetworkSurvey.objects.create(
            title=f"Partner network survey {(ctx.now - timedelta(days=days_ago)).year}",
            opened_at=ctx.now - timedelta(days=days_ago),
            opened_by=coordinator,
            closed_at=ctx.now - timedelta(days=days_ago - 30),
            closed_by=coordinator,
        )
        answering = [o for o in members if ctx.rng.random() < 0.75]
        ratings = [
            TieRating(
                survey=survey,
                rater=rater,
                rated=rated,
                frequency=ctx.rng.choice(Frequency.values[1:]),
                trust=ctx.rng.randint(2, 5),
                value=ctx.rng.randint(2, 5),
                answered_by=coordinator,
                answered_at=survey.opened_at + timedelta(days=ctx.rng.randint(0, 25)),
            )
            for rater in answering
            for rated in ctx.rng.sample([o for o in members if o.pk != rater.pk], reach)
        ]
        TieRating.objects.bulk_create(ratings)
