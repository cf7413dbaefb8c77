"""The reporting dimensions every lane shares: age band, gender, citizenship, trafficking type.

One definition, so victim services, referrals and investigations count people in the same categories and a
report can put their figures side by side. The values and labels are those the apps used before (so their
migrations do not change). Each dimension lists its values in table order, "Not known" last.

The directory's eligibility categories (``accord.directory.models``: "Women", "U.S. citizens", ...) describe
whom a service accepts, not who a person is, and stay there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class AgeBand(models.TextChoices):
    UNDER_12 = "0-11", "Under 12"
    AGE_12_14 = "12-14", "12 to 14"
    AGE_15_17 = "15-17", "15 to 17"
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_34 = "25-34", "25 to 34"
    AGE_35_44 = "35-44", "35 to 44"
    AGE_45_54 = "45-54", "45 to 54"
    AGE_55_UP = "55+", "55 and over"
    UNKNOWN = "unknown", "Not known"


MINOR_AGE_BANDS = frozenset({AgeBand.UNDER_12, AgeBand.AGE_12_14, AgeBand.AGE_15_17})


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    TRANSGENDER = "transgender", "Transgender"
    NONBINARY = "nonbinary", "Non-binary or another gender"
    UNKNOWN = "unknown", "Not known"


class Citizenship(models.TextChoices):
    US_CITIZEN = "us_citizen", "U.S. citizen"
    FOREIGN_NATIONAL = "foreign_national", "Foreign national"
    UNKNOWN = "unknown", "Not known"


class TraffickingType(models.TextChoices):
    SEX = "sex", "Sex trafficking"
    LABOR = "labor", "Labor trafficking"
    BOTH = "both", "Sex and labor trafficking"
    UNKNOWN = "unknown", "Not yet known"


@dataclass(frozen=True)
class Dimension:
    """A way to break a count down: its values in table order, with their labels. Fixed choices, or ``source``
    for a vocabulary kept as data (service categories, disciplines), read when a table is drawn."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    source: Callable[[], list[tuple[str, str]]] | None = None

    def options(self) -> list[tuple[str, str]]:
        return self.source() if self.source else list(self.choices)

    @property
    def values(self) -> list[str]:
        return [value for value, _ in self.options()]

    def labels(self) -> dict[str, str]:
        return dict(self.options())


def _of(name: str, label: str, choices: type[models.TextChoices]) -> Dimension:
    return Dimension(name, label, tuple((str(v), str(lab)) for v, lab in choices.choices))


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        _of("trafficking_type", "Trafficking type", TraffickingType),
        _of("age_band", "Age band", AgeBand),
        _of("gender", "Gender", Gender),
        _of("citizenship", "Citizenship", Citizenship),
    )
}


def register(
    name: str,
    label: str,
    choices: type[models.TextChoices] | None = None,
    source: Callable[[], list[tuple[str, str]]] | None = None,
) -> Dimension:
    """Add a dimension an app owns (how an investigation began, service category); a name is defined once."""
    dimension = _of(name, label, choices) if choices else Dimension(name, label, source=source)
    return DIMENSIONS.setdefault(name, dimension)


def get(name: str) -> Dimension:
    return DIMENSIONS[name]


def terms(vocabulary: str) -> Callable[[], list[tuple[str, str]]]:
    """A dimension's values read from a vocabulary kept as data (``accord.core.models.Term``), in its order."""

    def load() -> list[tuple[str, str]]:
        from accord.core.models import Term

        return list(Term.objects.of(vocabulary).order_by("sort_order", "label").values_list("code", "label"))

    return load
