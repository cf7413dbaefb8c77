"""An invitation, end to end: the coordinator invites, the newcomer sets a password and an authenticator."""

from __future__ import annotations

from typing import Any

from tests.browser.helpers import (
    check_page,
    fresh_totp_code,
    sign_in,
    submit_code,
    submit_login,
    tick,
)

NEW_PASSWORD = "lantern harbor morning 2026"


def invite(page: Any, live_server: Any) -> str:
    """Invite "newcomer" through the coordinator's menu; return the link the person page shows once."""
    sign_in(page, live_server, "coordinator")
    page.click("nav.usa-nav button:has-text('Administration')")
    page.click("nav.usa-nav a:has-text('People and accounts')")
    page.click("main a:has-text('Invite someone')")
    page.wait_for_url("**/people/invite/")
    check_page(page, "coordinator", "people-invite")
    page.select_option("#id_organization", label="Legal Aid of the Valley")
    page.fill("#id_first_name", "Nora")
    page.fill("#id_last_name", "Newcomer")
    page.fill("#id_username", "newcomer")
    page.fill("#id_email", "newcomer@example.invalid")
    tick(page, "Member")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/people/*/")
    check_page(page, "coordinator", "person-invited")
    return page.inner_text(".accord-code-block code")


def test_invited_person_sets_password_then_authenticator(new_page: Any, live_server: Any) -> None:
    link = invite(new_page(), live_server)
    assert link.startswith(f"{live_server.url}/invitation/")

    page = new_page()
    page.goto(link)
    check_page(page, "newcomer", "invitation")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    tick(page, "I have read the system-use notice and agree to its terms.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/login/")

    submit_login(page, live_server, "newcomer", NEW_PASSWORD)
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    check_page(page, "newcomer", "totp-activate")
    submit_code(page, fresh_totp_code(page.input_value("#authenticator_secret")))
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    check_page(page, "newcomer", "authenticator-activated")
    page.goto(f"{live_server.url}/")
    assert "Good to see you, Nora" in page.inner_text("h1")
