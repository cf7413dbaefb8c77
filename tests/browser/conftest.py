"""Real-browser set-up: Debian's headless Chromium, driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The helpers assert too; let pytest explain their failures as it does the tests'.
pytest.register_assert_rewrite("tests.browser.helpers")
from tests.browser.helpers import screenshot  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
FAILED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    # In CI the browser tests are part of the gate: a missing browser is a failure, never a skip.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM}; install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def seeded(transactional_db: None, django_db_serialized_rollback: None) -> None:
    # The live server's database is emptied after every test (and serialized rollback restores what the
    # migrations created, e.g. vocabularies), so each test seeds its own task force.
    from accord.core import seed

    seed.run(scale="small", seed=1)


@pytest.fixture
def new_page(request: pytest.FixtureRequest, browser: Any, live_server: Any, seeded: None) -> Iterator[Any]:
    """Open pages in fresh browser contexts (separate cookies), all closed at the end of the test."""
    contexts: list[Any] = []

    def open_page() -> Any:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for number, context in enumerate(contexts):
        if request.node.stash.get(FAILED, False):
            # Where a failed test's pages stood is the first thing one wants to see.
            for page in context.pages:
                screenshot(page, "FAILED", f"{request.node.name}-{number}")
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()
