"""Rounds of an assessment instrument, the responses to them, and the partner-network survey.

The instrument itself (sections, elements as questions, the five-stage scale as options) lives in the one
instrument engine, ``accord.victim_services.models.screening``, with ``purpose=assessment``. A round points at
the version it was opened on, so a later edit (always a new version) never changes a past round's results.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.core.models import Organization, Sector, TimestampedModel
from accord.victim_services.models import Instrument, InstrumentVersion, Option, Question


def _token() -> str:
    return secrets.token_hex(8)


class RoundQuerySet(models.QuerySet["Round"]):
    def open(self) -> RoundQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> RoundQuerySet:
        return self.filter(closed_at__isnull=False)


class Round(TimestampedModel):
    """One administration of an assessment instrument to the members, opened and closed by the coordinator."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessment_rounds")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="assessment_rounds")
    title = models.CharField(max_length=200)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(closed_at__isnull=True),
                name="assessment_one_open_round_per_instrument",
                violation_error_message="This instrument already has an open round: close it first.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Response(models.Model):
    """One member's answers in a round, with their organization and discipline as they were that day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=30, choices=Sector.choices)
    submitted_at = models.DateTimeField(default=timezone.now)
    # Orders the coordinator's anonymized list, so the order says nothing about who answered when.
    token = models.CharField(max_length=16, default=_token, editable=False)

    class Meta:
        ordering = ["token"]
        constraints = [models.UniqueConstraint(fields=["round", "respondent"], name="assessment_one_response_each")]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.round}"


class Answer(models.Model):
    """The stage chosen for one element: an option of the engine, whose score is the stage."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["question__section__sort_order", "question__sort_order"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="assessment_one_answer_each")]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.option.score}"


class ProposedAction(models.Model):
    """An element of a round that the coordinator turned into a governance action item."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="proposed_actions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    action_item = models.ForeignKey("governance.ActionItem", on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="assessment_one_action_each")]

    def __str__(self) -> str:
        return f"Action for {self.question.code} in {self.round}"


class NetworkSurvey(TimestampedModel):
    """A partner-network survey: each organization rates its working relationship with the others."""

    title = models.CharField(max_length=200)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["closed_at"],
                condition=Q(closed_at__isnull=True),
                name="assessment_one_open_network_survey",
                violation_error_message="A network survey is already open: close it first.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Frequency(models.IntegerChoices):
    NEVER = 0, "Not at all"
    YEARLY = 1, "Once or twice a year"
    QUARTERLY = 2, "Every few months"
    MONTHLY = 3, "Monthly"
    WEEKLY = 4, "Weekly or more"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class TieRating(models.Model):
    """How one organization rates its relationship with another; the latest answer for the pair counts."""

    survey = models.ForeignKey(NetworkSurvey, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    rated = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    frequency = models.PositiveSmallIntegerField(choices=Frequency.choices)
    trust = models.PositiveSmallIntegerField(validators=RATING, help_text="1 (low) to 5 (high).")
    value = models.PositiveSmallIntegerField(validators=RATING, help_text="1 (low) to 5 (high).")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "rater", "rated"], name="assessment_one_rating_per_pair"),
            models.CheckConstraint(condition=~Q(rater=models.F("rated")), name="assessment_no_self_rating"),
            models.CheckConstraint(condition=Q(trust__gte=1, trust__lte=5), name="assessment_trust_1_5"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="assessment_value_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rater} → {self.rated}"
