"""The auditor's view of the audit trail, and its CSV export (itself audited)."""

from __future__ import annotations

import csv

from allauth.account.decorators import reauthentication_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.core import audit
from accord.core.exports import safe_cell
from accord.core.forms import AuditFilterForm
from accord.core.models import AuditEvent
from accord.core.policy import AUDITOR, AuthedRequest, rule

COLUMNS = [
    "id",
    "occurred_at",
    "actor_label",
    "organization_id",
    "verb",
    "outcome",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "ip_address",
    "request_id",
    "hash",
]


@rule(AUDITOR)
def audit_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter_by(**form.criteria()).for_listing()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    audit.record(verb="audit.viewed", actor=request.user, changes={"filters": form.criteria(), "page": page.number})
    return render(request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@rule(AUDITOR)
@reauthentication_required
def audit_export(request: AuthedRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    criteria = form.criteria()
    events = AuditEvent.objects.filter_by(**criteria).order_by("id")
    audit.record(verb="audit.exported", actor=request.user, changes={"filters": criteria, "rows": events.count()})
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow([safe_cell(getattr(event, column)) for column in COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="accord-audit-{stamp}.csv"'
    return response
