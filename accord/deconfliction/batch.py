"""The nightly batch: link every active target of every agency and record the conflicts not yet hit.

The database does the grouping: digests held by more than one agency (exact identifiers and person blocking
keys alike) come back sorted, streamed in chunks, so memory holds one group at a time plus the set of pairs
to score. Person pairs are scored in chunks whose profiles are decrypted once. Re-running finds nothing new
(``Hit.pair`` is unique), so the job is idempotent.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Count

from accord.core import audit
from accord.deconfliction import names, tasks
from accord.deconfliction.checks import MAX_CANDIDATES, Found, evidence
from accord.deconfliction.models import Hit, HitKind, HitSide, Settings, Target, TargetKey

CHUNK = 5_000
# A person blocking key shared by more records than this (a common name without a birth date) is left to the
# online check, which weighs it at entry against at most MAX_CANDIDATES; pairs that also share a birth-date key
# still meet here. Without the cap one common name alone makes tens of thousands of pairs to score each night.
PERSON_GROUP_LIMIT = 50


@dataclass
class Report:
    shared_digests: int = 0
    exact_pairs: int = 0
    person_pairs_scored: int = 0
    new_hits: int = 0
    skipped_large_groups: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _groups(report: Report) -> Iterator[tuple[bool, str, list[tuple[int, int]]]]:
    """(exact, kind, [(target id, owner id)…]) for every digest that more than one agency holds."""
    shared = (
        TargetKey.objects.filter(target__removed_at__isnull=True)
        .values("digest")
        .annotate(agencies=Count("owner", distinct=True))
        .filter(agencies__gt=1)
        .values("digest")
    )
    rows = (
        TargetKey.objects.filter(digest__in=shared, target__removed_at__isnull=True)
        .order_by("digest", "target_id")
        .values_list("digest", "exact", "kind", "target_id", "owner_id")
        .iterator(chunk_size=CHUNK)
    )
    for (_, exact, kind), members in itertools.groupby(rows, key=lambda r: r[:3]):
        report.shared_digests += 1
        yield exact, kind, [(target_id, owner_id) for *_, target_id, owner_id in members]


def _cross_agency_pairs(members: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for (a, owner_a), (b, owner_b) in itertools.combinations(members, 2):
        if owner_a != owner_b:
            yield (a, b) if a < b else (b, a)


def link_all() -> Report:
    report = Report()
    settings = Settings.current()
    thresholds = names.Thresholds(match=settings.match_threshold, possible=settings.possible_threshold)
    already = set(Hit.objects.filter(pair__startswith="t:").values_list("pair", flat=True).iterator(chunk_size=CHUNK))
    exact: dict[tuple[int, int], str] = {}
    people: set[tuple[int, int]] = set()
    for is_exact, kind, members in _groups(report):
        if len(members) > (MAX_CANDIDATES if is_exact else PERSON_GROUP_LIMIT):
            report.skipped_large_groups += 1
            continue
        for pair in _cross_agency_pairs(members):
            if f"t:{pair[0]}:{pair[1]}" in already:
                continue
            if is_exact:
                exact.setdefault(pair, kind)
            else:
                people.add(pair)
    report.exact_pairs = len(exact)
    found = [(a, b, Found(Target(pk=b), kind, "hit")) for (a, b), kind in exact.items()]
    for start in range(0, len(found), CHUNK):
        report.new_hits += _record(found[start : start + CHUNK])
    ordered = sorted(people - set(exact))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        profiles = dict(Target.objects.filter(pk__in={i for pair in chunk for i in pair}).values_list("pk", "profile"))
        prepared = {pk: names.loads(profile) for pk, profile in profiles.items() if profile}
        matched = []
        for a, b in chunk:
            if a in prepared and b in prepared:
                report.person_pairs_scored += 1
                match = names.score(prepared[a], prepared[b], explain=False)
                verdict = thresholds.verdict(match.score)
                if verdict != "none":
                    match = names.score(prepared[a], prepared[b])  # again, with the reasons, for the few hits
                    strength = "hit" if verdict == "match" else "possible"
                    matched.append(
                        (a, b, Found(Target(pk=b), "person", strength, round(match.score, 3), evidence(match)))
                    )
        report.new_hits += _record(matched)
    return report


@transaction.atomic
def _record(pairs: list[tuple[int, int, Found]]) -> int:
    """Record a chunk of pairs as hits in bulk: hits, a side per agency, one audit event, one notice job."""
    if not pairs:
        return 0
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
    transaction.on_commit(lambda: tasks.notify_hits.enqueue(new))
    return len(new)
