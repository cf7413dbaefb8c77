"""Load test: `accord serve` on PostgreSQL at the generator's large scale, driven by locust at 1, 8 and 32 users.

    .venv/bin/python -m pip install --require-hashes -r requirements.lock -r benchmarks/requirements.lock
    .venv/bin/python benchmarks/load.py [--quick] [--users 1,8,32] [--run-time 30] [--scale large]

It creates a scratch PostgreSQL database (ACCORD_LOAD_ADMIN_URL names the server, default
postgres://postgres@127.0.0.1:5432/postgres; --database names the scratch database), migrates and seeds it,
starts `accord serve` (gunicorn) on a free loopback port in production mode (DEBUG off, secrets generated for
the run; only the HTTPS redirect is off, since nothing leaves this computer), signs the demo personas in with
their password and authenticator code, and runs locust headless against that port only, once per user count.
The mix (benchmarks/locustfile.py): each persona's home page, lists, a directory search, the find-help form,
saving a referral draft, and a baseline view doing one indexed query (the offering detail page), all in the same
run. It prints per page: requests, failures, p50, p95, p99 (ms) and requests per second, then stops the server
and drops the database. --quick: small scale, 1 and 8 users, 10 s each. It asserts nothing: figures are for reading.
"""

from __future__ import annotations

import argparse
import base64
import csv
import http.cookiejar
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # the server binds here and locust is pointed here: never anywhere else
PERSONAS = ["investigator", "advocate", "vspadmin", "member", "coordinator", "auditor"]


def send_secure_cookies_over_loopback() -> None:
    """Production cookies are Secure; over plain HTTP on loopback this client must still send them back.

    requests builds a fresh cookie jar (default policy) for every request, so the policy is changed for the
    process; only this benchmark's processes, which talk to 127.0.0.1 only, do it.
    """
    http.cookiejar.DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True  # type: ignore[method-assign]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def accord(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV_BIN / "accord"), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict[str, str], scale: str) -> float:
    accord(env, "migrate", "--verbosity", "0")
    accord(env, "createcachetable")
    accord(env, "collectstatic", "--noinput", "--verbosity", "0")
    started = time.perf_counter()
    accord(env, "seed", "--scale", scale)
    return time.perf_counter() - started


def plan_for(env: dict[str, str], path: Path) -> dict[str, Any]:
    """Ids the mix needs (offerings, a recipient, a need), read with Django in a child process."""
    script = """
import json, random
from accord.core.models import Organization, User
from accord.directory.models import Offering, ServiceCategory
rng = random.Random(1)
advocate = User.objects.get(username="advocate")
offerings = list(Offering.objects.values_list("pk", flat=True))
plan = {
    "offerings": rng.sample(offerings, min(200, len(offerings))),
    "categories": list(ServiceCategory.objects.filter(is_active=True).values_list("pk", flat=True)),
    "recipient": Organization.objects.active().exclude(pk=advocate.organization_id).order_by("pk").first().pk,
    "counts": {"organizations": Organization.objects.count(), "offerings": len(offerings),
               "users": User.objects.count()},
}
print(json.dumps(plan))
"""
    out = subprocess.run(
        [str(VENV_BIN / "accord"), "shell", "-c", script], env=env, cwd=ROOT, check=True, capture_output=True
    )
    plan: dict[str, Any] = json.loads(out.stdout.decode().strip().splitlines()[-1])
    path.write_text(json.dumps(plan))
    return plan


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    import requests

    deadline = time.monotonic() + 300  # workers import the whole app; a busy machine takes a while
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("accord serve stopped before answering.")
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit("accord serve did not answer within five minutes.")


def sign_in(base: str, username: str) -> Any:
    """The real two-step sign-in (password with the notice acknowledged, then the current TOTP code)."""
    import requests

    from accord.core.demo import DEMO_PASSWORD, totp_code, totp_secret_for

    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    csrf = next(c.value for c in session.cookies if c.name.endswith("csrftoken"))
    step = session.post(
        f"{base}/accounts/login/",
        {"login": username, "password": DEMO_PASSWORD, "acknowledge": "on", "csrfmiddlewaretoken": csrf},
        allow_redirects=False,
    )
    if step.status_code != 302:
        sys.exit(f"{username}: the password step was refused ({step.status_code}).")
    csrf = next(c.value for c in session.cookies if c.name.endswith("csrftoken"))
    code = totp_code(totp_secret_for(username))
    step = session.post(
        f"{base}/accounts/2fa/authenticate/", {"code": code, "csrfmiddlewaretoken": csrf}, allow_redirects=False
    )
    if step.status_code != 302 or step.headers.get("Location") != "/":
        sys.exit(f"{username}: the code step was refused ({step.status_code}).")
    return session


def warm_up(base: str, sessions: dict[str, Any], workers: int) -> None:
    """Each worker loads templates and per-process caches before anything is measured."""
    for session in sessions.values():
        for _ in range(workers * 2):
            session.get(f"{base}/")
            session.get(f"{base}/directory/")


def run_locust(base: str, users: int, seconds: int, workdir: Path, env: dict[str, str]) -> list[dict[str, str]]:
    prefix = workdir / f"u{users}"
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env=env,
        cwd=ROOT,
        check=False,  # locust exits 1 when any request failed; the table shows the failures
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        return list(csv.DictReader(f))


def print_table(users: int, rows: list[dict[str, str]]) -> None:
    print(f"\n{users} concurrent user{'s' if users > 1 else ''}")
    print(f"{'page':<40} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all pages" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name[:40]:<40} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7} {float(row['Requests/s']):>7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small scale, 1 and 8 users, 10 s each")
    parser.add_argument("--scale", choices=["small", "medium", "large"])
    parser.add_argument("--users", help="comma-separated user counts (default 1,8,32)")
    parser.add_argument("--run-time", type=int, help="seconds per user count (default 30)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as accord serve)")
    parser.add_argument("--database", default=f"accord_load_{os.getpid()}", help="scratch database to create")
    args = parser.parse_args()
    send_secure_cookies_over_loopback()
    scale = args.scale or ("small" if args.quick else "large")
    counts = [int(n) for n in (args.users or ("1,8" if args.quick else "1,8,32")).split(",")]
    seconds = args.run_time or (10 if args.quick else 30)
    admin_url = os.environ.get("ACCORD_LOAD_ADMIN_URL", f"postgres://postgres@{HOST}:5432/postgres")
    parts = urlsplit(admin_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("The load test runs against a database on this computer only.")
    db_url = urlunsplit(parts._replace(path=f"/{args.database}"))
    port = free_port()
    base = f"http://{HOST}:{port}"

    with tempfile.TemporaryDirectory(prefix="accord-load-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "ACCORD_MODE": "production",
            "ACCORD_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": HOST,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ACCORD_DATA_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
            "ACCORD_BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "DATABASE_URL": db_url,
            "ACCORD_VAR_DIR": str(workdir / "var"),
            "ACCORD_STATIC_ROOT": str(workdir / "static"),
            "ACCORD_LOAD_PLAN": str(workdir / "plan.json"),
            "PYTHONPATH": str(ROOT),
        }
        admin(admin_url, f'CREATE DATABASE "{args.database}"')
        server: subprocess.Popen[bytes] | None = None
        try:
            print(f"Seeding a {scale} task force into {args.database}…", flush=True)
            seed_seconds = prepare(env, scale)
            plan = plan_for(env, workdir / "plan.json")
            server = subprocess.Popen(
                [str(VENV_BIN / "accord"), "serve", "--bind", f"{HOST}:{port}", "--workers", str(args.workers)],
                env={**env, "ACCORD_LOG_LEVEL": "ERROR"},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_until_up(base, server)
            os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "accord.settings"})
            import django

            django.setup()  # for the demo accounts' authenticator codes
            sessions = {name: sign_in(base, name) for name in PERSONAS}
            warm_up(base, sessions, args.workers)
            plan["sessions"] = {name: {c.name: c.value for c in s.cookies} for name, s in sessions.items()}
            (workdir / "plan.json").write_text(json.dumps(plan))
            c = plan["counts"]
            print(
                f"Accord load test: scale {scale} ({c['organizations']:,} organizations, {c['offerings']:,} "
                f"offerings, {c['users']:,} accounts; seeded in {seed_seconds:.0f} s), PostgreSQL, "
                f"gunicorn with {args.workers} workers on {os.cpu_count()} CPUs, {seconds} s per step"
            )
            for users in counts:
                print_table(users, run_locust(base, users, seconds, workdir, env))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            admin(admin_url, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
