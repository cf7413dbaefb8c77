"""Request context, session limits, mandatory second factor, the access policy and no-store caching."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from accord.core import audit, context
from accord.core.auth import AUTH_AT, RENEWED_AT, has_second_factor
from accord.core.models import AuditEvent
from accord.core.policy import rule_for
from accord.core.views.errors import DATABASE_ERRORS, database_unavailable, render_error


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def is_api_request(request: HttpRequest) -> bool:
    """/api/v1/ is signed in and policed by the API itself (accord.api: token or session, then the same @rule,
    second-factor and scope checks in its AccessPolicy permission), so the page checks below step aside."""
    return request.path.startswith(settings.ACCORD_API_PREFIX)


class RequestContextMiddleware:
    """Give each request an id and remember its address for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token = context.current.set(context.RequestContext(request_id=request_id, ip_address=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionLimitsMiddleware:
    """End a session 12 hours after sign-in, however active (CJIS IA-5 j-10), and keep an active one alive.

    The 30-minute idle limit is the session's age, renewed whenever the session is saved. Saving it on
    every request would cost a database write per page, so a signed-in request marks it for saving only
    when the last renewal is a minute old or more: the session may end up to a minute early, never late.
    Sign-in records its time (``AccountAdapter.login``); a session without one (e.g. a test's forced
    login) starts counting at its first request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(AUTH_AT, now)
            if now - signed_in_at > settings.ACCORD_SESSION_ABSOLUTE_SECONDS:
                audit.record(verb="auth.session_expired", actor=request.user)
                logout(request)
                messages.info(request, "Your session reached its 12-hour limit. Please sign in again.")
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(RENEWED_AT, 0) >= settings.ACCORD_SESSION_REFRESH_SECONDS:
                request.session[RENEWED_AT] = now  # a change, so SessionMiddleware saves it and renews its age
        return self.get_response(request)


class MfaRequiredMiddleware:
    """A signed-in account without a second factor can do nothing but set one up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api_request(request):
            return None
        if not request.user.is_authenticated or has_second_factor(request.user):
            return None
        access_rule = rule_for(view_func, request.resolver_match.url_name if request.resolver_match else None)
        if access_rule is not None and access_rule.mfa_exempt:
            return None
        messages.warning(request, "Set up a second factor (an authenticator app) before you continue.")
        return redirect("mfa_activate_totp")


class AccessPolicyMiddleware:
    """Deny by default: refuse any view without a rule, and any user the rule does not admit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api_request(request):
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        access_rule = rule_for(view_func, url_name)
        if access_rule is None:
            return render_error(request, 403, "This page is not open to anyone.")
        if access_rule.permits(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        audit.record(
            verb="access.denied",
            actor=request.user,
            changes={"url_name": url_name or "", "method": request.method},
            outcome=AuditEvent.Outcome.DENIED,
        )
        return render_error(request, 403, "Your role does not give you access to this page.")


class NoStoreMiddleware:
    """Pages are never kept by browsers or proxies: they may hold case data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class DatabaseUnavailableMiddleware:
    """A database that went away mid-request gives a plain 503, not a stack trace. Nothing is half-written:
    every action runs in one transaction, which the lost connection rolls back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_unavailable(request) if isinstance(exception, DATABASE_ERRORS) else None
