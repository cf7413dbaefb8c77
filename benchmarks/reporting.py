"""Reporting speed: each report pack and the task-force dashboard, beside hand-written SQL and DuckDB.

    .venv/bin/python benchmarks/reporting.py [--clients 100000] [--runs 5] [--reuse]          # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/reporting.py [--scratch accord_reporting_bench] [--reuse] [--keep]

Makes the task force (``accord seed --scale small``: about 40 organizations) and adds, with the bulk generator
in ``benchmarks/reporting_data.py``, --clients clients with ten services each, --clients/2 investigations with
their case records and --clients/2 referrals, spread over --years years. SQLite works in
``var/bench/reporting-<clients>/accord.sqlite3``; PostgreSQL in a scratch database next to the one DATABASE_URL
names (dropped at the end unless --keep or --reuse). ``--reuse`` keeps the data and skips generating it when
it is already there at the same size.

Then, in one run, for the last complete half-year and quarter: the law-enforcement and victim-services packs
and the dashboard (every indicator for the task force), each computed three ways:
- ORM: every item's ``IndicatorSpec.compute`` (what the pages and the background job run);
- hand SQL: the same aggregates written by hand, one GROUP BY query per item, through the same cursor;
- DuckDB: the same hand SQL over the same rows copied into an in-memory DuckDB (the copy is timed apart).
It prints the first (cold) run and the median of --runs, the ratio ORM / hand SQL, whether the aim is met
(a pack under 2 s and within 2x of hand SQL), and checks that the three give the same counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
SCRATCH = os.environ.get("ACCORD_BENCH_SCRATCH", "accord_reporting_bench")
AIM_SECONDS = 2.0
AIM_RATIO = 2.0

Counts = dict[tuple[str, ...], int]

# The hand-written aggregates, task-force scope: one query per indicator, rows of (dimension values..., count).
# {start}/{end} are the period's days; {t0}/{t1} the UTC instants at which its first day starts and the day
# after its last starts in the task force's time zone ("__date" in the ORM), so a range on the raw column can
# use an index; {now} is the current instant. A dict gives the SQL per database where they differ.
_IDENTIFIED = (
    "SELECT trafficking_type, {dim}, COUNT(*) FROM victim_services_client "
    "WHERE intake_date BETWEEN '{start}' AND '{end}' AND trafficking_status <> 'not_a_victim' GROUP BY 1, 2"
)
_CASE_RECORD = (
    "SELECT {dims}, COUNT(*) FROM {table} r JOIN investigations_investigation i ON i.id = r.investigation_id "
    "WHERE r.{field} BETWEEN '{start}' AND '{end}' GROUP BY {groups}"
)
_SPEED = (
    "SELECT CASE WHEN accepted_at <= {add48} THEN 'within_48h' WHEN accepted_at <= {add7} THEN '3_7_days' "
    "WHEN accepted_at <= {add30} THEN '8_30_days' ELSE 'over_30_days' END, COUNT(*) FROM referrals_referral "
    "WHERE accepted_at >= '{t0}' AND accepted_at < '{t1}' AND sent_at IS NOT NULL GROUP BY 1"
)
_HELD = "NOT tr.is_cancelled AND tr.starts_at < '{now}' AND tr.starts_at >= '{t0}' AND tr.starts_at < '{t1}'"
_EVENTS = (
    "SELECT t.code, {what} FROM outreach_outreachevent e LEFT JOIN core_term t ON t.id = e.audience_id "
    "WHERE NOT e.is_cancelled AND e.starts_at < '{now}' AND e.starts_at >= '{t0}' AND e.starts_at < '{t1}' "
    "GROUP BY t.code"
)
HAND_SQL: dict[str, str | dict[str, str]] = {
    "vs.victims_identified": _IDENTIFIED.replace("{dim}", "age_band"),
    "vs.victims_identified_gender": _IDENTIFIED.replace("{dim}", "gender"),
    "vs.victims_identified_citizenship": _IDENTIFIED.replace("{dim}", "citizenship"),
    "vs.trafficking_status": (
        "SELECT trafficking_status, trafficking_type, COUNT(*) FROM victim_services_client "
        "WHERE intake_date BETWEEN '{start}' AND '{end}' GROUP BY 1, 2"
    ),
    "vs.clients_served": (
        "SELECT CASE WHEN intake_date >= '{start}' THEN 'new' ELSE 'continuing' END, trafficking_type, COUNT(*) "
        "FROM victim_services_client WHERE intake_date <= '{end}' AND (closed_on IS NULL OR closed_on >= '{start}') "
        "GROUP BY 1, 2"
    ),
    "vs.services_delivered": (
        "SELECT c.code, s.n FROM (SELECT category_id, COUNT(*) AS n FROM victim_services_servicedelivery "
        "WHERE delivered_on BETWEEN '{start}' AND '{end}' GROUP BY category_id) s "
        "JOIN directory_servicecategory c ON c.id = s.category_id"
    ),
    "le.investigations_opened": (
        "SELECT trafficking_type, origin, COUNT(*) FROM investigations_investigation "
        "WHERE opened_on BETWEEN '{start}' AND '{end}' GROUP BY 1, 2"
    ),
    "le.victims_identified": (
        "SELECT trafficking_type, age_band, COUNT(*) FROM investigations_victim "
        "WHERE created_at >= '{t0}' AND created_at < '{t1}' GROUP BY 1, 2"
    ),
    "le.arrests": _CASE_RECORD.format(
        dims="i.trafficking_type",
        table="investigations_arrest",
        field="arrested_on",
        groups="1",
        start="{start}",
        end="{end}",
    ),
    "le.charges": _CASE_RECORD.format(
        dims="CASE WHEN r.is_trafficking_charge THEN 'trafficking' ELSE 'other' END, i.trafficking_type",
        table="investigations_charge",
        field="filed_on",
        groups="1, 2",
        start="{start}",
        end="{end}",
    ),
    "le.prosecution_referrals": (
        "SELECT level, decision, COUNT(*) FROM investigations_prosecutionreferral "
        "WHERE referred_on BETWEEN '{start}' AND '{end}' GROUP BY 1, 2"
    ),
    "le.dispositions": _CASE_RECORD.format(
        dims="r.outcome, i.trafficking_type",
        table="investigations_disposition",
        field="disposed_on",
        groups="1, 2",
        start="{start}",
        end="{end}",
    ),
    "le.continued_presence": (
        "SELECT status, COUNT(*) FROM investigations_continuedpresence "
        "WHERE requested_on BETWEEN '{start}' AND '{end}' GROUP BY 1"
    ),
    "le.certifications": (
        "SELECT form, status, COUNT(*) FROM investigations_certification "
        "WHERE requested_on BETWEEN '{start}' AND '{end}' GROUP BY 1, 2"
    ),
    "ref.referrals": "SELECT {steps} FROM referrals_referral".replace(  # one row, a column per step
        "{steps}",
        ", ".join(
            "SUM(CASE WHEN {step}_at >= '{t0}' AND {step}_at < '{t1}' THEN 1 ELSE 0 END)".replace("{step}", step)
            for step in ("sent", "accepted", "declined", "completed", "withdrawn")
        ),
    ),
    "ref.acceptance_speed": {
        "sqlite": _SPEED.format(
            add48="datetime(sent_at, '+2 days')",
            add7="datetime(sent_at, '+7 days')",
            add30="datetime(sent_at, '+30 days')",
            t0="{t0}",
            t1="{t1}",
        ),
        "other": _SPEED.format(
            add48="sent_at + INTERVAL '48 hours'",
            add7="sent_at + INTERVAL '7 days'",
            add30="sent_at + INTERVAL '30 days'",
            t0="{t0}",
            t1="{t1}",
        ),
    },
    "ref.declined_by_reason": (
        "SELECT t.code, COUNT(*) FROM referrals_referral r JOIN core_term t ON t.id = r.decline_reason_id "
        "WHERE r.declined_at >= '{t0}' AND r.declined_at < '{t1}' GROUP BY t.code"
    ),
    "gov.meetings_held": (
        "SELECT COUNT(*) FROM governance_meeting WHERE NOT is_cancelled AND starts_at >= '{t0}' AND starts_at < '{t1}'"
    ),
    "gov.attendance": (
        "SELECT a.discipline, COUNT(*) FROM governance_attendance a JOIN governance_meeting m ON m.id = a.meeting_id "
        "WHERE NOT m.is_cancelled AND m.starts_at >= '{t0}' AND m.starts_at < '{t1}' GROUP BY 1"
    ),
    "gov.agreements_in_force": (
        "SELECT kind, COUNT(*) FROM governance_agreement WHERE status = 'in_force' "
        "AND (effective_date IS NULL OR effective_date <= '{end}') "
        "AND (expiry_date IS NULL OR expiry_date >= '{start}') GROUP BY 1"
    ),
    "gov.objectives": "SELECT status, COUNT(*) FROM governance_objective WHERE due_date >= '{start}' GROUP BY 1",
    "out.trainings_held": "SELECT tr.session_type, COUNT(*) FROM outreach_training tr WHERE {held} GROUP BY 1".replace(
        "{held}", _HELD
    ),
    "out.people_trained": (
        "SELECT t.code, SUM(a.attendees) FROM outreach_trainingaudience a "
        "JOIN outreach_training tr ON tr.id = a.training_id JOIN core_term t ON t.id = a.discipline_id "
        "WHERE {held} GROUP BY t.code"
    ).replace("{held}", _HELD),
    "out.events": _EVENTS.replace("{what}", "COUNT(*)"),
    "out.reach": _EVENTS.replace("{what}", "SUM(e.reach)"),
    "asm.responses": (
        "SELECT discipline, COUNT(*) FROM assessment_response "
        "WHERE submitted_at >= '{t0}' AND submitted_at < '{t1}' GROUP BY 1"
    ),
}
WIDE = {"ref.referrals": ("sent", "accepted", "declined", "completed", "withdrawn")}

# The columns the hand SQL reads, copied into DuckDB ("the same rows").
DUCK_TABLES = {
    "victim_services_client": "id organization_id intake_date closed_on trafficking_status trafficking_type "
    "age_band gender citizenship",
    "victim_services_servicedelivery": "id client_id delivered_on category_id",
    "directory_servicecategory": "id code",
    "investigations_investigation": "id owner_id opened_on trafficking_type origin",
    "investigations_victim": "id investigation_id organization_id created_at trafficking_type age_band",
    "investigations_arrest": "id investigation_id organization_id arrested_on",
    "investigations_charge": "id investigation_id organization_id filed_on is_trafficking_charge",
    "investigations_prosecutionreferral": "id investigation_id organization_id referred_on level decision",
    "investigations_disposition": "id investigation_id organization_id disposed_on outcome",
    "investigations_continuedpresence": "id investigation_id organization_id requested_on status",
    "investigations_certification": "id investigation_id organization_id requested_on form status",
    "referrals_referral": "id sender_id recipient_id sent_at accepted_at declined_at completed_at withdrawn_at "
    "decline_reason_id",
    "core_term": "id code",
    "governance_meeting": "id starts_at is_cancelled",
    "governance_attendance": "id meeting_id organization_id discipline",
    "governance_agreement": "id kind status effective_date expiry_date",
    "governance_objective": "id due_date status owner_id",
    "outreach_training": "id starts_at is_cancelled session_type",
    "outreach_trainingaudience": "id training_id discipline_id attendees",
    "outreach_outreachevent": "id starts_at is_cancelled audience_id reach",
    "assessment_response": "id submitted_at discipline",
}
BOOLEAN_COLUMNS = {"is_cancelled", "is_trafficking_charge"}


def bounds(period: Any) -> dict[str, str]:
    """The values put into the hand SQL for a period."""
    zone = ZoneInfo(os.environ.get("ACCORD_TIME_ZONE", "America/Chicago"))

    def instant(day: date) -> str:
        return datetime.combine(day, day_time(), tzinfo=zone).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "t0": instant(period.start),
        "t1": instant(period.end + timedelta(days=1)),
        "now": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }


def hand_sql(code: str, vendor: str) -> str:
    sql = HAND_SQL[code]
    return sql.get(vendor, sql["other"]) if isinstance(sql, dict) else sql


def as_counts(code: str, rows: list[tuple[Any, ...]]) -> Counts:
    """Rows of (dimension values..., count) in the shape ``IndicatorSpec.compute`` returns (no zero cells)."""
    if code in WIDE:
        return {(step,): int(n) for step, n in zip(WIDE[code], rows[0], strict=True) if n}
    return {tuple(str(v) for v in row[:-1]): int(row[-1]) for row in rows if row[-1]}


# --- databases --------------------------------------------------------------------------------------------


def scratch_database(url: str, name: str, *, reuse: bool) -> str:
    from deconfliction_check import scratch_database as make

    return make(url, name, reuse=reuse)[0]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def load(args: argparse.Namespace) -> None:
    """Seed and generate unless the database already holds this size (a --reuse run)."""
    import reporting_data
    from django.conf import settings
    from django.utils import timezone

    from accord.core import seed
    from accord.victim_services.models import Client

    if Client.objects.filter(code__startswith="B-").count() == args.clients:
        print(f"reusing the {args.clients:,} generated clients and their records")
        analyze()  # indexes a migration added since are new to the planner
        return
    if Client.objects.exists():
        sys.exit("The database holds other data (another --clients?): drop it first, or run without --reuse.")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.perf_counter()
    seed.run(scale="small", seed=args.seed)
    print(f"seeded the task force in {time.perf_counter() - started:.0f} s")
    reporting_data.generate(
        clients=args.clients,
        services=args.clients * 10,
        investigations=args.clients // 2,
        referrals=args.clients // 2,
        years=args.years,
        seed=args.seed,
        today=timezone.localdate(),
    )
    analyze()


def analyze() -> None:
    """What autovacuum (PostgreSQL) or ``PRAGMA optimize`` (SQLite) would do to fresh tables and indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def duck_copy() -> tuple[Any, float]:
    """An in-memory DuckDB holding the reporting columns of the same rows, and the seconds the copy took."""
    import duckdb
    import pyarrow as pa
    from django.db import connection

    started = time.perf_counter()
    duck = duckdb.connect()
    duck.execute("SET TimeZone = 'UTC'")
    for table, columns in DUCK_TABLES.items():
        names = columns.split()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM {table}")  # noqa: S608 (fixed names)
            rows = cursor.fetchall()
        data: dict[str, list[Any]] = {name: [] for name in names}
        for row in rows:
            for name, value in zip(names, row, strict=True):
                data[name].append(value)
        for name, values in data.items():
            if name in BOOLEAN_COLUMNS:
                data[name] = [bool(v) for v in values]
            elif name.endswith("_at"):  # naive UTC, as the hand SQL's instants are written
                data[name] = [_utc(v) for v in values]
            elif name.endswith(("_on", "_date")) and any(isinstance(v, str) for v in values):
                data[name] = [date.fromisoformat(v) if v else None for v in values]
        arrow = pa.table(data) if rows else pa.table({n: pa.array([], pa.string()) for n in names})
        duck.register("incoming", arrow)
        duck.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")  # noqa: S608 (fixed names)
        duck.unregister("incoming")
    return duck, time.perf_counter() - started


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


# --- what is timed ----------------------------------------------------------------------------------------


Item = tuple[str, tuple[str, ...] | None, Any]  # indicator code, dimensions kept (None: all), period


@dataclass
class Workload:
    label: str
    orm: Callable[[], Any]  # what the application runs
    items: list[Item]  # the same figures, for the hand SQL and DuckDB


def workloads(coordinator: Any) -> list[Workload]:
    """Each pack template for the last half-year and quarter (as the background job generates it, task-force
    scope, suppression included) and the task-force dashboard (every indicator, this quarter and the one before)."""
    from accord.reporting import packs, queries
    from accord.reporting.models import GeneratedPack, PackTemplate
    from accord.reporting.models import Scope as PackScope
    from accord.reporting.periods import Period

    half, quarter = Period.last_complete("half_year"), Period.last_complete("quarter")
    out = []
    for template in PackTemplate.objects.order_by("code").prefetch_related("items"):
        items = [(i.indicator_code, (i.dimension,) if i.dimension else ()) for i in template.items.all()]
        for period in (half, quarter):

            def generate(t: Any = template, p: Any = period) -> Any:
                pack = GeneratedPack.objects.create(
                    template=t, period_key=p.key, scope=PackScope.TASK_FORCE, requested_by=coordinator
                )
                return packs.generate(pack)

            out.append(Workload(f"{template.code} pack, {period.key}", generate, [(c, by, period) for c, by in items]))
    codes = [i.code for i in queries.active_indicators()]
    out.append(
        Workload(
            f"dashboard, {quarter.key}",
            lambda: queries.dashboard(coordinator, quarter),
            [(c, None, p) for c in codes for p in (quarter, quarter.previous())],
        )
    )
    return out


def timed(run: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(first run, median of the next ``runs``) in seconds, and the first run's result."""
    started = time.perf_counter()
    result = run()
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return cold, statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100_000, help="clients; ten services each")
    parser.add_argument("--years", type=float, default=2.5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="keep the data and reuse it when the size matches")
    parser.add_argument("--scratch", default=SCRATCH, help="name of the scratch PostgreSQL database")
    parser.add_argument("--detail", action="store_true", help="also print every item's times")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = scratch_database(url, args.scratch, reuse=args.reuse)
    else:
        bench = ROOT / "var" / "bench" / f"reporting-{args.clients}"  # one file (and data keys) per size
        bench.mkdir(parents=True, exist_ok=True)
        os.environ["ACCORD_VAR_DIR"] = str(bench)
        if not args.reuse:
            for stale in bench.glob("accord.sqlite3*"):
                stale.unlink()
    try:
        setup()
        load(args)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if url and not (args.keep or args.reuse):
            from deconfliction_check import drop_scratch

            drop_scratch(url, args.scratch)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from accord.core.models import User
    from accord.reporting.registry import Scope, collapse, specs
    from accord.victim_services.models import ServiceDelivery

    vendor = connection.vendor
    every = specs()
    duck, copy_seconds = duck_copy()
    print(
        f"\n{vendor}: {ServiceDelivery.objects.count():,} services; DuckDB copy of the same rows: {copy_seconds:.1f} s"
    )

    def shaped(code: str, by: tuple[str, ...] | None, counts: Counts) -> Counts:
        return counts if by is None else collapse(counts, every[code].dimensions, by)

    def orm_counts(items: list[Item]) -> list[Counts]:
        return [shaped(code, by, every[code].compute(period, Scope())) for code, by, period in items]

    def by_hand(items: list[Item]) -> list[Counts]:
        found = []
        with connection.cursor() as cursor:
            for code, by, period in items:
                cursor.execute(hand_sql(code, vendor).format(**bounds(period)))
                found.append(shaped(code, by, as_counts(code, cursor.fetchall())))
        return found

    def in_duck(items: list[Item]) -> list[Counts]:
        return [
            shaped(
                code, by, as_counts(code, duck.execute(hand_sql(code, "duckdb").format(**bounds(period))).fetchall())
            )
            for code, by, period in items
        ]

    header = f"{'what':<32} {'engine':<24} {'first s':>8} {'median s':>9} {'ORM/this':>9} {'aim met?':>9}"
    print(header)
    print("-" * len(header))
    mismatches = []
    coordinator = User.objects.get(username="coordinator")
    for work in workloads(coordinator):
        missing = sorted({code for code, _, _ in work.items if code not in HAND_SQL})
        if missing:
            print(f"{work.label}: no hand SQL for {', '.join(missing)}; skipped")
            continue
        results = {}
        orm_median = 0.0
        for engine, compute in (
            ("ORM (the pack job/page)", work.orm),
            ("ORM counts only", lambda w=work: orm_counts(w.items)),
            ("hand SQL", lambda w=work: by_hand(w.items)),
            ("DuckDB", lambda w=work: in_duck(w.items)),
        ):
            cold, median, results[engine] = timed(compute, args.runs)
            ratio = aim = ""
            if engine.startswith("ORM ("):
                orm_median = median
            else:
                ratio = f"{orm_median / median:.2f}" if median else ""
            if engine == "hand SQL":
                aim = "yes" if orm_median < AIM_SECONDS and orm_median <= AIM_RATIO * median else "NO"
            print(f"{work.label:<32} {engine:<24} {cold:>8.3f} {median:>9.3f} {ratio:>9} {aim:>9}")
        for engine in ("hand SQL", "DuckDB"):
            for (code, by, period), got, want in zip(
                work.items, results[engine], results["ORM counts only"], strict=True
            ):
                if got != want:
                    mismatches.append(f"{work.label}: {code} by {by} in {period.key} differs ({engine})")
        if args.detail:
            _detail(work.items, every, connection, duck, vendor, args.runs)
    print("\nThe three engines give the same counts." if not mismatches else "\n" + "\n".join(mismatches))
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min)")


def _fetch(cursor: Any, sql: str) -> list[Any]:
    cursor.execute(sql)
    return list(cursor.fetchall())


def _detail(items: list[Item], every: Any, connection: Any, duck: Any, vendor: str, runs: int) -> None:
    """Each indicator of a workload once: where the time goes."""
    from accord.reporting.registry import Scope

    seen = set()
    for code, _, period in items:
        if (code, period) in seen:
            continue
        seen.add((code, period))
        values = bounds(period)
        sql, duck_sql = hand_sql(code, vendor).format(**values), hand_sql(code, "duckdb").format(**values)
        spec = every[code]
        _, orm_s, _ = timed(partial(spec.compute, period, Scope()), runs)
        with connection.cursor() as cursor:
            _, hand_s, _ = timed(partial(_fetch, cursor, sql), runs)
        _, duck_s, _ = timed(partial(_fetch, duck, duck_sql), runs)
        line = (
            f"    {code:<34} {period.key:<8} ORM {orm_s * 1000:8.1f} ms  hand {hand_s * 1000:8.1f} ms  "
            f"DuckDB {duck_s * 1000:7.1f} ms"
        )
        if code in PROPOSED:
            _, ranged_s, counts = timed(partial(PROPOSED[code], period), runs)
            same = "same counts" if counts == spec.compute(period, Scope()) else "COUNTS DIFFER"
            line += f"  ORM with instant ranges {ranged_s * 1000:7.1f} ms ({same})"
        print(line)


def instants(period: Any) -> tuple[datetime, datetime]:
    """The aware instants at which the period's first day starts and the day after its last starts (local time)."""
    from django.utils import timezone

    def start(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, day_time()))

    return start(period.start), start(period.end + timedelta(days=1))


def _ranged(field: str, period: Any) -> Any:
    from django.db.models import Q

    t0, t1 = instants(period)
    return Q(**{f"{field}__gte": t0, f"{field}__lt": t1})


def _victims_ranged(period: Any) -> Counts:
    from accord.investigations.models import Victim
    from accord.reporting.registry import counted

    return counted(Victim.objects.filter(_ranged("created_at", period)), "trafficking_type", "age_band")


def _referral_steps_ranged(period: Any) -> Counts:
    from django.db.models import Count

    from accord.referrals.indicators import Step
    from accord.referrals.models import Referral

    counts = Referral.objects.aggregate(
        **{step: Count("pk", filter=_ranged(f"{step}_at", period)) for step in Step.values}
    )
    return {(step,): n for step, n in counts.items() if n}


def _acceptance_speed_ranged(period: Any) -> Counts:
    from django.db.models import Case, CharField, F, Value, When

    from accord.referrals.indicators import Speed
    from accord.referrals.models import MATCH_WINDOW, Referral
    from accord.reporting.registry import counted

    speed = Case(
        When(accepted_at__lte=F("sent_at") + MATCH_WINDOW, then=Value(Speed.WITHIN_48H.value)),
        When(accepted_at__lte=F("sent_at") + timedelta(days=7), then=Value(Speed.DAYS_3_7.value)),
        When(accepted_at__lte=F("sent_at") + timedelta(days=30), then=Value(Speed.DAYS_8_30.value)),
        default=Value(Speed.OVER_30.value),
        output_field=CharField(),
    )
    rows = Referral.objects.filter(_ranged("accepted_at", period), sent_at__isnull=False).annotate(speed=speed)
    return counted(rows, "speed")


def _declined_ranged(period: Any) -> Counts:
    from accord.referrals.models import Referral
    from accord.reporting.registry import counted

    rows = Referral.objects.filter(_ranged("declined_at", period), decline_reason__isnull=False)
    return counted(rows, "decline_reason__code")


# The proposed shape for the indicators that filter on the local day of a timestamp (``field__date``): the same
# question as a range of instants, which a B-tree index can answer and SQLite need not convert row by row.
PROPOSED: dict[str, Callable[[Any], Counts]] = {
    "le.victims_identified": _victims_ranged,
    "ref.referrals": _referral_steps_ranged,
    "ref.acceptance_speed": _acceptance_speed_ranged,
    "ref.declined_by_reason": _declined_ranged,
}


if __name__ == "__main__":
    main()
