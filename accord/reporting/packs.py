"""Generating a report pack: each item answered from its indicator, then laid out as a page or a spreadsheet.

The answers are stored already suppressed (``GeneratedPack.result``), so viewing or downloading a pack later
shows exactly what was generated, whatever has changed in the records since.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accord.core import dimensions
from accord.core.exports import safe_cell
from accord.core.models import User
from accord.reporting import privacy, registry
from accord.reporting.models import GeneratedPack, Indicator, PackItem, PackState, Scope
from accord.reporting.periods import Period


def answer(item: PackItem, period: Period, viewer: User, organization_id: int | None, k: int) -> dict[str, Any]:
    """One item's answer as stored: its question, the indicator's definition, and the figures as displayed."""
    base: dict[str, Any] = {"number": item.number, "question": item.question, "indicator": item.indicator_code}
    row = Indicator.objects.filter(code=item.indicator_code).first()
    if row is None or item.indicator_code not in registry.specs():
        return base | {"definition": "", "rows": [], "total": "", "error": "This indicator no longer exists."}
    by = (item.dimension,) if item.dimension else ()
    figure = registry.evaluate(item.indicator_code, period, viewer, organization=organization_id, by=by, k=k)
    table = figure.table
    labels = dimensions.get(item.dimension).labels() if item.dimension else {}
    return base | {
        "name": row.name,
        "definition": row.definition,
        "dimension": dimensions.get(item.dimension).label if item.dimension else "",
        "rows": [[labels.get(r, r), table.display(r, "count")] for r in table.rows] if by else [],
        "total": figure.headline,
        "suppressed": table.suppressed_any,
    }


def generate(pack: GeneratedPack) -> GeneratedPack:
    """Answer every item, saving progress after each, so the page can show how far it has come."""
    items = list(pack.template.items.all())
    period = Period.parse(pack.period_key)
    pack.state, pack.items_total, pack.items_done, pack.result = PackState.RUNNING, len(items), 0, []
    pack.save(update_fields=["state", "items_total", "items_done", "result"])
    organization_id = pack.organization_id if pack.scope == Scope.ORGANIZATION else None
    k = privacy.threshold()
    try:
        for item in items:
            pack.result.append(answer(item, period, pack.requested_by, organization_id, k))
            pack.items_done += 1
            pack.save(update_fields=["items_done", "result"])
    except Exception as error:  # recorded on the pack for the requester; the job log has the traceback
        pack.state, pack.error = PackState.FAILED, str(error)[:300]
        pack.finished_at = timezone.now()
        pack.save(update_fields=["state", "error", "finished_at"])
        raise
    pack.state, pack.finished_at = PackState.DONE, timezone.now()
    pack.suppression_k = k if pack.scope == Scope.TASK_FORCE else None
    pack.save(update_fields=["state", "finished_at", "suppression_k"])
    return pack


def _value(shown: str) -> str | int:
    """A figure as a number where it is one (so the sheet can sum it), else its label ("<11", "*")."""
    return int(shown) if shown.isdigit() else safe_cell(shown)


def title(pack: GeneratedPack) -> str:
    whose = pack.organization.name if pack.scope == Scope.ORGANIZATION and pack.organization else "Whole task force"
    return f"{pack.template.name}: {Period.parse(pack.period_key).label}, {whose}"


def xlsx(pack: GeneratedPack) -> bytes:
    """The pack as a spreadsheet: one row per figure; every text cell neutralised against formula injection."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append([safe_cell(title(pack))])
    sheet["A1"].font = Font(bold=True, size=13)
    if pack.suppression_k:
        sheet.append(
            [
                safe_cell(
                    f"Counts from 1 to {pack.suppression_k - 1} are shown as <{pack.suppression_k}; "
                    "* marks a further count hidden so that totals cannot reveal them."
                )
            ]
        )
    sheet.append([safe_cell(f"Generated {timezone.localtime(pack.finished_at or pack.requested_at):%Y-%m-%d %H:%M}")])
    sheet.append([])
    sheet.append(["Item", "Question", "Breakdown", "Category", "Figure", "Definition"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for a in pack.result:
        first = [a["number"], a["question"], a.get("dimension", ""), "Total"]
        sheet.append([*(safe_cell(v) for v in first), _value(a.get("total", "")), safe_cell(a.get("definition"))])
        for label, shown in a.get("rows", []):
            sheet.append(["", "", "", safe_cell(label), _value(shown), ""])
        if a.get("error"):
            sheet.append(["", "", "", "", "", safe_cell(a["error"])])
    for column, width in zip("ABCDEF", (8, 50, 18, 30, 10, 70), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
