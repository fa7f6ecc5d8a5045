"""CSV and XLSX downloads of exactly the rows a (filtered) table shows.

Spreadsheet programs run cells that start with = + - @ as formulas (CSV/formula
injection), so such text is written as text: prefixed with an apostrophe in CSV and
stored as a string cell in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value: object) -> object:
    return "'" + value if is_formula_like(value) else value


GROUPED = "#,##0"


def write_sheet(ws, headers: Sequence[str], rows: Iterable[Sequence[object]],
                grouped: Sequence[bool] | None = None) -> None:
    """Append a header row and the rows; strings are never interpreted as formulas.

    `grouped[i]` says whether column i's whole numbers get a thousands separator (money and
    counts do; years and codes must not read "2.024"). Without it, every whole number is grouped.
    """
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
        for i, cell in enumerate(ws[ws.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, int | float) and (grouped is None or grouped[i]):
                cell.number_format = GROUPED if isinstance(cell.value, int) else "#,##0.##"
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(str(value or ""))), 60)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    ws.freeze_panes = "A2"


def _xlsx_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the wall-clock time of Việt Nam, not UTC.
        return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
                  sheet_title: str = "Dữ liệu", grouped: Sequence[bool] | None = None) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    write_sheet(ws, headers, rows, grouped)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    # UTF-8 with BOM so that Excel shows Vietnamese letters correctly.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(_csv_value(v)) for v in row])
    return response


def _csv_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def table_export_response(table, *, filename: str, fmt: str) -> HttpResponse:
    """Export a django-tables2 table's rows (all pages, already filtered and sorted).

    Columns listed in the table's Meta `exclude_from_export` (e.g. action links) are left out.
    """
    exclude = set(getattr(table.Meta, "exclude_from_export", ()))
    columns = [c for c in table.columns if c.name not in exclude]
    headers = [str(c.header) for c in columns]
    rows = ([row.get_cell_value(c.name) for c in columns] for row in table.rows)
    if fmt == "xlsx":
        grouped = [getattr(c.column, "grouped", False) for c in columns]
        return xlsx_response(filename, headers, rows, grouped=grouped)
    return csv_response(filename, headers, rows)
