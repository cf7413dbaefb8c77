"""A de-identified export of victim records, one row per victim, in the CTDC layout (decision record 0008).

Columns are categories and 0/1 flags only: an age band (never a date of birth), gender, citizenship, one-hot
flags for the type of exploitation and the methods of control. No name, code, date or free text is read, and
no id is written (the queryset's primary keys only join each record to its methods of control).
Over the quasi-identifiers (what someone who knows a victim could know: age, gender, citizenship, the kind of
trafficking) the export is k-anonymous: every combination released describes at least k people. To get there it
coarsens whole columns along a fixed ladder, then leaves out the few rows whose combination is still rarer than k,
and says in plain words what it did.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet

from accord.core import dimensions
from accord.core.dimensions import MINOR_AGE_BANDS, AgeBand, Citizenship, Gender, TraffickingType
from accord.core.vocabularies import CONTROL_METHODS
from accord.reporting.privacy import threshold

QUASI_IDENTIFIERS = ("age_band", "gender", "citizenship", "trafficking_type")
MAX_DROPPED = 0.05  # stop coarsening once at most this share of rows would have to be left out
UNKNOWN = "unknown"
NOT_SPECIFIED = "-"  # CTDC's mark for a flag that is not known
STATUSES = ("possible", "actual", "not_a_victim")  # HTCDS vic_TraffickingStatus


def _recorded(choices: type[models.TextChoices]) -> Callable[[str], str]:
    valid = {str(v) for v in choices.values}
    return lambda value: value if value in valid else UNKNOWN


def _age_wide(band: str) -> str:
    if band in MINOR_AGE_BANDS:
        return "0-17"
    return "18-34" if band in (AgeBand.AGE_18_24, AgeBand.AGE_25_34) else "35+" if band in AgeBand.values else UNKNOWN


def _age_majority(band: str) -> str:
    return "0-17" if band in MINOR_AGE_BANDS else "18+" if band in AgeBand.values and band != UNKNOWN else UNKNOWN


def _gender_binary(gender: str) -> str:
    return gender if gender in (Gender.FEMALE, Gender.MALE) else "another_or_unknown"


def _unknown(_value: str) -> str:
    return UNKNOWN


# Each quasi-identifier's levels, finest first: how a value is shown at that level, and the words for it.
LEVELS: dict[str, list[tuple[Callable[[str], str], str]]] = {
    "age_band": [
        (_recorded(AgeBand), "as recorded"),
        (_age_wide, "widened to 0-17, 18-34 and 35 or older"),
        (_age_majority, "reduced to under 18 or 18 and older"),
        (_unknown, "left out (every row says unknown)"),
    ],
    "gender": [
        (_recorded(Gender), "as recorded"),
        (_gender_binary, "reduced to female, male, or another gender or not known"),
        (_unknown, "left out (every row says unknown)"),
    ],
    "citizenship": [
        (_recorded(Citizenship), "as recorded (U.S. citizen, foreign national or unknown)"),
        (_unknown, "left out (every row says unknown)"),
    ],
    "trafficking_type": [
        (_recorded(TraffickingType), "as recorded"),
        (_unknown, "left out (every row says unknown)"),
    ],
}
# The fixed order of coarsening: detail within a column first, then whole columns, least useful first.
LADDER: tuple[tuple[str, int], ...] = (
    ("age_band", 1),
    ("gender", 1),
    ("age_band", 2),
    ("citizenship", 1),
    ("trafficking_type", 1),
    ("gender", 2),
    ("age_band", 3),
)


@dataclass
class DeidentifiedExport:
    header: list[str]
    rows: list[list[str | int]]
    k: int
    generalized: dict[str, str] = field(default_factory=dict)  # quasi-identifier -> what was done, in words
    dropped_rows: int = 0
    report: list[str] = field(default_factory=list)


def deidentified_victims(
    queryset_or_rows: QuerySet[Any] | Iterable[Mapping[str, Any]],
    k: int | None = None,
    max_dropped: float = MAX_DROPPED,
) -> DeidentifiedExport:
    """Victim records (victim-services clients, investigation victims, or mappings with the same field names and
    optionally ``control_methods``: method codes) as a k-anonymous CTDC-style table."""
    k = threshold() if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        raise ValueError("k must be a whole number of at least 2.")
    if not 0 <= max_dropped < 1:
        raise ValueError("The share of rows that may be left out must be from 0 up to (not including) 1.")
    records, has_status, has_control = _records(queryset_or_rows)
    levels = dict.fromkeys(QUASI_IDENTIFIERS, 0)
    budget = int(max_dropped * len(records))
    for q, level in LADDER:
        if _rare(records, levels, k) <= budget:
            break
        levels[q] = level
    if _rare(records, levels, k) <= budget:
        # Undo, latest first, any step the result does not need (a whole column may have gone for nothing).
        for q, _level in reversed(LADDER):
            while levels[q] and _rare(records, levels | {q: levels[q] - 1}, k) <= budget:
                levels[q] -= 1
    keys = _keys(records, levels)
    sizes = Counter(keys)
    header = ["ageBroad", "majorityStatus", "gender", "citizenship", "isSexualExploit", "isForcedLabour"]
    header += ["isSexAndLabour"] + (["traffickingStatus"] if has_status else [])
    if has_control:
        header += [f"meansOfControl{_camel(code)}" for code in _CONTROL_CODES] + ["meansOfControlNotSpecified"]
    rows = [
        _row(key, record, has_status, has_control) for key, record in zip(keys, records, strict=True) if sizes[key] >= k
    ]
    rows.sort(key=lambda row: [str(cell) for cell in row])  # no trace of the order records were kept in
    generalized = {q: LEVELS[q][level][1] for q, level in levels.items() if level}
    export = DeidentifiedExport(header, rows, k, generalized, len(records) - len(rows))
    export.report = _report(export, len(records))
    return export


def _keys(records: list[dict[str, Any]], levels: Mapping[str, int]) -> list[tuple[str, ...]]:
    """Each record's quasi-identifiers as released at these levels."""
    return [tuple(LEVELS[q][levels[q]][0](str(r.get(q) or UNKNOWN)) for q in QUASI_IDENTIFIERS) for r in records]


def _rare(records: list[dict[str, Any]], levels: Mapping[str, int], k: int) -> int:
    """How many records are in a combination that fewer than k share."""
    sizes = Counter(_keys(records, levels))
    return sum(n for n in sizes.values() if n < k)


_CONTROL_CODES = [code for code, _label, _definition in CONTROL_METHODS]


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def _records(source: QuerySet[Any] | Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], bool, bool]:
    """The quasi-identifiers, status and control methods of each record; nothing else is read."""
    if isinstance(source, QuerySet):
        names = {f.name for f in source.model._meta.get_fields()}
        fields = [f for f in (*QUASI_IDENTIFIERS, "trafficking_status") if f in names]
        rows: list[dict[str, Any]] = list(source.order_by().values("pk", *fields))
        if "control_methods" in names:
            methods: dict[int, set[str]] = defaultdict(set)
            pairs = source.order_by().filter(control_methods__isnull=False).values_list("pk", "control_methods__code")
            for pk, code in pairs:
                methods[pk].add(code)
            for row in rows:
                row["control_methods"] = methods[row["pk"]]
        return rows, "trafficking_status" in names, "control_methods" in names
    rows = [dict(r) for r in source]
    return rows, any("trafficking_status" in r for r in rows), any("control_methods" in r for r in rows)


def _row(key: tuple[str, ...], record: Mapping[str, Any], has_status: bool, has_control: bool) -> list[str | int]:
    age, gender, citizenship, kind = key
    majority = {"0-17": "Minor", UNKNOWN: NOT_SPECIFIED}.get(age, "Minor" if age in MINOR_AGE_BANDS else "Adult")
    flags: list[str | int] = (
        [NOT_SPECIFIED] * 3
        if kind == UNKNOWN
        else [int(kind in ("sex", "both")), int(kind in ("labor", "both")), int(kind == "both")]
    )
    row: list[str | int] = [age, majority, gender, citizenship, *flags]
    if has_status:
        status = record.get("trafficking_status")
        row.append(status if status in STATUSES else NOT_SPECIFIED)
    if has_control:
        chosen = set(record.get("control_methods") or ())
        row += [int(code in chosen) for code in _CONTROL_CODES] + [int(not chosen & set(_CONTROL_CODES))]
    return row


def _report(export: DeidentifiedExport, total: int) -> list[str]:
    k, released = export.k, len(export.rows)
    if released:
        lines = [
            f"Released {released} of {total} victim records. Every combination of age band, gender, citizenship "
            f"and trafficking type in them describes at least {k} people."
        ]
    else:
        lines = [f"Released none of the {total} victim records: an export needs at least {k}."]
    for q, words in export.generalized.items():
        lines.append(f"{dimensions.get(q).label} was {words}.")
    if not export.generalized:
        lines.append("No column had to be coarsened.")
    if export.dropped_rows:
        record = "record was" if export.dropped_rows == 1 else "records were"
        lines.append(
            f"{export.dropped_rows} {record} left out because even after this their combination described fewer "
            f"than {k} people."
        )
    else:
        lines.append("No record had to be left out.")
    lines.append("No names, codes, identifiers, dates or free text are included; ages are bands, never birth dates.")
    return lines
