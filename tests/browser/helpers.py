"""What the browser tests do on every page: sign in for real, check the page, run axe, take a screenshot."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from accord.core.demo import DEMO_PASSWORD, totp_code, totp_secret_for

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SOURCE = (ROOT / "accord/static/vendor/axe-core/axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Runs axe and keeps only what a failure message needs.
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(results =>
  results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
  })))"""

# Static files, images and scripts the page asked for and did not get.
FAILED_RESOURCES = """() => performance.getEntriesByType("resource")
  .filter(entry => entry.responseStatus >= 400).map(entry => `${entry.responseStatus} ${entry.name}`)"""


def fresh_totp_code(secret: str) -> str:
    """The current code, waiting for the next 30-second period if this one is about to end."""
    remaining = 30 - time.time() % 30
    if remaining < 3:
        time.sleep(remaining + 0.5)
    return totp_code(secret)


def tick(page: Any, label: str) -> None:
    """Tick a USWDS checkbox the way a person does: its input sits off-screen, so click its label."""
    checkbox = page.locator(f"label.usa-checkbox__label:text-is({label!r})")
    checkbox.click()
    assert page.is_checked(f"#{checkbox.get_attribute('for')}"), f"clicking {label!r} did not tick it"


def submit_login(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    tick(page, "I have read the notice above and agree to its terms.")
    page.click("main button[type=submit]")


def submit_code(page: Any, code: str) -> None:
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")


def sign_in(page: Any, live_server: Any, username: str, *, inspect: bool = False) -> None:
    """Sign in through the real form and second-factor page; ``inspect`` checks both pages on the way."""
    page.goto(f"{live_server.url}/accounts/login/")
    if inspect:
        check_page(page, username, "login")
    submit_login(page, live_server, username, DEMO_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    if inspect:
        check_page(page, username, "mfa")
    submit_code(page, fresh_totp_code(totp_secret_for(username)))
    page.wait_for_url(f"{live_server.url}/")
    assert "Good to see you" in page.inner_text("h1"), f"{username} did not reach the home page"


def check_accessibility(page: Any) -> None:
    # Evaluated through the DevTools protocol, which the app's Content-Security-Policy does not govern.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    violations = [v for v in page.evaluate(RUN_AXE, WCAG_TAGS) if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {', '.join(v['targets'])}" for v in violations)
    assert not violations, f"axe found problems on {page.url}:\n{report}"


def screenshot(page: Any, persona: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{persona}-{name}.png", full_page=True)


def check_page(page: Any, persona: str, name: str) -> None:
    """The page ran without script errors or CSP refusals, is screenshotted, and passes axe."""
    errors = page.evaluate(FAILED_RESOURCES)
    errors += [str(e) for e in page.page_errors(filter="since-navigation")]
    console = page.console_messages(filter="since-navigation")
    # Chromium's own "Failed to load resource" lines repeat the failed resources above without their URLs.
    errors += [m.text for m in console if m.type == "error" and not m.text.startswith("Failed to load resource")]
    screenshot(page, persona, name)
    assert not errors, f"{page.url} logged errors: {errors}"
    check_accessibility(page)


def page_name(path: str) -> str:
    """A file-name slug for a path: "/people/invite/" -> "people-invite", "/" -> "home"."""
    return path.strip("/").replace("/", "-") or "home"
