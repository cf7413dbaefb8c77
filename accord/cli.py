"""The ``accord`` command.

accord demo            migrate, load the synthetic task force, serve it on 127.0.0.1
accord serve           production server (gunicorn; static files by whitenoise)
accord worker          run background jobs (the database-backed queue)
accord daily           queue the daily jobs (run once a day from cron or a systemd timer)
accord backup          write an encrypted backup (ACCORD_BACKUP_KEY) of the database and uploaded files
accord restore FILE    restore a backup into an empty database (--database-url, --files-dir, --force)
accord <command> ...   any manage.py command: seed, keys, audit, migrate, createsuperuser...
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import subprocess
import sys


def _setup(demo: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    if demo:
        os.environ["ACCORD_DEMO"] = "1"
        os.environ.setdefault("ACCORD_MODE", "development")
    import django

    django.setup()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="accord demo", description="Start Accord with a synthetic task force.")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not is_loopback(args.host):
        print(
            f"accord demo: refusing to listen on {args.host}. Demo mode publishes its passwords, so it only "
            "listens on this computer (127.0.0.1, ::1 or localhost).",
            file=sys.stderr,
        )
        return 2
    _setup(demo=True)
    from django.core.management import call_command

    from accord.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from accord.core.models import Organization

    print("Preparing the database…", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if not Organization.objects.exists():
        print(f"Loading the synthetic task force (scale {args.scale}, seed {args.seed})…", flush=True)
        call_command("seed", scale=args.scale, seed=args.seed, verbosity=0)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"\nAccord demo is running: open http://{host}:{args.port}/ in your browser.\n")
    print(f"Every demo account's password is: {DEMO_PASSWORD}")
    print("Second factor: after the password, the page shows the account's current authenticator code")
    print("(demo mode only). Demo accounts:")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.username:<13} {account.description}")
    print("\nStop with Ctrl+C. Data stays in var/ between runs; delete var/ to start over.\n", flush=True)
    # Background jobs (report packs, webhook deliveries) need a worker: the demo runs one beside the server.
    worker = subprocess.Popen([sys.executable, "-m", "accord.cli", "worker", "--no-reload", "--verbosity", "0"])
    # Stopped by a signal rather than Ctrl+C (a service manager, a closed terminal), the demo still stops its
    # worker: the signal becomes an ordinary exit, so the ``finally`` below runs.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, frame: sys.exit(0))
    try:
        call_command("runserver", f"{host}:{args.port}", use_reloader=False, skip_checks=True)
    finally:
        worker.terminate()
    return 0


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="accord serve", description="Run Accord in production (gunicorn).")
    parser.add_argument("--bind", default=os.environ.get("ACCORD_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("ACCORD_WORKERS", "3")))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "accord.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("ACCORD_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    run()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    _setup()
    if command == "worker":
        from accord.core.jobs import recover_abandoned

        recovered = recover_abandoned()  # jobs a killed worker left "running"
        if any(recovered.values()):
            print(f"Abandoned jobs: {recovered['resumed']} queued again, {recovered['failed']} marked failed.")
        command = "db_worker"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
