"""Error pages: plain words, no stack traces, the request id to quote to an administrator."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accord.core import context
from accord.core.policy import PUBLIC, rule

log = logging.getLogger("accord.errors")
DATABASE_ERRORS = (OperationalError, InterfaceError)
TITLES = {400: "Bad request", 403: "Not allowed", 404: "Page not found", 500: "Something went wrong"}


def render_error(request: HttpRequest, status: int, message: str, *, title: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title or TITLES.get(status, "Error"), "message": message},
        status=status,
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 without touching the database: no shell, no session, no user (each would need it)."""
    log.error("Database unavailable during %s %s", request.method, request.path, exc_info=True)
    if request.path.startswith(settings.ACCORD_API_PREFIX):  # API clients get the API's one error format
        from accord.api.errors import problem_response

        response: HttpResponse = problem_response(
            request, 503, "The database is not reachable. Nothing was changed. Try again in a minute."
        )
        response["Retry-After"] = "60"
        return response
    html = render_to_string("core/database_unavailable.html", {"request_id": context.current.get().request_id})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    return response


@rule(PUBLIC)
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 400, "The request could not be understood. Go back and try again.")


@rule(PUBLIC)
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403, "You do not have access to this page.")


@rule(PUBLIC)
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404, "There is no page at this address, or it is not yours to see.")


@rule(PUBLIC)
def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):  # raised in a middleware, before any view
        return database_unavailable(request)
    return render_error(
        request,
        500,
        "The request failed and nothing was changed. If it happens again, tell your administrator.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(
        request,
        403,
        "The form had expired or did not come from this site, so nothing was saved. "
        "Go back, reload the page and try again.",
        title="Form expired",
    )
