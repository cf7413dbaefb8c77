"""How the API describes itself in OpenAPI: bearer tokens, and the problem-details errors of every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: the one error format."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    request_id = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="Field name → messages, for invalid input.")


ERRORS = {
    "400": "Invalid input (bad JSON, wrong types, unknown fields, a rule refused it)",
    "401": "No token, or an unknown, expired or revoked one",
    "403": "The token lacks the scope, or the role may not do this",
    "404": "Missing, or not yours to see",
    "406": "Not acceptable",
    "409": "The record changed since you read it",
    "413": "Body too large",
    "415": "Send application/json",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        problem = self.resolve_serializer(ProblemSerializer, "response").ref
        for code, description in ERRORS.items():
            if code in {"413", "415"} and self.method not in {"POST", "PUT", "PATCH"}:
                continue
            responses.setdefault(
                code, {"description": description, "content": {"application/problem+json": {"schema": problem}}}
            )
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accord.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An Accord API token (acc_…), created on the API tokens page.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "accord.api.authentication.SignedInSession"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


SQLITE_MAX = 2**63 - 1
PORTABLE_MAX = 2**31 - 1  # PostgreSQL's integer: the bound every database Accord runs on accepts


def portable_integer_bounds(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Django reports a positive integer field's maximum from the database in use (SQLite's is 2**63 - 1); the
    committed schema must not depend on it, so it states the bound both databases keep."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer" and node.get("maximum") == SQLITE_MAX:
                node["maximum"] = PORTABLE_MAX
                node.pop("format", None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
