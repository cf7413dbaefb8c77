"""Deconfliction speed: the online check through the real view, and the nightly batch, at 1,000,000 targets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/deconfliction_check.py [--targets 1000000] [--agencies 30] [--requests 300] \\
        [--scratch accord_bench_deconfliction] [--keep] [--reuse]

Creates a scratch PostgreSQL database next to the one DATABASE_URL names (named by --scratch or
ACCORD_BENCH_SCRATCH, so parallel runs need not collide; dropped at the end unless --keep or --reuse),
migrates it, makes 30 law-enforcement agencies with 100 investigations each, and loads the targets with COPY:
people from the variant generator (names with nicknames, transliterations, double surnames, typos, missing
birth dates; 10% appear again, varied, in another agency), each with a phone and some with a vehicle. Every
target is stored as Accord stores it: values encrypted, matching keys as keyed hashes.

Then, in one run through Django's test client (every middleware, the access policy, the template, the audit
trail), it interleaves:
- the online check: POST "check a target" as a browser sends the form (form-encoded, its CSRF token checked)
  with a new phone, person or vehicle (a third of them already held by another agency, typed differently),
  which normalizes, stores, matches and records any hit;
- the baselines: GET one target's page (the target by primary key, its hits, the audit row of the view, the
  template), and GET a view doing nothing but one primary-key lookup behind the same middleware and access
  policy (the issue's baseline: what the stack itself costs).
It prints p50 and p95 of each (and queries per request), then runs the nightly batch over everything
and again with nothing new, and prints their times and peak memory (``--batch-only`` with ``--reuse``: only
the batch, on the loaded targets, so the peak is the batch's own).
SQLite works too (DATABASE_URL unset) for a quick look at small sizes; the issue's figures are on PostgreSQL.

Loading 1,000,000 targets takes a while: ``--reuse`` keeps the scratch database and, when it already holds
the targets of an earlier ``--reuse`` or ``--keep`` run with the same --targets/--agencies/--seed, skips the
load (the same people are drawn again without encrypting or writing them, so the checks are the same).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = os.environ.get("ACCORD_BENCH_SCRATCH", "accord_bench_deconfliction")


def scratch_database(url: str, name: str, *, reuse: bool) -> tuple[str, bool]:
    """The scratch database's URL, and whether it already existed (kept by an earlier --reuse run)."""
    import psycopg

    if not name.replace("_", "").isalnum():
        sys.exit(f"--scratch must be a plain database name, not {name!r}")
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if not (reuse and exists):
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}")), reuse and exists


def drop_scratch(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def agencies_and_cases(count: int, cases_each: int) -> tuple[list[Any], dict[int, list[int]], dict[int, Any]]:
    from accord.core.models import Lane, Organization, Sector, User
    from accord.core.testing import make_organization, make_user
    from accord.investigations.models import Investigation
    from accord.investigations.tests.factories import term

    if Organization.objects.filter(name__endswith=" Police").exists():  # a reused database: find them again
        agencies = list(Organization.objects.filter(name__endswith=" Police").order_by("name")[:count])
        staff = {u.organization_id: u for u in User.objects.filter(organization__in=agencies)}
        by_owner: dict[int, list[int]] = {}
        for pk, owner in Investigation.objects.filter(owner__in=agencies).order_by("pk").values_list("pk", "owner"):
            by_owner.setdefault(owner, []).append(pk)
        return agencies, by_owner, staff
    lead = term("lead-source", "hotline-tip")
    agencies, cases, staff = [], {}, {}
    for n in range(count):
        agency = make_organization(f"Agency {n:02d} Police", Lane.LAW_ENFORCEMENT, Sector.LAW_ENFORCEMENT)
        user = make_user(f"detective{n:02d}", agency, "investigator")
        made = Investigation.objects.bulk_create(
            Investigation(
                owner=agency,
                case_number=f"A{n:02d}-{i:04d}",
                trafficking_type="sex",
                origin="reactive",
                lead_source=lead,
                created_by=user,
                lead_investigator=user,
            )
            for i in range(cases_each)
        )
        agencies.append(agency)
        cases[agency.pk] = [c.pk for c in made]
        staff[agency.pk] = user
    return agencies, cases, staff


def load_targets(
    total: int,
    agencies: list[Any],
    cases: dict[int, list[int]],
    staff: dict[int, Any],
    rng: random.Random,
    *,
    write: bool = True,
):
    """COPY the targets and their keys; returns the people records kept for making checks.

    ``write=False`` (a reused database) draws the same people and random choices without storing anything.
    """
    from django.db import connection
    from django.utils import timezone

    from accord.deconfliction import checks, variants
    from accord.deconfliction.models import Target, TargetKey

    started = time.perf_counter()
    people = variants.generate_people(max(1, total // 2), rng, duplicate_rate=0.1)
    now = timezone.now()
    target_columns = [
        "id", "created_at", "updated_at", "owner_id", "investigation_id", "kind", "value", "normalized", "flagged",
        "aliases", "date_of_birth", "profile", "person_id", "entered_by_id", "removed_at",
    ]  # fmt: skip
    fields = {f.column: f for f in Target._meta.concrete_fields}
    encrypted = {"value", "normalized", "aliases", "date_of_birth", "profile"}
    rows: list[list[Any]] = []
    keys: list[tuple[int, int, int, str, bool, str]] = []
    next_id = 1
    owner_of_entity: dict[int, int] = {}

    def add(owner: int, case: int, kind: str, value: str, person_id: int | None, **extra: Any) -> int:
        nonlocal next_id
        if not write:
            next_id += 1
            return next_id - 1
        entry = checks.prepare_entry(kind, value, **extra)
        values = {
            "id": next_id, "created_at": now, "updated_at": now, "owner_id": owner, "investigation_id": case,
            "kind": kind, "value": value, "normalized": entry.normalized, "flagged": entry.flagged,
            "aliases": "\n".join(extra.get("aliases", ())), "date_of_birth": extra.get("date_of_birth", ""),
            "profile": entry.profile, "person_id": person_id, "entered_by_id": staff[owner].pk, "removed_at": None,
        }  # fmt: skip
        rows.append(
            [
                fields[c].get_db_prep_value(values[c], connection) if c in encrypted else values[c]
                for c in target_columns
            ]
        )
        keys.extend((next_id, owner, case, k, exact, d) for k, exact, d in dict.fromkeys(entry.digests))
        next_id += 1
        return next_id - 1

    for record in people:
        if next_id > total:
            break
        owner = rng.choice(agencies).pk
        if record.entity_id in owner_of_entity:  # a variant lands in another agency
            others = [a.pk for a in agencies if a.pk != owner_of_entity[record.entity_id]]
            owner = rng.choice(others)
        owner_of_entity.setdefault(record.entity_id, owner)
        case = rng.choice(cases[owner])
        born = record.person.date_of_birth.isoformat() if record.person.date_of_birth else ""
        person = add(owner, case, "person", record.person.names[0], None, aliases=record.person.names[1:],
                     date_of_birth=born)  # fmt: skip
        if record.phone and next_id <= total:
            add(owner, case, "phone", record.phone, person)
        if record.plate and next_id <= total:
            add(owner, case, "vehicle", record.plate, person, state=record.plate_state or "TX")
    prepared = time.perf_counter() - started
    if not write:
        print(f"reusing the loaded targets (drew the same people in {prepared:.0f} s)")
        return people
    with connection.cursor() as cursor:
        table = Target._meta.db_table
        with cursor.copy(f"COPY {table} ({', '.join(target_columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cursor.copy(
            f"COPY {TargetKey._meta.db_table} (target_id, owner_id, investigation_id, kind, exact, digest) FROM STDIN"
        ) as copy:
            for key in keys:
                copy.write_row(key)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [next_id])
    # What autovacuum would otherwise do to the fresh tables while the figures are taken.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {len(rows):,} targets and {len(keys):,} keys from {len(agencies)} agencies "
        f"in {time.perf_counter() - started:.0f} s ({prepared:.0f} s normalizing and encrypting)"
    )
    return people


def forget_earlier_checks(loaded: int) -> None:
    """A reused database starts again as loaded: the targets and hits that earlier runs' checks added go, so
    no check meets a pair an earlier run already hit (which would skip recording it, and flatter the figures)."""
    from accord.deconfliction.models import Hit, HitSide, Target

    HitSide.objects.all().delete()
    Hit.objects.all().delete()
    removed, _ = Target.objects.filter(pk__gt=loaded).delete()
    if removed:
        print(f"removed {removed:,} rows that earlier runs' checks added")


def warm_database_cache() -> None:
    """Read the matching tables and their indexes into PostgreSQL's shared buffers (pg_prewarm), as a server
    that has been answering checks holds them, and say whether they fit. Without this the first minutes of
    a run read from disk, and on a machine that drops its page cache they go on doing so."""
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        return
    tables = ("deconfliction_target", "deconfliction_targetkey", "investigations_investigation")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'")
        (buffers,) = cursor.fetchone()
        cursor.execute(
            "SELECT c.oid, pg_relation_size(c.oid) FROM pg_class c LEFT JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE c.relname = ANY(%s) OR x.indrelid IN (SELECT oid FROM pg_class WHERE relname = ANY(%s))",
            [list(tables), list(tables)],
        )
        relations = cursor.fetchall()
        size = sum(bytes_ for _, bytes_ in relations)
        gib = 2**30
        print(f"PostgreSQL shared_buffers {buffers / gib:.1f} GiB; matching tables and indexes {size / gib:.1f} GiB")
        if size > buffers:
            print("  (they do not fit: checks read from the page cache or the disk; see docs/operations/deployment.md)")
            return
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:  # a benchmark can run without it, and says so
            print(f"  (not prewarmed: {error})")
            return
        for oid, _ in relations:
            cursor.execute("SELECT pg_prewarm(%s::regclass)", [oid])
        print("  prewarmed into shared buffers")


def checks_to_make(people: list[Any], count: int, rng: random.Random) -> list[dict[str, str]]:
    """New entries: a third are people or identifiers another agency holds, typed another way."""
    from accord.deconfliction import variants

    made = []
    fresh = variants.generate_people(count, random.Random(rng.random()), duplicate_rate=0.0)
    for n in range(count):
        known = rng.random() < 1 / 3
        record = rng.choice(people) if known else fresh[n]
        choice = rng.random()
        if choice < 0.4 and record.phone:
            made.append(
                {
                    "kind": "phone",
                    "value": variants.format_phone("".join(c for c in record.phone if c.isdigit())[-10:], rng),
                }
            )
        elif choice < 0.55 and record.plate:
            made.append(
                {"kind": "vehicle", "value": record.plate.replace(" ", "-"), "state": record.plate_state or "TX"}
            )
        else:
            born = record.person.date_of_birth.isoformat() if record.person.date_of_birth else ""
            made.append({"kind": "person", "value": record.person.names[0], "date_of_birth": born})
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--cases", type=int, default=100, help="investigations per agency")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="keep the scratch database and reuse its targets")
    parser.add_argument("--scratch", default=SCRATCH, help="name of the scratch PostgreSQL database")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--batch-only", action="store_true", help="with --reuse: only the nightly batch")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as var_dir:
        reused = False
        if url:
            os.environ["DATABASE_URL"], reused = scratch_database(url, args.scratch, reuse=args.reuse)
        else:
            os.environ["ACCORD_VAR_DIR"] = var_dir
            print("No DATABASE_URL: SQLite, for a quick look only (COPY is PostgreSQL's; use --targets ≤ 0)")
        try:
            setup()
            run(args, reused=reused)
        finally:
            from django.db import connections

            connections.close_all()
            if url and not (args.keep or args.reuse):
                drop_scratch(url, args.scratch)


def install_pk_view() -> str:
    """The issue's baseline: a view doing one primary-key lookup, behind the same middleware and access policy
    as every page (session, account, roles, deny-by-default), mounted beside Accord's own URLs for this run."""
    import types

    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    from accord.core.policy import SIGNED_IN, rule
    from accord.deconfliction.models import Target

    @rule(SIGNED_IN)
    def one_target(request: Any, target_id: int) -> HttpResponse:
        return HttpResponse(str(Target.objects.only("id").get(pk=target_id).pk), content_type="text/plain")

    urls = types.ModuleType("accord_bench_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/targets/<int:target_id>/", one_target, name="bench_pk"),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()
    return "/bench/targets/{}/"


def run(args: argparse.Namespace, *, reused: bool) -> None:
    import gc

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accord.core.testing import sign_in
    from accord.deconfliction.models import Hit, Target

    if args.batch_only and reused:  # the loaded targets as they are, without drawing the people again
        nightly(Target.objects.count(), *agencies_and_cases(args.agencies, args.cases), random.Random(args.seed))
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rng = random.Random(args.seed)
    agencies, cases, staff = agencies_and_cases(args.agencies, args.cases)
    people = load_targets(args.targets, agencies, cases, staff, rng, write=not reused)
    if reused:
        forget_earlier_checks(args.targets)
    warm_database_cache()
    me = agencies[0]
    client = sign_in(Client(enforce_csrf_checks=True), staff[me.pk])
    entries = checks_to_make(people, args.requests, rng)
    create = reverse("deconfliction:target_create")
    client.get(create)  # as a browser opens the form first, and gets its CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    mine = list(Target.objects.filter(owner=me).values_list("pk", flat=True)[:1000])
    gc.collect()
    gc.freeze()  # as a long-running server process would after start-up

    pk_path = install_pk_view()
    queries = {"check": 0, "baseline": 0, "pk": 0}

    counted = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    def timed(name: str, expected: int, send: Any, *args: Any) -> float:
        # Queries are counted by a wrapper, not captured: capturing formats each statement with its values
        # again (psycopg's mogrify), a cost no production request pays.
        counted[0] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = send(*args)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == expected, (response.status_code, response.content[-2000:])
        queries[name] += counted[0]
        return elapsed

    def check(entry: dict[str, str]) -> float:
        data = {"investigation": rng.choice(cases[me.pk]), "purpose": "benchmark check", **entry}
        body = urlencode({**data, "csrfmiddlewaretoken": token})  # as the browser posts the form
        return timed("check", 302, client.post, create, body, "application/x-www-form-urlencoded")

    def baseline() -> float:
        return timed("baseline", 200, client.get, reverse("deconfliction:target", args=[rng.choice(mine)]))

    def pk_lookup() -> float:
        return timed("pk", 200, client.get, pk_path.format(rng.choice(mine)))

    for entry in entries[:20]:  # warm up
        check(entry)
        baseline()
        pk_lookup()
    hits_before = Hit.objects.count()
    queries.update(check=0, baseline=0, pk=0)
    check_times, base_times, pk_times = [], [], []
    for entry in entries[20:]:
        check_times.append(check(entry))
        base_times.append(baseline())
        pk_times.append(pk_lookup())
    total = Target.objects.count()
    print(f"\nonline check, {connection.vendor}, {total:,} targets, {len(check_times)} requests each, interleaved")
    print(f"{'view':<46} {'p50 ms':>7} {'p95 ms':>7} {'mean ms':>7} {'queries':>7} {'p50 / pk':>8}")
    pk_p50 = percentile(pk_times, 0.5)
    for label, times, count in (
        ("check a target (POST: normalize, match, save)", check_times, queries["check"]),
        ("baseline: one target's page (PK lookup)", base_times, queries["baseline"]),
        ("baseline: one primary-key lookup, same stack", pk_times, queries["pk"]),
    ):
        p50 = percentile(times, 0.5)
        print(
            f"{label:<46} {p50:>7.1f} {percentile(times, 0.95):>7.1f} "
            f"{statistics.mean(times):>7.1f} {count / len(times):>7.1f} {p50 / pk_p50:>8.1f}"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"hits recorded by the checks: {Hit.objects.count() - hits_before}")
    if not args.skip_batch:
        nightly(total, agencies, cases, staff, rng)


def nightly(
    total: int, agencies: list[Any], cases: dict[int, list[int]], staff: dict[int, Any], rng: random.Random
) -> None:
    """The batch three times: over everything (as on the first night or after a threshold or matcher change),
    again with nothing new, and after a day's entries."""
    from accord.deconfliction import batch
    from accord.deconfliction.models import Hit, HitSide, LinkageRun

    # Every pair is scored again, as on the first night or after a threshold or matcher change.
    LinkageRun.objects.all().delete()
    HitSide.objects.filter(hit__found_by="nightly").delete()
    Hit.objects.filter(found_by="nightly").delete()
    runs = (
        ("nightly batch, everything", None),
        ("nightly batch again (nothing new: idempotent)", None),
        ("nightly batch after a day's 1,000 people (half held by another agency)", 1_000),
    )
    for label, entered in runs:
        if entered:
            enter_a_day(entered, agencies, cases, staff, rng)
            total += entered
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu_before, started = time.process_time(), time.perf_counter()
        report = batch.link_all()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_before
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"\n{label} over {total:,} targets: {seconds:.1f} s ({cpu:.1f} s CPU in this process; PostgreSQL's "
            f"is not counted), peak RSS {peak:.0f} MB (before: {rss_before:.0f} MB), "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        counts = {k: v for k, v in report.as_dict().items() if k != "seconds"}
        print("  " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()))
        print("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))


def enter_a_day(
    count: int, agencies: list[Any], cases: dict[int, list[int]], staff: dict[int, Any], rng: random.Random
) -> None:
    """`count` people stored without the online check, as if entered in the same instants: half are people
    another agency already holds (as it typed them), half new."""
    from accord.deconfliction import checks, variants
    from accord.deconfliction.models import Kind, Target, TargetKey

    last = Target.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    held = Target.objects.filter(kind=Kind.PERSON, pk__in=rng.sample(range(1, last), min(last - 1, count * 4)))
    entries: list[tuple[str, str, int | None]] = [
        (t.value, t.date_of_birth, t.owner_id) for t in held.only("value", "date_of_birth", "owner_id")
    ]
    entries = entries[: count // 2]
    for record in variants.generate_people(count - len(entries), rng, duplicate_rate=0.0):
        born = record.person.date_of_birth.isoformat() if record.person.date_of_birth else ""
        entries.append((record.person.names[0], born, None))
    targets, digests = [], []
    for value, born, holder in entries:
        owner = rng.choice([a for a in agencies if a.pk != holder])
        entry = checks.prepare_entry(Kind.PERSON, value, date_of_birth=born)
        targets.append(
            Target(
                owner=owner,
                investigation_id=rng.choice(cases[owner.pk]),
                kind=Kind.PERSON,
                value=value,
                date_of_birth=born,
                profile=entry.profile,
                entered_by=staff[owner.pk],
            )
        )
        digests.append(entry.digests)
    Target.objects.bulk_create(targets)
    TargetKey.objects.bulk_create(
        TargetKey(target=t, owner_id=t.owner_id, investigation_id=t.investigation_id, kind=kind, exact=exact, digest=d)
        for t, keys in zip(targets, digests, strict=True)
        for kind, exact, d in dict.fromkeys(keys)
    )


if __name__ == "__main__":
    main()
