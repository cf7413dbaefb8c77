"""scripts/audit-dependencies: a vulnerability fails the build; an unreachable database is loudly NOT AUDITED."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SKIPPED = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2)"}
CLEAN = {"name": "django", "version": "5.2", "vulns": []}
VULNERABLE = {"name": "django", "version": "5.2", "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["5.2.1"]}]}


def run_with(tmp_path, report, exit_code):
    """Run the script against a stand-in pip-audit that writes ``report`` (None: writes nothing, as offline)."""
    fake = tmp_path / "pip-audit"
    body = (
        "" if report is None else f"open(sys.argv[sys.argv.index('--output') + 1], 'w').write({json.dumps(report)!r})"
    )
    fake.write_text(f"#!{sys.executable}\nimport sys\n{body}\nsys.exit({exit_code})\n")
    fake.chmod(0o755)
    env = {**os.environ, "PIP_AUDIT": str(fake)}
    return subprocess.run(
        [sys.executable, "scripts/audit-dependencies"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_a_known_vulnerability_fails(tmp_path):
    result = run_with(tmp_path, {"dependencies": [VULNERABLE, CLEAN]}, exit_code=1)
    assert result.returncode == 1 and "VULNERABLE: django 5.2: PYSEC-0000-1 (fixed in 5.2.1)" in result.stdout


@pytest.mark.parametrize("report", [None, {"dependencies": [SKIPPED, CLEAN]}], ids=["offline", "some-skipped"])
def test_an_unreachable_database_is_loudly_not_audited(tmp_path, report):
    result = run_with(tmp_path, report, exit_code=1 if report is None else 0)
    assert result.returncode == 0 and "NOT AUDITED: vulnerability database unreachable" in result.stdout


def test_a_clean_audit_passes_and_says_so(tmp_path):
    result = run_with(tmp_path, {"dependencies": [CLEAN]}, exit_code=0)
    assert result.returncode == 0 and "no known vulnerabilities in 1 pinned packages" in result.stdout
