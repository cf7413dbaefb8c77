"""What every API view shares: JSON in (size-limited) and out, token or session sign-in, the access policy,
problem-details errors, page-number pagination, strict input (unknown fields refused), one audit row per
token request, and input checked by the same Django forms the pages use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, generics, mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.models import ApiToken
from accord.core import audit
from accord.core.models import AuditEvent


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of silently ignoring them (a typo must not pass as success)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - {name for name, f in self.fields.items() if not f.read_only})
            if unknown:
                raise exceptions.ValidationError({name: ["This field is not known."] for name in unknown})
        return super().to_internal_value(data)


def form_data(data: dict[str, Any]) -> QueryDict:
    """Typed API values as the form-encoded input a page's form expects (True → "on", False/None left out)."""
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if value is None or value is False:
            continue
        query[key] = "on" if value is True else str(value)
    return query


def check_with_form(form: forms.BaseForm) -> dict[str, Any]:
    """Run a page's form over API input, so the API accepts exactly what the page accepts."""
    if not form.is_valid():
        raise exceptions.ValidationError({k: list(v) for k, v in form.errors.items()})
    return form.cleaned_data


def _outcome(status_code: int) -> str:
    if status_code in (401, 403, 404):
        return AuditEvent.Outcome.DENIED
    return AuditEvent.Outcome.SUCCESS if status_code < 400 else AuditEvent.Outcome.FAILURE


class ApiView(generics.GenericAPIView):
    """Base of every /api/v1/ view. Subclasses carry ``@rule(...)``, ``read_scope`` and ``write_scope``."""

    read_scope = ""
    write_scope = ""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.__dict__.get("_auth")  # never trigger authentication here
        if isinstance(token, ApiToken):
            audit.record(
                verb="api.request",
                actor=token.user,
                target=token,
                changes={
                    "token_id": token.pk,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                },
                outcome=_outcome(response.status_code),
            )
        return response


class ListApiView(mixins.ListModelMixin, ApiView):
    """A paginated list (the mixin tells the schema so; ``get`` is the subclass's own)."""


@csrf_exempt  # nothing to protect: it only answers 404, in the API's format, for every method
def unknown_address(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    from accord.api.errors import problem_response

    return problem_response(request, 404, "There is no API endpoint at this address.")
