"""Find-help latency at the synthetic generator's large scale, beside a one-row baseline.

    .venv/bin/python benchmarks/find_help.py [--scale large|medium|small] [--requests 200] [--seed 1]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which must then be
empty), seeds organizations at the chosen scale (large: 1,000 organizations, about 5,000 offerings)
with the directory's own seeder, then requests the real find-help view through Django's test client
(every middleware, the access policy, the template) for varied need profiles. In the same run, the
same stack serves a baseline: the offering detail page, one primary-key lookup. Find help is timed
twice: as most searches run (the service's rows cached in the process, the directory last changed an
hour ago) and with the rows read as in the minute after a change. It prints p50 and p95 per request,
queries per request and the ratios to the baseline. It asserts nothing: figures are for reading.
Like a server worker (accord/wsgi.py), it freezes the start-up heap out of the garbage collector's sight.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(var_dir: str) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["ACCORD_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps a log of every query, which would slow the figures down
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def seed(scale: str, seed_number: int) -> float:
    """Organizations from core's generator and the directory's seeder (no accounts or sign-in history)."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from faker import Faker

    from accord.core import seed as core_seed
    from accord.core.models import Organization
    from accord.directory.models import Offering
    from accord.directory.seed import seed_directory

    if Organization.objects.exists():
        sys.exit("The database is not empty; point DATABASE_URL at an empty database.")
    started = time.perf_counter()
    faker = Faker("en_US")
    faker.seed_instance(seed_number)
    ctx = core_seed.SeedContext(
        scale,
        core_seed.SCALES[scale],
        seed_number,
        random.Random(seed_number),
        faker,
        timezone.now().replace(minute=0, second=0, microsecond=0),
    )
    with transaction.atomic():
        for organization in core_seed._seed_organizations(ctx):
            ctx.organizations.setdefault(organization.lane, []).append(organization)
        seed_directory(ctx)
        # A directory last changed an hour ago, as most searches see it: find help reuses a service's rows
        # only once its newest change has settled (matching.SETTLE_SECONDS); the other case is timed apart.
        hour_ago = F("updated_at") - timedelta(hours=1)
        Offering.objects.update(updated_at=hour_ago)
        Organization.objects.update(updated_at=hour_ago)
    return time.perf_counter() - started


def need_profiles(count: int, rng: random.Random) -> list[dict[str, object]]:
    from accord.directory.models import LANGUAGES, Area, Offering, ServiceCategory

    offered = list(Offering.objects.values_list("category_id", flat=True).distinct())
    categories = list(ServiceCategory.objects.filter(pk__in=offered).values_list("pk", flat=True))
    counties = list(Area.objects.exclude(kind=Area.Kind.STATEWIDE).values_list("pk", flat=True))
    profiles = []
    for _ in range(count):
        profile: dict[str, object] = {"service": rng.choice(categories)}
        if rng.random() < 0.8:
            profile["county"] = rng.choice(counties)
        if rng.random() < 0.8:
            profile["age"] = rng.choice([rng.randint(12, 17), rng.randint(18, 70)])
        if rng.random() < 0.7:
            profile["gender"] = rng.choice(["women", "men", "transgender_nonbinary"])
        if rng.random() < 0.5:
            profile["language"] = rng.choice([code for code, _ in LANGUAGES[:8]])
        if rng.random() < 0.2:
            profile["with_children"] = "on"
        if rng.random() < 0.5:
            profile["trafficking_type"] = rng.choice(["sex", "labor", "both"])
        if rng.random() < 0.4:
            profile["citizenship"] = rng.choice(["us_citizen", "foreign_with_status", "foreign_without_status"])
        if rng.random() < 0.3:
            profile["tonight"] = "on"
        profiles.append(profile)
    return profiles


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Any, requests: list[tuple[str, dict[str, object]]]) -> tuple[list[float], float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for path, params in requests:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, params)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
        queries += len(captured.captured_queries)
    return timings, queries / len(requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as var_dir:
        setup(var_dir)
        seconds = seed(args.scale, args.seed)
        run(args, seconds)


def run(args: argparse.Namespace, seed_seconds: float) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accord.core.models import Organization
    from accord.core.testing import make_user, sign_in
    from accord.directory import matching
    from accord.directory.models import Offering

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rng = random.Random(args.seed)
    organization = Organization.objects.order_by("pk").first()
    assert organization is not None
    client = sign_in(Client(), make_user("bench", organization, "member"))
    offerings = list(Offering.objects.values_list("pk", flat=True))
    find_url = reverse("directory:find_help")
    find = [(find_url, p) for p in need_profiles(args.requests, rng)]
    baseline: list[tuple[str, dict[str, object]]] = [
        (reverse("directory:offering_detail", args=[rng.choice(offerings)]), {}) for _ in range(args.requests)
    ]
    measure(client, find[:20] + baseline[:20])  # warm caches and connections
    gc.collect()
    gc.freeze()  # as accord.wsgi does once a server worker has loaded the app
    # Interleave the three so all see the same machine noise.
    timed: dict[str, tuple[list[float], list[float]]] = {"find": ([], []), "cold": ([], []), "base": ([], [])}
    for start in range(0, args.requests, 20):
        for name, batch, settle in [
            ("find", find, matching.SETTLE_SECONDS),
            ("cold", find, 10**9),  # as in the minute after a change to the service: its rows are read
            ("base", baseline, matching.SETTLE_SECONDS),
        ]:
            with _settle(settle):
                t, q = measure(client, batch[start : start + 20])
            timed[name][0].extend(t)
            timed[name][1].append(q * len(t))
    print(
        f"Accord find-help benchmark: scale {args.scale}, {Organization.objects.count():,} organizations, "
        f"{len(offerings):,} offerings, {connection.vendor}, seeded in {seed_seconds:.1f} s"
    )
    print(f"{args.requests} requests each, through Django's test client (full middleware and templates)\n")
    rows = [
        (label, timed[name][0], sum(timed[name][1]) / len(timed[name][0]))
        for label, name in [
            ("find help (varied needs)", "find"),
            ("find help, rows not cached", "cold"),
            ("baseline: offering detail (PK)", "base"),
        ]
    ]
    print(f"{'view':<32} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'queries':>8}")
    for label, times, queries in rows:
        print(
            f"{label:<32} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
            f"{statistics.mean(times):>8.1f} {queries:>8.1f}"
        )
    for label, name in [("find help", "find"), ("find help, rows not cached", "cold")]:
        ratios = [percentile(timed[name][0], s) / percentile(timed["base"][0], s) for s in (0.5, 0.95)]
        print(f"\n{label}: p50 {ratios[0]:.1f}x, p95 {ratios[1]:.1f}x the baseline's", end="")
    print()


@contextlib.contextmanager
def _settle(seconds: int) -> Any:
    from accord.directory import matching

    saved, matching.SETTLE_SECONDS = matching.SETTLE_SECONDS, seconds
    try:
        yield
    finally:
        matching.SETTLE_SECONDS = saved


if __name__ == "__main__":
    main()
