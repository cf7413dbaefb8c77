"""Every demo persona signs in for real and opens every page its menu offers."""

from __future__ import annotations

from typing import Any

import pytest

from accord.core.demo import DEMO_ACCOUNTS
from tests.browser.helpers import check_page, page_name, sign_in

# The menu's submenus are hidden until opened, so the links are read from the DOM, not clicked.
MENU_LINKS = "links => links.map(link => link.getAttribute('href'))"
ALWAYS_VISITED = ["/account/", "/accounts/2fa/"]


@pytest.mark.parametrize("persona", [account.username for account in DEMO_ACCOUNTS])
def test_persona_reaches_every_page_in_their_menu(page: Any, live_server: Any, persona: str) -> None:
    sign_in(page, live_server, persona, inspect=True)
    check_page(page, persona, "home")
    menu = page.eval_on_selector_all("nav.usa-nav a", MENU_LINKS)
    assert menu, "the signed-in menu is empty"
    for path in dict.fromkeys([*menu, *ALWAYS_VISITED]):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        assert page.url == f"{live_server.url}{path}", f"{path} redirected to {page.url}"
        check_page(page, persona, page_name(path))
