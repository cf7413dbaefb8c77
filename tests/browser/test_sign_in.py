"""The sign-in form refuses wrong credentials, and the keyboard reaches the skip link first."""

from __future__ import annotations

from typing import Any

from accord.core.demo import DEMO_PASSWORD, totp_secret_for
from tests.browser.helpers import check_page, fresh_totp_code, sign_in, submit_code, submit_login


def test_wrong_password_and_wrong_code_are_refused(page: Any, live_server: Any) -> None:
    submit_login(page, live_server, "investigator", "not-the-password")
    page.wait_for_url("**/accounts/login/")
    assert "not correct" in page.inner_text("main .usa-alert--error")
    check_page(page, "investigator", "login-refused")

    submit_login(page, live_server, "investigator", DEMO_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    right = fresh_totp_code(totp_secret_for("investigator"))
    submit_code(page, f"{(int(right) + 1) % 1_000_000:06d}")
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert "Incorrect code" in page.inner_text("main")
    check_page(page, "investigator", "mfa-refused")


def test_skip_link_is_the_first_thing_tab_reaches(page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "member")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('usa-skipnav')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
