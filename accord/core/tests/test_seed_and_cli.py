"""The synthetic task force, the `accord` command and the production settings check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from accord import cli
from accord.core import audit, seed
from accord.core.models import Lane, Organization, RoleGrant, User

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_small_scale_is_a_believable_task_force():
    ctx = seed.run(scale="small", seed=7)
    assert sum(len(group) for group in ctx.organizations.values()) == 40
    assert Organization.objects.count() <= 41  # assessment adds one newly joined member with no ties yet
    assert {o.lane for o in Organization.objects.all()} == set(Lane.values)
    assert 100 <= User.objects.count() <= 140
    assert RoleGrant.objects.filter(role="coordinator").exists() and RoleGrant.objects.filter(role="auditor").exists()
    assert set(ctx.personas) >= {"coordinator", "auditor", "investigator", "advocate", "member"}
    assert all(u.email.endswith(".invalid") for u in User.objects.all())  # never a deliverable address
    assert audit.verify().ok and audit.verify().checked > 5000


@pytest.mark.django_db
def test_same_seed_gives_the_same_task_force():
    class Rollback(Exception):
        pass

    def run_and_snapshot():
        seed.run(scale="small", seed=3)
        return (
            sorted(Organization.objects.values_list("name", flat=True)),
            sorted(User.objects.values_list("username", "first_name", "last_name")),
        )

    try:
        with transaction.atomic():
            first = run_and_snapshot()
            raise Rollback
    except Rollback:
        pass
    assert not Organization.objects.exists()
    assert run_and_snapshot() == first


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_demo_refuses_a_non_loopback_address(host, capsys):
    assert cli.main(["demo", "--host", host]) == 2
    assert "refusing" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_are_accepted(host):
    assert cli.is_loopback(host)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "ACCORD_MODE": "production",
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "SECRET_KEY": "q8#Lm2@vZ9!rT4$wY6^pK1&nB3*xC5(eH7)jF0-gD" * 2,
        "ACCORD_DATA_KEYS": "k1:" + "A" * 43 + "=",
        "ACCORD_BLIND_INDEX_KEY": "B" * 43 + "=",
        "ALLOWED_HOSTS": "accord.example.org",
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest for Playwright, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ACCORD_DATA_KEYS", "DATABASE_URL"}}
    env.update(ACCORD_MODE="production", DJANGO_SETTINGS_MODULE="accord.settings", ACCORD_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
