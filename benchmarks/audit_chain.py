"""What the audit trail's hash chain costs.

Run: ``.venv/bin/python benchmarks/audit_chain.py [--events N]`` (SQLite in a temporary directory, or the
database in DATABASE_URL — use a scratch database: the benchmark migrates and fills it).

Prints, in the same run:
- appends per second through ``audit.record()`` (lock, read the head, hash, insert; one transaction each)
  beside the baseline: the same rows inserted with a plain ``Model.save()`` in one transaction each;
- ``audit.verify()`` throughput over the whole chain, after the synthetic generator's history.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000, help="appends to time (default 2000)")
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"], help="history to verify")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["ACCORD_VAR_DIR"] = tempfile.mkdtemp(prefix="accord-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from accord.core import audit, seed
    from accord.core.models import AuditEvent

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    seed.run(scale=args.scale, seed=1)
    history = AuditEvent.objects.count()
    print(f"seeded {args.scale} scale in {time.perf_counter() - started:.1f} s: {history:,} audit events")

    def baseline(i: int) -> None:
        with transaction.atomic():
            AuditEvent(
                occurred_at=timezone.now(),
                verb="bench.plain",
                actor_label="bench",
                changes={"i": i},
                prev_hash="-",
                hash=f"plain-{i}",
            ).save(force_insert=True)

    def chained(i: int) -> None:
        with transaction.atomic():
            audit.record(verb="bench.chained", actor_label="bench", changes={"i": i})

    rows = []
    # Chained appends first, so the plain baseline rows sit after the chain's head and can be removed.
    for label, fn in (("audit.record (chained)", chained), ("plain insert (baseline)", baseline)):
        started = time.perf_counter()
        for i in range(args.events):
            fn(i)
        elapsed = time.perf_counter() - started
        rows.append((label, args.events / elapsed, elapsed / args.events * 1000))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the one sanctioned way past the append-only trigger
                cursor.execute("SET LOCAL accord.audit_purge = 'on'")
        AuditEvent.objects.filter(verb="bench.plain").delete()
    rows.reverse()

    print(f"\n{'append path':<28}{'per second':>12}{'ms each':>10}")
    for label, rate, ms in rows:
        print(f"{label:<28}{rate:>12,.0f}{ms:>10.2f}")
    print(f"chain overhead: {rows[1][2] / rows[0][2]:.2f}x the baseline")

    started = time.perf_counter()
    result = audit.verify()
    elapsed = time.perf_counter() - started
    rate = result.checked / elapsed
    print(f"\naudit.verify: {result.checked:,} events in {elapsed:.2f} s ({rate:,.0f}/s), ok={result.ok}")


if __name__ == "__main__":
    main()
