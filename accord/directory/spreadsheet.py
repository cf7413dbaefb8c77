"""The directory's flat spreadsheet layout, shared by the CSV/XLSX export and the import.

One table, one row per record: ``record`` says whether a row is an organization's profile, a
point of contact or a service offering; ``organization`` names the organization (which must
already be a member). Columns a record type does not use stay empty. What is exported can be
edited and imported back unchanged.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from accord.core.exports import safe_cell

COLUMNS = [
    "record",
    "organization",
    "name",
    "title",
    "service",
    "description",
    "counties",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "phone",
    "hotline",
    "email",
    "website",
    "languages",
    "mou_status",
    "contact_hours",
    "ht_trained",
    "call_first_for",
    "genders",
    "min_age",
    "max_age",
    "minors",
    "families",
    "trafficking_types",
    "citizenship",
    "interpretation",
    "disability_access",
    "lgbtq_affirming",
    "cost",
    "open_24_7",
    "hours",
    "capacity_unit",
    "capacity_total",
    "available",
    "availability",
    "confirmed_on",
    "active",
]
ALWAYS_REQUIRED = ["record", "organization"]
REQUIRED_FOR = {"profile": [], "contact": ["name"], "offering": ["service", "counties"]}
RECORD_TYPES = tuple(REQUIRED_FOR)
USED_BY = {
    "profile": {
        "description",
        "counties",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "phone",
        "hotline",
        "email",
        "website",
        "languages",
        "mou_status",
    },
    "contact": {"name", "title", "phone", "email", "contact_hours", "ht_trained", "call_first_for", "active"},
    "offering": {
        "service",
        "name",
        "description",
        "counties",
        "languages",
        "genders",
        "min_age",
        "max_age",
        "minors",
        "families",
        "trafficking_types",
        "citizenship",
        "interpretation",
        "disability_access",
        "lgbtq_affirming",
        "cost",
        "open_24_7",
        "hours",
        "capacity_unit",
        "capacity_total",
        "available",
        "availability",
        "confirmed_on",
        "active",
    },
}
MAX_ROWS = 20_000


class FileProblem(Exception):
    """The file as a whole cannot be read as a directory spreadsheet."""


def normalize_header(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def unneutralize(value: str) -> str:
    """Undo ``safe_cell``'s leading apostrophe, so an export re-imports as it was."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_table(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs from CSV or XLSX bytes; raises FileProblem."""
    if content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("This is an old Excel (.xls) file. Save it as XLSX or CSV and upload it again.")
    else:
        rows = _read_csv(content)
    rows = [r for r in rows if any(str(c).strip() for c in r)] if rows else rows
    if not rows:
        raise FileProblem("The file is empty.")
    header = [normalize_header(h) for h in rows[0]]
    data = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = [unneutralize(_cell_text(c).strip()) for c in raw]
        data.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}))
    if not data:
        raise FileProblem("The file has a header but no rows.")
    if len(data) > MAX_ROWS:
        raise FileProblem(f"The file has {len(data)} rows; split it into files of at most {MAX_ROWS}.")
    return header, data


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        raise FileProblem("This is not a CSV or XLSX file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem("This is not a CSV or XLSX file (its text encoding is unknown).") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise FileProblem(f"The CSV file cannot be read: {error}.") from None


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileProblem("This is not a CSV or XLSX file (a ZIP file that is not a workbook).") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for _, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
    finally:
        workbook.close()


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c, "")) for c in columns])
    return out.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[dict[str, Any]], columns: list[str] = COLUMNS, title: str = "Directory") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append([safe_cell(row.get(c, "")) for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
