"""Per-request facts (request id, client address) that the audit trail records.

Set by RequestContextMiddleware; commands and jobs run without them.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


EMPTY = RequestContext()
current: ContextVar[RequestContext] = ContextVar("accord_request_context", default=EMPTY)
