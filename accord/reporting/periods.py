"""Reporting periods: calendar quarters, half-years and years, both ends included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

KINDS = {"quarter": "Quarter", "half_year": "Half-year", "year": "Year"}
_MONTHS = {"quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included. ``kind`` says how ``previous()`` steps back ("" = as long)."""

    start: date
    end: date
    kind: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1 to 4.")
        return cls._months(year, (q - 1) * 3 + 1, "quarter")

    @classmethod
    def half_year(cls, year: int, h: int) -> Period:
        if h not in (1, 2):
            raise ValueError("A half-year is 1 or 2.")
        return cls._months(year, (h - 1) * 6 + 1, "half_year")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls._months(year, 1, "year")

    @classmethod
    def _months(cls, year: int, month: int, kind: str) -> Period:
        start = date(year, month, 1)
        after = month + _MONTHS[kind]
        end = date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - timedelta(days=1)
        return cls(start, end, kind)

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        if kind not in _MONTHS:
            raise ValueError(f"Unknown period kind {kind!r}.")
        first = (day.month - 1) // _MONTHS[kind] * _MONTHS[kind] + 1
        return cls._months(day.year, first, kind)

    @classmethod
    def last_complete(cls, kind: str, today: date | None = None) -> Period:
        """The last quarter, half-year or year that has ended."""
        return cls.containing(today or timezone.localdate(), kind).previous()

    @classmethod
    def year_to_date(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today.replace(month=1, day=1), today)

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(date.fromordinal(today.toordinal() - days + 1), today)

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026-Q3", "2026-H1" or "2026"; ValueError with a plain message otherwise."""
        try:
            if "-Q" in text:
                year, n = text.split("-Q")
                return cls.quarter(int(year), int(n))
            if "-H" in text:
                year, n = text.split("-H")
                return cls.half_year(int(year), int(n))
            return cls.year(int(text))
        except (TypeError, ValueError):
            raise ValueError("Choose a period such as 2026-Q3, 2026-H1 or 2026.") from None

    def during(self, field: str) -> dict[str, Any]:
        """Filter keywords for a timestamp ``field`` on one of the period's days (local time): a range of instants,
        which an index can serve, where ``field__date`` converts every row."""
        first = timezone.make_aware(datetime.combine(self.start, time.min))
        after = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return {f"{field}__gte": first, f"{field}__lt": after}

    def previous(self) -> Period:
        """The period of the same kind just before (a plain range: as many days, just before)."""
        if self.kind:
            return self.containing(self.start - timedelta(days=1), self.kind)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    def history(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first (for trends)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    @property
    def key(self) -> str:
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half_year":
            return f"{self.start.year}-H{(self.start.month - 1) // 6 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == "half_year":
            return f"{'First' if self.start.month == 1 else 'Second'} half of {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    def __str__(self) -> str:
        return self.label
