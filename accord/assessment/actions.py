"""Every write in assessment: one transaction, the rules, full_clean(), save, an audit row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.assessment import access
from accord.assessment.models import Answer, NetworkSurvey, ProposedAction, Response, Round, TieRating
from accord.core import audit
from accord.core.models import Organization, User
from accord.governance import actions as governance
from accord.governance.models import ActionItem, Meeting
from accord.victim_services.models import Instrument, InstrumentVersion, Option, Question, Section

STAGES = range(1, 6)  # the five-stage scale every assessment instrument keeps


# --- Instruments ---------------------------------------------------------------------------------------


@dataclass
class Revision:
    """What the coordinator changes in an instrument: element texts by code, removals, additions."""

    texts: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    added: list[tuple[int, str, str]] = field(default_factory=list)  # (section id of the base version, code, text)
    notes: str = ""


def _check_revision(base: InstrumentVersion, revision: Revision) -> dict[str, Question]:
    questions = {q.code: q for q in Question.objects.filter(section__version=base)}
    errors: list[str] = []
    unknown = (set(revision.texts) | revision.removed) - set(questions)
    if unknown:
        errors.append(f"These elements are not in version {base.number}: {', '.join(sorted(unknown))}.")
    if any(not text.strip() for text in revision.texts.values()):
        errors.append("An element needs its text; to drop an element, remove it instead.")
    for _section, code, text in revision.added:
        if code in questions or [c for _s, c, _t in revision.added].count(code) > 1:
            errors.append(
                f"The code “{code}” is already used: a code always means the same element, so that results "
                "compare across rounds. Choose a new code."
            )
        if not text.strip():
            errors.append(f"The new element “{code}” needs its text.")
    if len(questions) - len(revision.removed) + len(revision.added) < 1:
        errors.append("An instrument needs at least one element.")
    if errors:
        raise ValidationError(errors)
    return questions


@transaction.atomic
def instrument_revise(
    *, actor: User, instrument: Instrument, based_on: InstrumentVersion, revision: Revision
) -> InstrumentVersion:
    """Copy the current version into a new one with the changes; the old version, and every round opened on it,
    stays exactly as it was."""
    access.require_coordinator(actor)
    current = instrument.current_version()
    if current is None or based_on.pk != current.pk:
        raise ValidationError(
            "Someone changed this instrument while you were editing: you edited version "
            f"{based_on.number}, the current one is {current.number if current else 'none'}. Nothing was changed."
        )
    questions = _check_revision(current, revision)
    changed = {code: text for code, text in revision.texts.items() if text.strip() != questions[code].text}
    if not (changed or revision.removed or revision.added):
        raise ValidationError("Nothing was changed, so no new version was made.")
    InstrumentVersion.objects.filter(instrument=instrument).update(is_current=False)
    new = InstrumentVersion(instrument=instrument, number=current.number + 1, is_current=True, notes=revision.notes)
    new.full_clean()
    new.save()
    for section in current.sections.prefetch_related("questions__options"):
        copy = Section.objects.create(
            version=new, title=section.title, guidance=section.guidance, sort_order=section.sort_order
        )
        for question in section.questions.all():
            if question.code not in revision.removed:
                _copy_question(copy, question, changed.get(question.code, question.text))
        for n, (section_id, code, text) in enumerate(revision.added, start=1):
            if section_id == section.pk:
                _add_question(copy, code, text, current, 1000 + n)
    audit.record(
        verb="assessment.instrument_revised",
        actor=actor,
        target=new,
        changes={
            "version": [current.number, new.number],
            "changed": sorted(changed),
            "removed": sorted(revision.removed),
            "added": [code for _s, code, _t in revision.added],
        },
    )
    return new


def _copy_question(section: Section, question: Question, text: str) -> None:
    copy = Question.objects.create(
        section=section, code=question.code, text=text, help_text=question.help_text, sort_order=question.sort_order
    )
    Option.objects.bulk_create(
        Option(question=copy, label=o.label, score=o.score, sort_order=o.sort_order) for o in question.options.all()
    )


def _add_question(section: Section, code: str, text: str, base: InstrumentVersion, sort_order: int) -> None:
    """A new element takes the scale of the instrument's first element (every element shares the scale)."""
    model = Question.objects.filter(section__version=base).prefetch_related("options").first()
    question = Question(section=section, code=code, text=text, sort_order=sort_order)
    question.full_clean()
    question.save()
    labels = [o.label for o in model.options.all()] if model else [str(n) for n in STAGES]
    Option.objects.bulk_create(
        Option(question=question, label=label, score=n, sort_order=n * 10) for n, label in enumerate(labels, start=1)
    )


# --- Rounds --------------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, actor: User, instrument: Instrument, title: str) -> Round:
    access.require_coordinator(actor)
    version = instrument.current_version()
    if version is None or instrument.purpose != Instrument.Purpose.ASSESSMENT:
        raise ValidationError("This instrument has no current version to open a round on.")
    if Round.objects.open().filter(instrument=instrument).exists():
        raise ValidationError(f"{instrument.name} already has an open round: close it before opening another.")
    round_ = Round(instrument=instrument, version=version, title=title.strip(), opened_by=actor)
    round_.full_clean()
    round_.save()
    audit.record(verb="assessment.round_opened", actor=actor, target=round_, changes={"version": version.number})
    return round_


@transaction.atomic
def round_close(*, actor: User, round_: Round) -> Round:
    access.require_coordinator(actor)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError("This round is already closed.")
    round_.closed_at = timezone.now()
    round_.closed_by = actor
    round_.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(
        verb="assessment.round_closed", actor=actor, target=round_, changes={"responses": round_.responses.count()}
    )
    return round_


def _options_for(round_: Round, stages: Mapping[int, int]) -> list[Option]:
    """The option of each answered element, refusing elements of another version and stages off the scale."""
    questions = {q.pk: q for q in Question.objects.filter(section__version=round_.version)}
    if not stages:
        raise ValidationError("Choose a stage for at least one element.")
    foreign = set(stages) - set(questions)
    if foreign:
        raise ValidationError("An answer is for an element that is not in this round's version of the instrument.")
    options = {(o.question_id, o.score): o for o in Option.objects.filter(question_id__in=stages)}
    chosen: list[Option] = []
    for question_id, stage in stages.items():
        option = options.get((question_id, stage))
        if option is None:
            raise ValidationError(
                f"Stage {stage} is not on the scale for “{questions[question_id].code}”: choose a stage from 1 to 5."
            )
        chosen.append(option)
    return chosen


@transaction.atomic
def response_submit(*, actor: User, round_: Round, stages: Mapping[int, int]) -> Response:
    """Record (or replace, while the round is open) the actor's own answers."""
    if not access.can_respond(actor):
        raise PermissionDenied("Only a member of a task-force organization can answer; the auditor reads only.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError(f"“{round_.title}” closed on {round_.closed_at:%B %-d, %Y}: it takes no more answers.")
    options = _options_for(round_, stages)
    organization = actor.organization
    assert organization is not None  # can_respond checked it
    response, created = Response.objects.get_or_create(
        round=round_,
        respondent=actor,
        defaults={"organization": organization, "discipline": organization.sector},
    )
    if not created:
        response.answers.all().delete()
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at"])
    Answer.objects.bulk_create(Answer(response=response, question_id=o.question_id, option=o) for o in options)
    audit.record(
        verb="assessment.response_submitted" if created else "assessment.response_replaced",
        actor=actor,
        target=round_,
        changes={"elements answered": len(options)},
    )
    return response


# --- From an element to a governance action item -----------------------------------------------------


def _next_task_force_meeting() -> Meeting:
    meeting = (
        Meeting.objects.filter(committee__isnull=True, is_cancelled=False, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        raise ValidationError(
            "There is no upcoming meeting of the whole task force to put the action item on: schedule one in "
            "governance first."
        )
    return meeting


@transaction.atomic
def action_propose(*, actor: User, round_: Round, question: Question, summary: str) -> ActionItem:
    """Put the element on the next task-force meeting as an action item owned by the coordinator, who can
    reassign it there. One per element and round."""
    access.require_coordinator(actor)
    if question.section.version_id != round_.version_id:
        raise ValidationError("This element is not in the round's version of the instrument.")
    if ProposedAction.objects.filter(round=round_, question=question).exists():
        raise ValidationError("This element is already an action item.")
    meeting = _next_task_force_meeting()
    title = f"Proposed from {round_.title}: improve “{question.text}”"
    if len(title) > 200:
        title = title[:198] + "…”"
    item = ActionItem(
        meeting=meeting, title=title, owner=actor, due_date=timezone.localdate(meeting.starts_at) + timedelta(days=60)
    )
    governance.action_item_add(actor=actor, item=item)
    proposed = ProposedAction(round=round_, question=question, action_item=item, proposed_by=actor)
    proposed.full_clean()
    proposed.save()
    audit.record(
        verb="assessment.action_proposed",
        actor=actor,
        target=round_,
        changes={"element": question.code, "results": summary, "action item": item.pk},
    )
    return item


# --- The partner-network survey -----------------------------------------------------------------------


@transaction.atomic
def network_survey_open(*, actor: User, title: str) -> NetworkSurvey:
    access.require_coordinator(actor)
    if NetworkSurvey.objects.filter(closed_at__isnull=True).exists():
        raise ValidationError("A network survey is already open: close it before opening another.")
    survey = NetworkSurvey(title=title.strip(), opened_by=actor)
    survey.full_clean()
    survey.save()
    audit.record(verb="assessment.network_survey_opened", actor=actor, target=survey)
    return survey


@transaction.atomic
def network_survey_close(*, actor: User, survey: NetworkSurvey) -> NetworkSurvey:
    access.require_coordinator(actor)
    if not survey.is_open:
        raise ValidationError("This survey is already closed.")
    survey.closed_at = timezone.now()
    survey.closed_by = actor
    survey.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(verb="assessment.network_survey_closed", actor=actor, target=survey)
    return survey


Rating = tuple[int, int, int]  # frequency, trust, value


@transaction.atomic
def network_ratings_submit(*, actor: User, survey: NetworkSurvey, ratings: Mapping[int, Rating | None]) -> int:
    """Replace the actor's organization's ratings of the organizations given (None clears one)."""
    if not access.can_respond(actor):
        raise PermissionDenied("Only a member of a task-force organization can answer; the auditor reads only.")
    if not survey.is_open:
        raise ValidationError(f"“{survey.title}” is closed: it takes no more answers.")
    rater = actor.organization
    assert rater is not None
    known = set(Organization.objects.active().filter(pk__in=ratings).values_list("pk", flat=True))
    if set(ratings) - known or rater.pk in ratings:
        raise ValidationError("Rate only other active organizations of the task force.")
    saved = 0
    for rated_id, rating in ratings.items():
        TieRating.objects.filter(survey=survey, rater=rater, rated_id=rated_id).delete()
        if rating is None:
            continue
        frequency, trust, value = rating
        tie = TieRating(
            survey=survey, rater=rater, rated_id=rated_id, frequency=frequency, trust=trust, value=value,
            answered_by=actor,
        )  # fmt: skip
        tie.full_clean()
        try:
            with transaction.atomic():
                tie.save()
        except IntegrityError as error:  # pragma: no cover (full_clean refuses first)
            raise ValidationError("That rating could not be saved.") from error
        saved += 1
    audit.record(
        verb="assessment.network_rated",
        actor=actor,
        target=survey,
        changes={"organization": rater.name, "ratings": saved},
        organization_id=rater.pk,
    )
    return saved
