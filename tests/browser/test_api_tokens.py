"""API tokens in a real browser: an advocate signs in, creates a token (the sign-in counts as the fresh second
factor), copies it from the page, and an agency system uses it to pull referrals; the holder revokes it and it
stops working. The documentation page runs Swagger UI from local files under the strict CSP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.browser.helpers import check_page, screenshot, sign_in


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the test's own server)
            return int(response.status) if json.loads(response.read()) is not None else 0
    except urllib.error.HTTPError as error:
        return error.code


def test_advocate_creates_uses_and_revokes_a_token(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "advocate")
    page.goto(f"{live_server.url}/api/tokens/new/")
    check_page(page, "advocate", "api-tokens-new")
    page.fill("#id_name", "Case system sync")
    page.check("text=Read referrals")
    page.fill("#id_days", "30")
    page.click("button:has-text('Create token')")
    page.wait_for_url("**/api/tokens/")
    token = page.inner_text("[data-testid=new-token]").strip()
    assert token.startswith("acc_")
    check_page(page, "advocate", "api-tokens")
    assert _get(f"{live_server.url}/api/v1/referrals/?box=received", token) == 200
    page.reload()
    assert token not in page.content()  # shown once
    page.click("button:has-text('Revoke')")
    page.wait_for_url("**/api/tokens/")
    assert "Revoked" in page.inner_text("table")
    assert _get(f"{live_server.url}/api/v1/referrals/", token) == 401


def test_api_documentation_runs_under_the_csp(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "member")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    screenshot(page, "member", "api-docs")
    assert "Accord API" in page.inner_text(".swagger-ui .info")
    assert not [e for e in errors if "Content Security Policy" in e], errors
