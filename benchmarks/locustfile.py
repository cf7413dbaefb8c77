"""The page mix for benchmarks/load.py; run it through load.py, which prepares the server and the sessions.

Each request is made as one of the demo personas, taken at random, with a short pause between requests; one
in 13 is the advocate saving a referral draft, two in 13 the baseline (the offering detail page, one indexed
query). Names group the statistics by page, whatever the ids in the URL.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).parent))
from load import send_secure_cookies_over_loopback

send_secure_cookies_over_loopback()

PLAN = json.loads(Path(os.environ["ACCORD_LOAD_PLAN"]).read_text())
FIND_HELP = [
    {"age": "24", "gender": "women", "language": "es"},
    {"trafficking_type": "labor", "citizenship": "foreign_without_status"},
    {"age": "16", "tonight": "on"},
]

# persona -> [(weight, page name, path)]
PAGES: dict[str, list[tuple[int, str, str]]] = {
    "investigator": [(3, "home (investigator)", "/"), (2, "investigations list", "/investigations/")],
    "advocate": [
        (3, "home (advocate)", "/"),
        (2, "clients list", "/victim-services/"),
        (2, "referrals list", "/referrals/"),
        (3, "find help", "/directory/find-help/"),
    ],
    "vspadmin": [(3, "home (vspadmin)", "/"), (2, "people list", "/people/")],
    "member": [
        (3, "home (member)", "/"),
        (2, "directory list", "/directory/"),
        (2, "directory search", "/directory/?q=legal"),
    ],
    "coordinator": [(3, "home / dashboard (coordinator)", "/"), (2, "organizations list", "/organizations/")],
    "auditor": [(3, "home (auditor)", "/"), (2, "audit trail", "/audit/")],
}


def weighted(persona: str) -> list[tuple[str, str]]:
    return [(name, path) for weight, name, path in PAGES[persona] for _ in range(weight)]


MIX = {persona: weighted(persona) for persona in PAGES}
CSRF = {p: next(v for k, v in c.items() if k.endswith("csrftoken")) for p, c in PLAN["sessions"].items()}


class Person(HttpUser):
    """Takes a persona at random for every request, so even one user covers every persona's pages."""

    wait_time = between(0.25, 0.75)

    def on_start(self) -> None:
        if urlsplit(self.host).hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit("This load test runs against loopback only.")

    def get(self, persona: str, path: str, name: str, **params: Any) -> None:
        self.client.cookies.clear()  # else cookies the server set for another persona would be sent instead
        with self.client.get(
            path,
            params=params,
            name=name,
            cookies=PLAN["sessions"][persona],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:  # a redirect to the sign-in page would otherwise pass unnoticed
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    @task(10)
    def page(self) -> None:
        persona = random.choice(list(MIX))
        name, path = random.choice(MIX[persona])
        if path == "/directory/find-help/":
            self.get(persona, path, name, **random.choice(FIND_HELP), service=str(random.choice(PLAN["categories"])))
        else:
            self.get(persona, path, name)

    @task(2)
    def baseline(self) -> None:
        offering = random.choice(PLAN["offerings"])
        self.get(random.choice(list(MIX)), f"/directory/services/{offering}/", "baseline: offering detail (1 query)")

    @task(1)
    def referral(self) -> None:
        """A write: the advocate saves a referral draft (drafts are never sent, so nobody is notified)."""
        data = {
            "recipient": PLAN["recipient"],
            "need": random.choice(PLAN["categories"]),
            "urgency": "routine",
            "age_band": "unknown",
            "gender": "unknown",
            "family": "unknown",
            "trafficking_type": "unknown",
            "details": "Needs legal help with a visa application.",
            "csrfmiddlewaretoken": CSRF["advocate"],
        }
        self.client.cookies.clear()
        with self.client.post(
            "/referrals/new/",
            data,
            name="referral draft (POST)",
            cookies=PLAN["sessions"]["advocate"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: {response.status_code}")
