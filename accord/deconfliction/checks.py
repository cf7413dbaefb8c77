"""Checking a new target or operation against other agencies' records, online and in the nightly batch.

Exact identifiers meet through ``TargetKey`` digests (keyed hashes of normalized values). People meet
through digests of their blocking keys, then the matcher scores the candidates' decrypted name profiles.
Operations meet when their time windows overlap and their places are within the task force's distance.
A pair of records is hit once (``Hit.pair``); an agency never hits itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from accord.core import rows
from accord.core.crypto import blind_index
from accord.deconfliction import names, normalize
from accord.deconfliction.models import CURRENT_SETTINGS_SQL, Kind, Operation, Settings, Target, TargetKey
from accord.investigations.models import Investigation

PERSON_KEY = "person"  # TargetKey.kind of a person's blocking keys (exact=False)
MAX_CANDIDATES = 500  # a blocking key this common (a very frequent name without a birth date) is not a lead


def digest(kind: str, key: str) -> str:
    """The keyed hash stored for a normalized identifier or a blocking key; never the value itself."""
    return blind_index(key, purpose=f"deconfliction:{kind}")


@dataclass(frozen=True)
class Entry:
    """What the investigator typed, normalized: the stored forms and the digests to match on."""

    normalized: str
    flagged: str
    profile: str
    digests: tuple[tuple[str, bool, str], ...]  # (kind, exact, digest)


def person_of(value: str, aliases: Iterable[str], date_of_birth: str) -> names.Person:
    born = date.fromisoformat(date_of_birth) if date_of_birth else None
    return names.Person(names=(value, *aliases), date_of_birth=born)


def prepare_entry(kind: str, value: str, *, state: str = "", platform: str = "", aliases: Iterable[str] = (),
                  date_of_birth: str = "") -> Entry:  # fmt: skip
    """Normalize one entry and compute its digests. Unparseable values are kept, flagged and matched exactly."""
    if kind == Kind.PERSON:
        prepared = names.prepare(person_of(value, aliases, date_of_birth))
        keys = sorted(names.blocking_keys(prepared))
        return Entry("", "", names.dumps(prepared), tuple((PERSON_KEY, False, digest(PERSON_KEY, k)) for k in keys))
    if kind == Kind.VEHICLE:
        result = normalize.plate(value, state)
    elif kind == Kind.HANDLE:
        result = normalize.handle(value, platform)
    else:
        result = normalize.NORMALIZERS[kind](value)
    return Entry(
        normalized=result.display,
        flagged="" if result.ok else result.note,
        profile="",
        digests=((kind, True, digest(kind, result.value)),),
    )


def store(target: Target, digests: Iterable[tuple[str, bool, str]]) -> None:
    """Store a new target and its digests for matching: on PostgreSQL in one round trip (the keys take the
    target's new id from its sequence), elsewhere in two statements. Neither returns the keys' ids
    (``bulk_create`` would, and its statement cost more to build than to run)."""
    keys = [(target.owner_id, target.investigation_id, *key) for key in dict.fromkeys(digests)]
    if keys and connection.vendor == "postgresql":
        values = [value for key in keys for value in key]
        rows.insert(target, followed_by=(_sql(_INSERT_KEYS, rows=len(keys), target_id=_NEW_TARGET_ID), values))
        return
    rows.insert(target)
    if keys:
        with connection.cursor() as cursor:
            values = [value for key in keys for value in (target.pk, *key)]
            cursor.execute(_sql(_INSERT_KEYS, rows=len(keys), target_id="%s"), values)


@dataclass(frozen=True)
class Found:
    """A record of another agency that conflicts with the one checked."""

    other: Target | Operation
    matched: str  # a Kind value, or "operation"
    strength: str  # "hit" or "possible"
    score: float | None = None
    evidence: tuple[str, ...] = ()


def find_for_target(target: Target, digests: Iterable[tuple[str, bool, str]]) -> list[Found]:
    """Other agencies' active targets that share an identifier or, for a person, score above the threshold."""
    exact = [d for kind, is_exact, d in digests if is_exact]
    blocking = [d for kind, is_exact, d in digests if not is_exact]
    found: list[Found] = []
    if exact:
        found += [Found(other, kind, "hit") for other, kind in sharing_identifiers(target, exact)]
    if blocking:
        candidates, settings = candidates_for(target, blocking)
        if candidates:
            found += score_people(target, candidates, settings or Settings.current())
    return found


# The online check reads other agencies' records in SQL of our own: on every check, building these
# statements through the ORM cost more than running them. They load what scoring and recording a hit read
# (a person's profile, and whom to call), as ``only()`` would; the other values stay encrypted and unread.
# Templates: {targets}, {keys} and {investigations} are the models' tables (``_sql``), {found} the columns
# ``_found`` reads; {digests} and {others} the placeholders of a list of parameters; {rows} new keys, each
# starting with its target's id (a placeholder, or read from its sequence). Values are parameters.
_SHARING = """SELECT k.kind, {found} FROM {targets} t JOIN {investigations} i ON i.id = t.investigation_id
    JOIN {keys} k ON k.target_id = t.id
    WHERE k.digest IN ({digests}) AND k.exact = %s AND k.owner_id <> %s AND t.removed_at IS NULL"""
_CANDIDATES = """SELECT t.profile, {found} FROM {targets} t JOIN {investigations} i ON i.id = t.investigation_id
    WHERE t.removed_at IS NULL AND t.id IN (
        SELECT DISTINCT target_id FROM {keys}
        WHERE digest IN ({digests}) AND exact = %s AND owner_id <> %s LIMIT {limit})"""
_NAME_COUNTS = "SELECT digest, COUNT(*) FROM {keys} WHERE digest IN ({digests}) AND exact = %s GROUP BY digest"
_SHARED_KINDS = """SELECT DISTINCT theirs.investigation_id, theirs.kind FROM {keys} theirs
    WHERE theirs.investigation_id IN ({others}) AND theirs.exact = %s AND theirs.digest IN (
        SELECT digest FROM {keys} WHERE investigation_id = %s AND exact = %s)"""
_INSERT_KEYS = "INSERT INTO {keys} (target_id, owner_id, investigation_id, kind, exact, digest) VALUES {rows}"
_NEW_TARGET_ID = f"currval(pg_get_serial_sequence('{Target._meta.db_table}', 'id'))"  # the id just given


def sharing_identifiers(target: Target, exact: list[str]) -> list[tuple[Target, str]]:
    """Other agencies' active targets holding one of these identifier digests, with the kind that matched."""
    found = _rows(_sql(_SHARING, digests=exact), [*exact, True, target.owner_id])
    return [(_found(row[1:]), row[0]) for row in found]


@dataclass(frozen=True)
class Candidate:
    """Another agency's person as scoring reads it: the name profile, decrypted, and the row a hit is made of
    (only the few that pass become a ``Target``)."""

    profile: str
    investigation_id: int
    row: tuple


def candidates_for(target: Target, blocking: list[str]) -> tuple[list[Candidate], Settings | None]:
    """Other agencies' active people sharing a blocking key with this one, at most ``MAX_CANDIDATES``; on
    PostgreSQL with the task force's thresholds, read in the same round trip (elsewhere None: read them when
    there is someone to score)."""
    sql = _sql(_CANDIDATES, digests=blocking, limit=MAX_CANDIDATES)
    settings = None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows.execute(cursor, f"{sql};\n{CURRENT_SETTINGS_SQL}", [*blocking, False, target.owner_id])
            found = cursor.fetchall()
            cursor.nextset()
            row = cursor.fetchone()
            settings = rows.instance(Settings, row) if row else None
        else:
            cursor.execute(sql, [*blocking, False, target.owner_id])
            found = cursor.fetchall()
    decrypt = Target._meta.get_field("profile").from_db_value
    return [Candidate(decrypt(row[0], None, connection), row[3], row[1:]) for row in found], settings


def _found(row: tuple) -> Target:
    """A target as the statements above load it, with its investigation's lead (as ``select_related``)."""
    pk, owner_id, investigation_id, entered_by_id, lead_id = row
    found = Target.from_db(
        connection.alias,
        ["id", "owner_id", "investigation_id", "entered_by_id"],
        [pk, owner_id, investigation_id, entered_by_id],
    )
    found.investigation = Investigation.from_db(
        connection.alias, ["id", "lead_investigator_id"], [investigation_id, lead_id]
    )
    return found


def score_people(target: Target, candidates: Iterable[Candidate], settings: Settings) -> list[Found]:
    """Score each candidate person; identifiers the two investigations share count towards a match. Those
    that pass are scored again with how common their names are among the records (which can only lower it)."""
    mine = names.loads(target.profile)
    thresholds = names.Thresholds(match=settings.match_threshold, possible=settings.possible_threshold)

    def could_pass(theirs: names.Prepared, ids: Sequence[str]) -> bool:
        return thresholds.verdict(names.score(mine, theirs, ids, explain=False).score) != "none"

    # Shared identifiers only raise a score, and by at most the cap: the database is asked which the
    # investigations share only for candidates that would pass were every kind shared.
    hopeful = [(c, theirs) for c in candidates if could_pass(theirs := names.loads(c.profile), names.EVERY_IDENTIFIER)]
    shared = _shared_identifier_kinds(target.investigation_id, {c.investigation_id for c, _ in hopeful})
    passing = []
    for candidate, theirs in hopeful:
        ids = shared.get(candidate.investigation_id, ())
        if could_pass(theirs, ids):
            passing.append((candidate, theirs, ids))
    counts = name_counts([mine]) if passing else None  # the keys both hold are among mine
    found = []
    for candidate, theirs, ids in passing:
        match = names.score(mine, theirs, ids, counts=counts)
        verdict = thresholds.verdict(match.score)
        if verdict != "none":
            strength = "hit" if verdict == "match" else "possible"
            found.append(Found(_found(candidate.row), Kind.PERSON, strength, round(match.score, 3), evidence(match)))
    return found


def name_counts(people: Iterable[names.Prepared]) -> names.NameCounts:
    """How many person records hold each name key of these people: the sizes of their key hashes' groups
    (removed records too: a name common in the records stays common)."""
    by_digest = {digest(PERSON_KEY, key): key for p in people for key in names.name_keys(p)}
    if not by_digest:
        return names.NameCounts({}, person_records())
    counted = _rows(_sql(_NAME_COUNTS, digests=by_digest), [*by_digest, False])
    return names.NameCounts({by_digest[d]: n for d, n in counted}, person_records())


def person_records() -> int:
    """Person records held; counted at most once an hour (a count over a million rows is not free, and the
    figure moves slowly)."""
    count = cache.get_or_set(
        "deconfliction:person-records", lambda: Target.objects.filter(kind=Kind.PERSON).count(), 3600
    )
    return int(count or 0)


def _shared_identifier_kinds(investigation_id: int, others: set[int]) -> dict[int, list[str]]:
    """For each other investigation, the kinds of exact identifier it shares with this one (by digest)."""
    if not others:
        return {}
    shared: dict[int, list[str]] = {}
    for other, kind in _rows(_sql(_SHARED_KINDS, others=others), [*others, True, investigation_id, True]):
        shared.setdefault(other, []).append(kind)
    return shared


def _sql(template: str, limit: int = 0, rows: int = 0, target_id: str = "", **lists: Sized) -> str:
    """A template above with the models' tables, a placeholder for each parameter of each list, and ``rows``
    rows of placeholders for keys, each led by ``target_id``."""
    placeholders = {name: ", ".join(["%s"] * len(values)) for name, values in lists.items()}
    placeholders["rows"] = ", ".join([f"({target_id}, %s, %s, %s, %s, %s)"] * rows)  # of _INSERT_KEYS
    return template.format(**_TABLES, found=_FOUND_COLUMNS, limit=limit, **placeholders)


_FOUND_COLUMNS = "t.id, t.owner_id, t.investigation_id, t.entered_by_id, i.lead_investigator_id"
_TABLES = {
    "targets": Target._meta.db_table,
    "keys": TargetKey._meta.db_table,
    "investigations": Investigation._meta.db_table,
}


def _rows(sql: str, params: Sequence[str | int | bool]) -> list[tuple]:
    with connection.cursor() as cursor:
        rows.execute(cursor, sql, params)
        return cursor.fetchall()


# The matcher's reasons quote both records' names and dates; each agency may see only why, not what.
_GENERIC = [
    ("nickname", "Given names are forms of one name (nickname)"),
    ("short for", "Given names are forms of one name (nickname)"),
    ("spellings of one name", "Names are spellings of one name (transliteration)"),
    ("sounds like", "Names sound alike"),
    ("spelled like", "Names are spelled nearly alike"),
    ("initial", "An initial agrees with a name"),
    ("double surname", "A double surname on one record"),
    ("Same given name", "Same given name"),
    ("Same surname", "Same surname"),
    ("Same middle name", "Same middle name"),
    ("Same date of birth", "Same date of birth"),
    ("Day and month of birth swapped", "Day and month of birth swapped"),
    ("differs by one digit", "Dates of birth differ by one digit"),
    ("only the year", "Same year of birth; one record has only the year"),
    ("Both investigations have the same", ""),  # names a kind of identifier, never a value: kept
]


def evidence(match: names.Match) -> tuple[str, ...]:
    """The reasons in words that name no value: safe to show both agencies."""
    said: list[str] = []
    for reason in match.reasons:
        generic = next((g or reason for key, g in _GENERIC if key in reason), "Names agree")
        if generic not in said:
            said.append(generic)
    return tuple(said)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine); plenty exact at the scale of a city block."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def find_for_operation(operation: Operation, settings: Settings) -> list[Found]:
    """Other agencies' planned operations overlapping in time whose places are within the set distance."""
    overlapping = (
        Operation.objects.planned()
        .exclude(owner_id=operation.owner_id)
        .filter(Q(starts_at__lt=operation.ends_at) & Q(ends_at__gt=operation.starts_at))
        .select_related("investigation")
    )
    point = operation.point
    found = []
    for other in overlapping:
        km = distance_km(point, other.point)
        if km <= settings.operation_distance_km:
            found.append(Found(other, "operation", "hit", evidence=(_near(km), "Time windows overlap")))
    return found


def _near(km: float) -> str:
    return f"Places are {round(km * 1000)} m apart" if km < 1 else f"Places are {km:.1f} km apart"
