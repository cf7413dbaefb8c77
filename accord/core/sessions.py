"""Django's database sessions, read by one fixed statement (every signed-in request reads its session).

Everything else (creating, saving, rotating and deleting sessions, their expiry) is Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from accord.core import rows

# The session's data if it has not expired (parameters: its key, now); what Django's store asks through the ORM.
_LIVE = "SELECT session_data FROM {sessions} WHERE session_key = %s AND expire_date > %s"
_LIVE_SQL = _LIVE.format(sessions=Session._meta.db_table)


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        connection = connections[router.db_for_read(Session)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            rows.execute(cursor, _LIVE_SQL, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store does: a missing or expired session starts afresh
            return {}
        return self.decode(row[0])
