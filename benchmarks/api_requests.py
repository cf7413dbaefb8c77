"""What the API costs per request beside the page that shows the same thing, in the same run.

    .venv/bin/python benchmarks/api_requests.py [--referrals 500] [--requests 200]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which must then be empty), makes
the test personas and ``--referrals`` referrals from VSP B to partner C, then requests, interleaved, through
Django's test client (every middleware): the referral list and one referral as pages (session) and through
/api/v1/ (token). The API's extra work is the token lookup, its last-used stamp and one audit-chain row per
request; the page's is its template. Prints p50/p95 and queries per request. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.find_help import measure, percentile, setup  # noqa: E402


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from accord.api.tests.helpers import token_for
    from accord.core.testing import make_personas, sign_in
    from accord.referrals.models import Referral
    from accord.victim_services.tests import factories as f

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if Referral.objects.exists():
        sys.exit("The database is not empty; point DATABASE_URL at an empty database.")
    with transaction.atomic():
        personas = make_personas()
        first = f.referral(personas)
        Referral.objects.bulk_create(
            Referral(sender=first.sender, sent_by=first.sent_by, recipient=first.recipient, need=first.need,
                     state="sent", sent_at=first.sent_at)
            for _ in range(args.referrals - 1)
        )  # fmt: skip
    page_client = sign_in(Client(), personas.member)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(personas.member)}")
    n = args.requests
    cases: list[tuple[str, Any, list[tuple[str, dict[str, object]]]]] = [
        ("page: referral list", page_client, [("/referrals/", {"box": "received"})] * n),
        ("API: referral list", api_client, [("/api/v1/referrals/", {"box": "received"})] * n),
        ("page: one referral", page_client, [(f"/referrals/{first.pk}/", {})] * n),
        ("API: one referral", api_client, [(f"/api/v1/referrals/{first.pk}/", {})] * n),
    ]
    for _, client, requests in cases:
        measure(client, requests[:10])  # warm up
    gc.collect()
    gc.freeze()
    results: dict[str, tuple[list[float], float]] = {label: ([], 0.0) for label, _, _ in cases}
    for start in range(0, n, 20):
        for label, client, requests in cases:
            times, queries = measure(client, requests[start : start + 20])
            so_far, total = results[label]
            results[label] = (so_far + times, total + queries * len(times))
    print(f"Accord API benchmark: {args.referrals:,} referrals, {connection.vendor}, {n} requests each (50 a page)\n")
    print(f"{'request':<24} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'queries':>8}")
    for label, (times, total) in results.items():
        print(
            f"{label:<24} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
            f"{statistics.mean(times):>8.1f} {total / len(times):>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrals", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as var_dir:
        setup(var_dir)
        run(args)


if __name__ == "__main__":
    main()
