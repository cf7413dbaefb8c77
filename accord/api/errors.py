"""One error format for the whole API: RFC 9457 problem details (``application/problem+json``).

Every error — unknown address, bad token, missing scope, refused by the access policy, invalid input, a stale
save, an oversized or unparseable body — answers ``{"type", "title", "status", "detail", "instance",
"request_id"}``, plus ``errors`` (field → messages) for invalid input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accord.core import context
from accord.victim_services.locking import RecordChanged

PROBLEM_TYPE = "https://accord.invalid/problems/"
TITLES = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}
SLUGS = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    503: "unavailable",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record changed since you read it."
    default_code = "conflict"


def problem(status_code: int, detail: str, *, instance: str = "", errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + SLUGS.get(status_code, str(status_code)),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        "request_id": context.current.get().request_id,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _as_drf(exc: Exception) -> Exception:
    """Errors raised by Accord's own access and action functions, in DRF's terms."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, RecordChanged):
        return Conflict(exc.message)
    if isinstance(exc, Http404):
        return exceptions.NotFound("There is nothing at this address, or it is not yours to see.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def _field_errors(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_field_errors(item) for item in detail]
    return str(detail)


def handle(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as problem details."""
    exc = _as_drf(exc)
    response = exception_handler(exc, ctx)
    if response is None:
        return None  # a real server error: Django's 500 handling (logged, generic page)
    request = ctx.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        response.data = problem(
            400, "The request has invalid values; see errors.", instance=instance, errors=_field_errors(exc.detail)
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = problem(response.status_code, str(detail), instance=instance)
    response.content_type = "application/problem+json"
    return response


def problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    """A problem outside DRF's views (unknown API address)."""
    return JsonResponse(
        problem(status_code, detail, instance=request.path), status=status_code, content_type="application/problem+json"
    )
