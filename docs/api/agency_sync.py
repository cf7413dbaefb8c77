#!/usr/bin/env python3
"""An agency's nightly sync with Accord, using only Python's standard library.

1. Pull the referrals sent to the agency (every page), e.g. to open them as cases in its own system.
2. Push a service record: a service the agency delivered to one of its own clients.

    ACCORD_URL=https://accord.example.org ACCORD_TOKEN=acc_… python3 agency_sync.py --client 12 --category 3

The token needs the scopes ``referrals:read`` and ``services:write``. Errors come back as problem details
(``application/problem+json``); this script prints the ``detail`` and exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any


class AccordError(Exception):
    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status}: {problem.get('detail', problem)}")
        self.status = status
        self.problem = problem


class Accord:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (the agency's own Accord)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise AccordError(error.code, json.loads(error.read() or b"{}")) from None

    def referrals_received(self, state: str = "") -> list[dict[str, Any]]:
        """Every referral sent to the agency, following the pages."""
        found: list[dict[str, Any]] = []
        url: str | None = "/api/v1/referrals/?box=received" + (f"&state={state}" if state else "")
        while url:
            page = self.request("GET", url)
            found.extend(page["results"])
            url = page["next"]
        return found

    def record_service(
        self, client_id: int, category_id: int, *, delivered_on: str = "", units: str = "1", unit: str = "sessions"
    ) -> Any:
        """Record a service; without ``delivered_on`` (YYYY-MM-DD) Accord takes today in the task force's time."""
        body: dict[str, Any] = {"category": category_id, "units": units, "unit": unit}
        if delivered_on:
            body["delivered_on"] = delivered_on
        return self.request("POST", f"/api/v1/clients/{client_id}/services/", body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("ACCORD_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("ACCORD_TOKEN", ""))
    parser.add_argument("--client", type=int, help="your client's id in Accord, to record a service for")
    parser.add_argument("--category", type=int, help="the service category id")
    parser.add_argument("--date", default="", help="the day the service was given (YYYY-MM-DD); today if left out")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("give a token with --token or ACCORD_TOKEN")
    accord = Accord(args.url, args.token)
    try:
        referrals = accord.referrals_received()
        print(f"{len(referrals)} referral(s) received")
        for referral in referrals:
            need, sender = referral["need"]["name"], referral["sender"]["name"]
            print(f"  #{referral['id']} {referral['state']:<9} {need} from {sender}")
        if args.client and args.category:
            service = accord.record_service(args.client, args.category, delivered_on=args.date)
            print(f"service #{service['id']} recorded for client {service['client']}")
    except AccordError as error:
        print(f"Accord refused: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
