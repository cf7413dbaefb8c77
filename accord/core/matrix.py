"""The declarative access matrix: persona × URL name × method → expected status.

Each app lists its URLs in ``accord/<app>/tests/access_matrix.py`` as ``ROWS = [Row(...), ...]``.
``accord/core/tests/test_access_matrix.py`` fails when any URL pattern has no row, and requests
every row as every persona, comparing the status with what the row expects.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accord.core.testing import PERSONA_NAMES, Personas

LOGIN = 302  # anonymous users are sent to the sign-in page
FORBIDDEN = 403  # the role may not use this page at all
NOT_FOUND = 404  # the object exists but is outside this person's reach


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict[str, int]
    method: str = "GET"
    kwargs: Callable[[Personas], dict[str, Any]] | None = None
    data: Callable[[Personas], dict[str, Any]] | None = None
    note: str = ""
    query: str = ""
    follow_setup: Callable[[Personas], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        missing = set(PERSONA_NAMES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url_name} {self.method}: no expectation for {sorted(missing)}")


def everyone(status: int = 200, *, anonymous: int = LOGIN) -> dict[str, int]:
    """Every signed-in persona gets ``status``; anonymous gets ``anonymous``."""
    return {name: (anonymous if name == "anonymous" else status) for name in PERSONA_NAMES}


def only(status: int, *allowed: str, others: int = FORBIDDEN, anonymous: int = LOGIN) -> dict[str, int]:
    """The ``allowed`` personas get ``status``; other signed-in personas get ``others``."""
    expect = {name: (status if name in allowed else others) for name in PERSONA_NAMES}
    expect["anonymous"] = anonymous
    return expect


def public(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(PERSONA_NAMES, status)


def all_rows() -> list[Row]:
    import accord

    rows: list[Row] = []
    for app in pkgutil.iter_modules(accord.__path__):
        try:
            module = importlib.import_module(f"accord.{app.name}.tests.access_matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows
