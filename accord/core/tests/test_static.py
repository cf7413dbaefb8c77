"""The pages' front-end files are found and served (a missing finder leaves every page unstyled)."""

import pytest
from django.contrib.staticfiles import finders

ASSETS = [
    "vendor/uswds/css/uswds.min.css",
    "vendor/uswds/js/uswds.min.js",
    "vendor/uswds/js/uswds-init.min.js",
    "vendor/htmx/htmx.min.js",
    "accord/css/accord.css",
    "accord/js/accord.js",
]


@pytest.mark.parametrize("path", ASSETS)
def test_every_asset_the_base_template_loads_is_found(path):
    assert finders.find(path), f"{path} is not found by the static files finders"


def test_login_page_links_only_to_local_assets(client, db):
    body = client.get("/accounts/login/").content.decode()
    for path in ASSETS[:5]:
        assert f"/static/{path}" in body or path.endswith(".js")
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
