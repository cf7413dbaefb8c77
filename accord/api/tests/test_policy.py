"""The token path answers exactly as the session path (the access matrix), and every /api/v1/ URL is an API
view with a rule, in the schema."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from accord.api.base import ApiView
from accord.api.tests.access_matrix import ROWS
from accord.api.tests.helpers import bearer, token_for
from accord.core.testing import PERSONA_NAMES

PAGES = ("api:token_", "api:webhook_", "api:schema", "api:docs", "api:unknown")


def _v1_rows():
    return [row for row in ROWS if not row.url_name.startswith(PAGES)]


@pytest.mark.parametrize("persona", [name for name in PERSONA_NAMES if name != "anonymous"])
@pytest.mark.parametrize(
    "row", _v1_rows(), ids=lambda r: f"{r.method} {r.url_name}{' ' + r.note[:20] if r.note else ''}"
)
def test_token_answers_as_the_session_does(client, personas, row, persona):
    url = reverse(row.url_name, kwargs=row.kwargs(personas) if row.kwargs else None)
    assert url.startswith("/api/v1/")
    if row.query:
        url += "?" + row.query
    headers = bearer(token_for(personas.user(persona)))
    data = row.data(personas) if row.data else {}
    response = client.post(url, data, **headers) if row.method == "POST" else client.get(url, data, **headers)
    assert response.status_code == row.expect[persona], f"{persona} {row.method} {url}"


def _v1_patterns():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "api":
            for inner in pattern.url_patterns:
                if str(inner.pattern) == "v1/":
                    yield from inner.url_patterns


def test_every_v1_url_is_an_api_view_with_a_rule_and_scopes():
    for pattern in _v1_patterns():
        assert isinstance(pattern, URLPattern)
        if pattern.name == "unknown":
            continue
        view_class = pattern.callback.view_class  # type: ignore[attr-defined]
        assert issubclass(view_class, ApiView), pattern.name
        assert getattr(view_class, "access_rule", None) is not None, pattern.name
        assert view_class.read_scope and view_class.write_scope, pattern.name
