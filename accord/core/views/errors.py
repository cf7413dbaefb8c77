"""Error pages: plain words, no stack traces, the request id to quote to an administrator."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.core.policy import PUBLIC, rule

TITLES = {400: "Bad request", 403: "Not allowed", 404: "Page not found", 500: "Something went wrong"}


def render_error(request: HttpRequest, status: int, message: str, *, title: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title or TITLES.get(status, "Error"), "message": message},
        status=status,
    )


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
