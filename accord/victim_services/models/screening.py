"""A generic instrument engine: instrument → versions → sections → questions → options scored into domains.

Nothing here knows about clients: ``Screening`` (below) is one administration to a client, and the assessment
app can administer the same instruments to other subjects. A published version is never edited (answers refer
to it); a change is a new version. A result is a score per domain and the domains at or over their threshold.
It is never a determination: the trafficking status is set by a person on the client record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accord.core.models import Organization, TimestampedModel
from accord.victim_services.models.clients import Client


class Instrument(TimestampedModel):
    class Purpose(models.TextChoices):
        SCREENING = "screening", "Screening of a person"
        ASSESSMENT = "assessment", "Assessment of the task force"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.SCREENING)
    description = models.TextField(blank=True)
    attribution = models.CharField(
        max_length=300, blank=True, help_text="Whose wording this is and what it is based on."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> InstrumentVersion | None:
        return self.versions.filter(is_current=True).first()


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_on = models.DateField(default=timezone.localdate)
    is_current = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="vs_instrument_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name}, version {self.number}"


class Domain(models.Model):
    """An indicator domain the options score into (e.g. coercion); flagged at or over its threshold."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    threshold = models.PositiveSmallIntegerField(default=1, help_text="A score at or above this flags the domain.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="vs_domain_unique_code")]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="Shown to the person asking, not read aloud.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    text = models.TextField()
    help_text = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.code


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=120)
    score = models.SmallIntegerField(default=0)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="options")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class DomainResult:
    domain: Domain
    score: int

    @property
    def flagged(self) -> bool:
        return self.score >= self.domain.threshold


def score(version: InstrumentVersion, options: Iterable[Option]) -> list[DomainResult]:
    """Sum the chosen options' scores per domain of ``version`` (options of another version are refused)."""
    domains = list(version.domains.all())
    totals = {d.pk: 0 for d in domains}
    for option in options:
        if option.domain_id is None:
            continue
        if option.domain_id not in totals:
            raise ValidationError("An answer does not belong to this version of the instrument.")
        totals[option.domain_id] += option.score
    return [DomainResult(d, totals[d.pk]) for d in domains]


class Screening(TimestampedModel):
    """One administration of a screening instrument to a client. Not a determination."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="screenings")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    administered_on = models.DateField(default=timezone.localdate)
    options = models.ManyToManyField(Option, related_name="+", blank=True)
    flagged_domains = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-administered_on", "-pk"]

    def __str__(self) -> str:
        return f"Screening {self.pk} of client {self.client_id}"
