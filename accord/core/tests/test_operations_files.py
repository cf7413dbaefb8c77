"""The systemd units, nginx site and environment file shipped in docs/operations/files/ match the code."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
FILES = ROOT / "docs" / "operations" / "files"
CLI_COMMANDS = {"serve", "demo", "worker"}  # handled by accord.cli itself; the rest are management commands


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((FILES / name).read_text())
    return parser


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.service")))
def test_each_unit_runs_an_accord_command_that_exists(name):
    service = unit(name)["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/opt/accord/.venv/bin/accord"
    assert argv[1] in CLI_COMMANDS | set(get_commands()), f"{name} runs `accord {argv[1]}`, which does not exist"
    assert service["EnvironmentFile"] == "/etc/accord/accord.env" and service["User"] == "accord"


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.timer")))
def test_each_timer_has_its_service(name):
    assert (FILES / name.replace(".timer", ".service")).exists()
    assert unit(name)["Timer"]["OnCalendar"]


def _read_variables() -> set[str]:
    source = (ROOT / "accord" / "settings.py").read_text() + (ROOT / "accord" / "cli.py").read_text()
    found = set(re.findall(r'(?:os\.environ\.get|required|env_list)\(\s*"([A-Z_]+)"', source))
    found |= set(re.findall(r'os\.environ\["([A-Z_]+)"\]', source))
    return found - {"ACCORD_DEMO", "DEBUG", "DJANGO_SETTINGS_MODULE"}  # development only


def test_the_environment_file_lists_every_variable_accord_reads():
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", (FILES / "accord.env.example").read_text(), re.MULTILINE))
    assert _read_variables() - listed == set(), "add these to accord.env.example and deployment.md"
    assert listed - _read_variables() == set(), "accord.env.example lists variables Accord does not read"


def test_the_nginx_site_terminates_tls_and_proxies_to_accord_serve():
    site = (FILES / "nginx-accord.conf").read_text()
    assert "listen 443 ssl" in site and "ssl_certificate " in site
    assert "proxy_pass http://127.0.0.1:8000;" in site  # accord serve's default ACCORD_BIND
    assert "proxy_set_header X-Forwarded-Proto https;" in site  # read when ACCORD_BEHIND_PROXY=1
