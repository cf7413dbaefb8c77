"""The page mix for benchmarks/load.py; run it through load.py, which prepares the server and the sessions.

Each simulated user is one of the demo personas (taken in turn) and requests that persona's pages, with a
short pause between requests. Every user also requests the baseline: the offering detail page, one indexed
query. Names group the statistics by page, whatever the ids in the URL.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["ACCORD_LOAD_PLAN"]).read_text())
TURNS = itertools.cycle(sorted(PLAN["sessions"]))
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


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True  # the server's cookies are Secure; here they travel over loopback only


class Person(HttpUser):
    wait_time = between(0.25, 0.75)

    def on_start(self) -> None:
        if urlsplit(self.host).hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit("This load test runs against loopback only.")
        self.persona = next(TURNS)
        self.client.cookies.set_policy(LoopbackCookies())
        host = urlsplit(self.host).hostname or ""
        for name, value in PLAN["sessions"][self.persona].items():
            self.client.cookies.set(name, value, domain=host, path="/")
        self.csrf = next(v for k, v in PLAN["sessions"][self.persona].items() if k.endswith("csrftoken"))
        pages = PAGES[self.persona]
        self.pages = [(name, path) for weight, name, path in pages for _ in range(weight)]

    @task(10)
    def page(self) -> None:
        name, path = random.choice(self.pages)
        if path == "/directory/find-help/":
            params = dict(random.choice(FIND_HELP), service=str(random.choice(PLAN["categories"])))
            self.client.get(path, params=params, name=name)
        else:
            self.client.get(path, name=name)

    @task(2)
    def baseline(self) -> None:
        offering = random.choice(PLAN["offerings"])
        self.client.get(f"/directory/services/{offering}/", name="baseline: offering detail (1 indexed query)")

    @task(1)
    def referral(self) -> None:
        """A write: the advocate saves a referral draft (drafts are never sent, so nobody is notified)."""
        if self.persona != "advocate":
            return
        data = {
            "recipient": PLAN["recipient"],
            "need": random.choice(PLAN["categories"]),
            "urgency": "routine",
            "age_band": "unknown",
            "gender": "unknown",
            "family": "unknown",
            "trafficking_type": "unknown",
            "details": "Needs legal help with a visa application.",
            "csrfmiddlewaretoken": self.csrf,
        }
        with self.client.post(
            "/referrals/new/", data, name="referral draft (POST)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: {response.status_code}")
