"""The nightly batch: link every active target of every agency and record the conflicts not yet hit.

The database makes the candidate pairs: a self-join of ``TargetKey`` on the digest, across agencies, for
every digest more than one agency holds, streamed through a server-side cursor in chunks. Person pairs are
scored in chunks (profiles decrypted once and kept in a bounded cache; the few that pass scored again with
how common their names are among the records, and their reasons) and hits are written in bulk.

Budget rule for a *common* person key (held by more than ``PERSON_GROUP_LIMIT`` records: a frequent name,
mostly without a date of birth). Its members are not paired all with all, nor skipped: a pair is made only
when the two also share a second, rarer key computed from the decrypted profiles (``_second_keys``): the
same year of birth, the same day and month of birth (a mistyped year), or, where one record has no date of
birth, the same spelling of given name and surname. A second key shared by more than ``PAIR_BUDGET`` pairs
is itself too common to be a lead and is skipped (counted in the report). Exact dates of birth need no
second key: they meet through their own ``d:`` blocking keys, which are never common.

Idempotent and incremental: a finished run is recorded (``LinkageRun``) with the last target id it covered,
the thresholds and the matcher version. The next run with the same thresholds and matcher pairs only records
entered since (a second run over unchanged data makes no pair at all); a changed threshold or matcher scores
everything again. A pair already hit is never recorded twice (``Hit.pair`` is unique).
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accord.core import audit
from accord.core.jobs import enqueue_in_transaction
from accord.deconfliction import names, tasks
from accord.deconfliction.checks import MAX_CANDIDATES, Found, evidence, name_counts
from accord.deconfliction.models import Hit, HitKind, HitSide, LinkageRun, Settings, Target, TargetKey

CHUNK = 5_000  # rows fetched from the cursor, and pairs scored, at a time
PERSON_GROUP_LIMIT = 50  # a person key held by more records is common: see the budget rule above
PAIR_BUDGET = 2_000  # pairs one second key of a common key may make
PROFILE_CACHE = 200_000  # decrypted profiles kept between chunks (about 100 MB at most)
SETTLE = timedelta(minutes=5)  # far longer than an entry's transaction: see _settled

Pair = tuple[int, int]


@dataclass
class Report:
    since_target: int = 0  # pairs with a target above this id were linked (0: everything)
    exact_pairs: int = 0
    person_pairs_scored: int = 0
    common_keys: int = 0  # person keys paired through a second key
    over_budget: int = 0  # second keys (and identifiers over MAX_CANDIDATES) too common to pair
    new_hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per step: identifiers, people, common keys

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lap(self, step: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[step] = round(now - started, 1)
        return now


# Live keys of one sort (identifiers or person keys) up to the run's last target, the digests more than one
# agency holds with at least one record newer than the last run, and the group size of each. The queries
# below start with it ({shared}); only table names are put in, values are parameters.
# A group is numbered by its first key's id (sorting integers is much cheaper than sorting the digests), and
# "more than one agency" is MIN <> MAX, which PostgreSQL can aggregate by hashing (COUNT DISTINCT must sort).
_SHARED = """
WITH live AS (
    SELECT k.id, k.digest, k.kind, k.target_id, k.owner_id
    FROM {key} k JOIN {target} t ON t.id = k.target_id
    WHERE k.exact = %(exact)s AND t.removed_at IS NULL AND k.target_id <= %(last)s{new_only}
), shared AS (
    SELECT digest, MIN(id) AS grp, COUNT(*) AS size FROM live GROUP BY digest
    HAVING MIN(owner_id) <> MAX(owner_id) AND MAX(target_id) > %(since)s
)
"""
# After a run, only the keys that records entered since hold can make a new pair.
_NEW_ONLY = " AND k.digest IN (SELECT digest FROM {key} WHERE target_id > %(since)s AND target_id <= %(last)s)"
# Cross-agency pairs of the small groups, at least one of them new, not yet hit; each pair once, in the order
# of the first key it shares (so a chunk touches few records).
_PAIRS = """{shared}
SELECT a.target_id, b.target_id, MIN(a.kind)
FROM shared g
JOIN live a ON a.digest = g.digest
JOIN live b ON b.digest = g.digest AND a.target_id < b.target_id AND a.owner_id <> b.owner_id
WHERE g.size <= %(limit)s AND b.target_id > %(since)s
  AND NOT EXISTS (SELECT 1 FROM {hit} h WHERE h.pair = 't:' || a.target_id || ':' || b.target_id)
GROUP BY a.target_id, b.target_id
ORDER BY MIN(g.grp), a.target_id, b.target_id
"""
# The members of the large groups, group by group.
_MEMBERS = """{shared}
SELECT g.grp, m.target_id, m.owner_id
FROM shared g JOIN live m ON m.digest = g.digest
WHERE g.size > %(limit)s
ORDER BY g.grp, m.target_id
"""
_LARGE = "{shared} SELECT COUNT(*) FROM shared WHERE size > %(limit)s"


def _stream(sql: str, **params: int) -> Iterator[tuple]:
    """Rows of a query through a server-side cursor (PostgreSQL), CHUNK at a time."""
    tables = {"key": TargetKey._meta.db_table, "target": Target._meta.db_table, "hit": Hit._meta.db_table}
    sql = sql.replace("{shared}", _SHARED).replace("{new_only}", _NEW_ONLY if params["since"] else "")
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql.format(**tables), params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def link_all() -> Report:
    # Room for the grouping and sorting in memory (the default 4 MB spills to disk); this session only.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET work_mem = '64MB'")
    try:
        return _link_all()
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET work_mem")


def _link_all() -> Report:
    settings = Settings.current()
    thresholds = names.Thresholds(match=settings.match_threshold, possible=settings.possible_threshold)
    previous = LinkageRun.objects.first()
    same = previous is not None and (
        (previous.match_threshold, previous.possible_threshold, previous.matcher)
        == (thresholds.match, thresholds.possible, names.MATCHER_VERSION)
    )
    report = Report(since_target=previous.last_target_id if previous and same else 0)
    last = Target.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    window = {"since": report.since_target, "last": last}
    statistics = _Statistics()

    started = time.perf_counter()
    # Identifiers: every pair of an equal digest is a hit (one held by over MAX_CANDIDATES records is no lead).
    exact = _stream(_PAIRS, exact=True, limit=MAX_CANDIDATES, **window)
    for chunk in _chunks(exact):
        report.exact_pairs += len(chunk)
        report.new_hits += _record([(a, b, Found(Target(pk=b), kind, "hit")) for a, b, kind in chunk])
        statistics.recorded(report.new_hits)
    report.over_budget += _count_large_groups(window)
    started = report.lap("identifiers", started)

    scorer = _Scorer(thresholds, report, statistics)
    for chunk in _chunks(_stream(_PAIRS, exact=False, limit=PERSON_GROUP_LIMIT, **window)):
        scorer.score([(a, b) for a, b, _ in chunk])
    started = report.lap("people", started)
    members = _stream(_MEMBERS, exact=False, limit=PERSON_GROUP_LIMIT, **window)
    for chunk in _chunks(_common_pairs(members, scorer, report)):
        scorer.score(chunk)
    report.lap("common keys", started)

    LinkageRun.objects.create(
        last_target_id=_settled(last),
        match_threshold=thresholds.match,
        possible_threshold=thresholds.possible,
        matcher=names.MATCHER_VERSION,
        report=report.as_dict(),
    )
    return report


def _settled(last: int) -> int:
    """Where the next run starts: after the last target entered before the last SETTLE. An entry whose
    transaction was still open when this run read the table has a lower id than one committed before it, and
    would otherwise never be paired; the next run pairs the recent records again (pairs already hit are left
    out). Read backwards on the primary key, so it stops at the first settled record."""
    settled = Target.objects.filter(pk__lte=last, created_at__lt=timezone.now() - SETTLE).order_by("-pk")
    return settled.values_list("pk", flat=True).first() or 0


def _chunks(rows: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


def _count_large_groups(window: dict[str, int]) -> int:
    return sum(row[0] for row in _stream(_LARGE, exact=True, limit=MAX_CANDIDATES, **window))


class _Scorer:
    """Scores person pairs a chunk at a time, and records those at or above the possible threshold."""

    def __init__(self, thresholds: names.Thresholds, report: Report, statistics: _Statistics) -> None:
        self.thresholds, self.report, self.statistics = thresholds, report, statistics
        self.profiles: dict[int, names.Prepared | None] = {}

    def load(self, ids: Iterable[int]) -> dict[int, names.Prepared | None]:
        """Decrypted, parsed profiles of these targets (a record without one maps to None)."""
        wanted = set(ids)
        missing = wanted - self.profiles.keys()
        if missing:
            if len(self.profiles) + len(missing) > PROFILE_CACHE:
                self.profiles.clear()
                missing = wanted
            self.profiles.update(dict.fromkeys(missing))
            for pk, profile in Target.objects.filter(pk__in=missing).values_list("pk", "profile"):
                self.profiles[pk] = names.loads(profile) if profile else None
        return self.profiles

    def score(self, pairs: list[Pair]) -> None:
        prepared = self.load({i for pair in pairs for i in pair})
        passing = []
        for a, b in pairs:
            one, other = prepared.get(a), prepared.get(b)
            if one is None or other is None:
                continue
            self.report.person_pairs_scored += 1
            if self.thresholds.verdict(names.score(one, other, explain=False).score) != "none":
                passing.append((a, b, one, other))
        # Again for the few that pass, with how common their names are among the records, and the reasons.
        counts = name_counts(p for _, _, *pair in passing for p in pair) if passing else None
        matched = []
        for a, b, one, other in passing:
            match = names.score(one, other, counts=counts)
            verdict = self.thresholds.verdict(match.score)
            if verdict != "none":
                strength = "hit" if verdict == "match" else "possible"
                matched.append((a, b, Found(Target(pk=b), "person", strength, round(match.score, 3), evidence(match))))
        self.report.new_hits += _record(matched)
        self.statistics.recorded(self.report.new_hits)


def _second_keys(p: names.Prepared) -> list[str]:
    """The rarer keys a record is paired on inside a common key (see the module's budget rule)."""
    keys = [f"y:{p.dob[:4]}", f"md:{p.dob[4:]}"] if p.dob else []
    name = p.names[0] if p.names else None
    if name and name.given and name.surnames:
        keys.append(f"w:{name.given.text} {' '.join(t.text for t in name.surnames)}")
    return keys


def _common_pairs(members: Iterator[tuple], scorer: _Scorer, report: Report) -> Iterator[Pair]:
    """Pairs of each common key's members that share a second key; each pair once per run."""
    since = report.since_target
    made: set[Pair] = set()
    for _, group in itertools.groupby(members, key=lambda row: row[0]):
        report.common_keys += 1
        rows = [(target_id, owner_id) for _, target_id, owner_id in group]
        prepared = scorer.load(target_id for target_id, _ in rows)
        blocks: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        for target_id, owner_id in rows:
            if (p := prepared.get(target_id)) is not None:
                for key in _second_keys(p):
                    blocks[key].append((target_id, owner_id, bool(p.dob)))
        for key, block in blocks.items():
            if len(block) * (len(block) - 1) // 2 > PAIR_BUDGET:
                report.over_budget += 1
                continue
            by_name = key.startswith("w:")  # the name alone pairs only where a date of birth is missing
            for (a, owner_a, dated_a), (b, owner_b, dated_b) in itertools.combinations(block, 2):
                if owner_a == owner_b or max(a, b) <= since or (by_name and dated_a and dated_b):
                    continue
                pair = (a, b) if a < b else (b, a)
                if pair not in made:
                    made.add(pair)
                    yield pair


@transaction.atomic
def _record(pairs: list[tuple[int, int, Found]]) -> int:
    """Record a chunk of pairs as hits in bulk: hits, a side per agency, one audit event, one notice job.
    Pairs already hit (online meanwhile, or through another key) are left alone."""
    if not pairs:
        return 0
    hit_before = set(Hit.objects.filter(pair__in=[f"t:{a}:{b}" for a, b, _ in pairs]).values_list("pair", flat=True))
    pairs = [(a, b, item) for a, b, item in pairs if f"t:{a}:{b}" not in hit_before]
    targets = (
        Target.objects.select_related("investigation")
        .only("owner_id", "investigation_id", "entered_by_id", "investigation__lead_investigator_id")
        .in_bulk({i for a, b, _ in pairs for i in (a, b)})
    )
    hits = [
        Hit(
            kind=HitKind.TARGET,
            matched=item.matched,
            strength=item.strength,
            score=item.score,
            evidence=list(item.evidence),
            found_by="nightly",
            pair=f"t:{a}:{b}",
        )
        for a, b, item in pairs
        if a in targets and b in targets
    ]
    if not hits:
        return 0
    Hit.objects.bulk_create(hits, ignore_conflicts=True)  # a pair the online check hit meanwhile is skipped
    ids = dict(Hit.objects.filter(pair__in=[h.pair for h in hits], found_by="nightly").values_list("pair", "pk"))
    sides = [
        HitSide(
            hit_id=ids[pair],
            organization_id=target.owner_id,
            investigation_id=target.investigation_id,
            target=target,
            contact_id=target.investigation.lead_investigator_id or target.entered_by_id,
        )
        for a, b, _ in pairs
        if (pair := f"t:{a}:{b}") in ids
        for target in (targets[a], targets[b])
    ]
    HitSide.objects.bulk_create(sides, ignore_conflicts=True)
    new = sorted(ids.values())
    audit.record(
        verb="deconfliction.hits_found",
        actor_label="nightly deconfliction",
        changes={"hit_ids": new, "count": len(new), "found_by": "nightly"},
    )
    enqueue_in_transaction(tasks.notify_hits, new)
    return len(new)


class _Statistics:
    """Refreshes the planner's statistics of the hit tables each time the run has doubled what they held:
    a first run over many records can add tens of thousands of hits, and with statistics taken when the tables
    were nearly empty PostgreSQL checks each new side's foreign key with a scan of the whole hit table."""

    def __init__(self) -> None:
        self.next = max(1_000, Hit.objects.count())

    def recorded(self, total: int) -> None:
        if total >= self.next and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Hit._meta.db_table}, {HitSide._meta.db_table}")
            self.next *= 2
