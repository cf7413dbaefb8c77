"""Optimistic locking for clients, releases and referrals: a stale save is refused, never silently applied.

Each of those records carries a ``version`` integer. A form carries the version it was loaded at; the action
calls ``claim`` inside its transaction, which bumps the version with ``UPDATE … WHERE pk = … AND version = …``.
No row updated means someone saved in between: ``RecordChanged`` is raised and the transaction rolls back.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

CONFLICT_MESSAGE = (
    "Someone else changed this record after you opened it, so your changes were not saved. "
    "Reload the page to see the current version, then make your change again."
)


class RecordChanged(Exception):
    """The record's version moved on since the form was loaded."""

    def __init__(self, message: str = CONFLICT_MESSAGE) -> None:
        super().__init__(message)
        self.message = message


def claim(instance: Any, expected_version: int | None) -> None:
    """Take the next version of ``instance`` or raise RecordChanged. Call inside the action's transaction."""
    model: type[Model] = type(instance)
    if expected_version is None:
        expected_version = instance.version
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if updated != 1:
        raise RecordChanged()
    instance.version = expected_version + 1
