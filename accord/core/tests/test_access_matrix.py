"""Deny by default, enforced: every URL has a matrix row, and every row holds for every persona."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.core.matrix import Row, all_rows
from accord.core.testing import PERSONA_NAMES, sign_in

ROWS = all_rows()


def _url_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name, so it cannot have a matrix row"
            names.add(namespace + pattern.name)
    return names


def test_every_url_has_a_matrix_row():
    covered = {row.url_name for row in ROWS}
    missing = sorted(_url_names(get_resolver().url_patterns) - covered)
    assert not missing, f"URLs without an access-matrix row: {missing}"


def test_every_row_names_a_real_url():
    assert not {row.url_name for row in ROWS} - _url_names(get_resolver().url_patterns)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method} {r.url_name}{' ' + r.note[:20] if r.note else ''}")
def test_row_holds_for_persona(client, personas, row: Row, persona: str):
    sign_in(client, personas.user(persona))
    url = reverse(row.url_name, kwargs=row.kwargs(personas) if row.kwargs else None)
    if row.query:
        url += "?" + row.query
    data = row.data(personas) if row.data else {}
    response = client.post(url, data) if row.method == "POST" else client.get(url, data)
    expected = row.expect[persona]
    assert response.status_code == expected, (
        f"{persona} {row.method} {url}: got {response.status_code}, matrix says {expected}"
    )
    if expected == 302 and persona == "anonymous" and row.expect[persona] != 200:
        assert response.url.startswith(reverse("account_login")) or row.url_name.startswith(("account_", "mfa_"))
