"""Exports field tools read, under token sign-in: the directory in HSDS, entities and links as CSV for
link-charting tools, and the person's calendar (.ics). Each through the module its page uses, audited alike."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request

from accord.api.base import ApiView, check_with_form
from accord.api.scopes import Scope
from accord.api.v1.reads import _page_request
from accord.core import audit, calendar
from accord.core.models import TaskForce
from accord.core.policy import SIGNED_IN, rule
from accord.deconfliction import access as deconfliction_access
from accord.deconfliction import links
from accord.deconfliction.forms import LinkChartForm
from accord.directory import hsds


def _file(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportView(ApiView):
    read_scope = write_scope = Scope.EXPORTS_READ
    pagination_class = None

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A file is the answer whatever the Accept header says; errors still come as problem+json.
        return super().perform_content_negotiation(request, force=True)


@extend_schema(
    tags=["exports"], responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, "HSDS 3 JSON")}
)
@rule(SIGNED_IN)
class DirectoryHsds(ExportView):
    """The whole directory as Human Services Data Specification (HSDS 3) tables, in JSON."""

    def get(self, request: Request) -> HttpResponse:
        tables = hsds.build_tables()
        audit.record(
            verb="directory.exported",
            actor=request.user,
            changes={"format": "hsds-json", "rows": len(tables["service"])},
        )
        return _file(hsds.as_json(tables), "application/json", f"directory-hsds-{timezone.localdate():%Y%m%d}.json")


LINK_PARAMETERS = [
    OpenApiParameter("purpose", str, required=True, description="Why you export (recorded in the audit trail)."),
    OpenApiParameter("investigation", int, description="One investigation; all you may see when left out."),
]


class LinkExport(ExportView):
    render_csv: Any = None
    filename = ""

    def get(self, request: Request) -> HttpResponse:
        user = deconfliction_access.require_deconflictor(_page_request(request))
        cleaned = check_with_form(LinkChartForm(request.query_params, user=user))
        investigation = cleaned["investigation"]
        graph = links.build(user, investigation.pk if investigation else None)
        deconfliction_access.record_viewed(
            user, investigation, purpose=cleaned["purpose"], page="api: " + self.filename, nodes=graph.node_count
        )
        return _file(type(self).render_csv(graph), "text/csv; charset=utf-8", self.filename)


CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "CSV")}


@extend_schema(tags=["exports"], parameters=LINK_PARAMETERS, responses=CSV)
@rule(SIGNED_IN)
class LinkEntities(LinkExport):
    """Entities (targets, investigations, agencies) for link-charting tools."""

    render_csv = staticmethod(links.entities_csv)
    filename = "accord-entities.csv"


@extend_schema(tags=["exports"], parameters=LINK_PARAMETERS, responses=CSV)
@rule(SIGNED_IN)
class LinkLinks(LinkExport):
    """Links between the entities, for link-charting tools."""

    render_csv = staticmethod(links.links_csv)
    filename = "accord-links.csv"


@extend_schema(tags=["exports"], responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, "iCalendar")})
@rule(SIGNED_IN)
class CalendarFeed(ExportView):
    """Your meetings, action items, trainings and events as an iCalendar file."""

    def get(self, request: Request) -> HttpResponse:
        task_force = TaskForce.current()
        name = f"{task_force.short_name or task_force.name} — Accord"
        body = calendar.render_for(request.user, name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
        return _file(body, "text/calendar; charset=utf-8", "accord.ics")
