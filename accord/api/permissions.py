"""The access policy, applied to API views: the view's ``@rule`` (the same rules the pages use), the second
factor for a session user, and for a token, the scope the view needs for this method."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accord.api.models import ApiToken
from accord.core.auth import has_second_factor


def scope_needed(view: Any, method: str) -> str:
    return str(view.read_scope if method in SAFE_METHODS else view.write_scope)


class AccessPolicy(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        access_rule = getattr(view, "access_rule", None)
        if access_rule is None:
            raise exceptions.PermissionDenied("This endpoint is not open to anyone.")
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated("Send a token: Authorization: Bearer acc_…")
        if not isinstance(request.auth, ApiToken) and not has_second_factor(user):
            raise exceptions.PermissionDenied("Set up a second factor before you use the API.")
        if not access_rule.permits(user):
            raise exceptions.PermissionDenied("Your role does not give you access to this endpoint.")
        if isinstance(request.auth, ApiToken):
            scope = scope_needed(view, request.method or "GET")
            if scope not in request.auth.scopes:
                raise exceptions.PermissionDenied(f"This token does not have the “{scope}” scope.")
        return True
