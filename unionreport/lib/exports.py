"""CSV and XLSX downloads of exactly the rows a (filtered) table shows.

Spreadsheet programs run cells that start with = + - @ as formulas (CSV/formula
injection), so such text is written as text: prefixed with an apostrophe in CSV and
stored as a string cell in XLSX. In CSV every text cell is also quoted, and a cell where
a separator or white space comes before = + - @ (`;=1+1`, ` =1`) is prefixed too: Excel
in Vietnamese splits a CSV line at ";", which would leave "=1+1" in a cell of its own.

Exports stream, in time linear in the rows and memory independent of them: the rows come
from the database in chunks, CSV goes out a couple of thousand lines at a time, XLSX is written
by XlsxWriter's constant-memory mode into a temporary file that is then sent in blocks (a
province's 26.000 members took 2 minutes with openpyxl's in-memory workbook, whose `max_row`
scans every cell; openpyxl's write-only mode is linear but builds a cell object and an XML
element per cell: 100.000 rows took 14 s, more than twice XlsxWriter's time).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain, islice
from operator import attrgetter

import xlsxwriter
from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django_tables2 import Column
from django_tables2.data import TableQuerysetData
from django_tables2.rows import BoundRow
from django_tables2.utils import A, signature
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters a worksheet cannot hold

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A formula character at the start, after white space, or after a character some program splits cells at.
CSV_RISK = re.compile(r"(?:^|[,;\t|])\s*[=+\-@]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
GROUPED = "#,##0"
NUMBER_FORMATS = {"datetime": "DD/MM/YYYY HH:MM", "date": "DD/MM/YYYY", "int": GROUPED, "float": "#,##0.##"}
WIDTH_SAMPLE = 200  # column widths come from the header and the first rows (the rest is never held)
CHUNK_ROWS = 2000  # rows read from the database at a time, and CSV lines sent at a time
BLOCK_BYTES = 64 * 1024
XLSX_MAX_ROWS = 1_048_576  # rows of an Excel sheet, the header's included
TOO_MANY_ROWS = ("Danh sách dài hơn 1.048.576 dòng, giới hạn của một trang tính Excel: các dòng sau không có trong "
                 "tệp này. Hãy lọc bớt (theo năm, theo đơn vị) hoặc tải tệp CSV.")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value: object) -> object:
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or CSV_RISK.search(value)):
        return "'" + value
    return value


def write_sheet(wb, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
                grouped: Sequence[bool] | None = None) -> None:
    """Add a sheet with a header row and the rows (in XlsxWriter's constant-memory mode: row after row, never
    held); strings are written as strings, never interpreted as formulas.

    `grouped[i]` says whether column i's whole numbers get a thousands separator (money and
    counts do; years and codes must not read "2.024"). Without it, every whole number is grouped.
    """
    ws = wb.add_worksheet(title[:31])
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = [len(str(h)) for h in headers]
    for row in sample:
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(str(value or ""))), 60)
    for i, width in enumerate(widths):
        ws.set_column(i, i, width + 2)
    ws.freeze_panes(1, 0)
    bold = wb.add_format({"bold": True})
    for i, header in enumerate(headers):
        ws.write_string(0, i, _xlsx_text(str(header)), bold)
    formats = {kind: wb.add_format({"num_format": pattern}) for kind, pattern in NUMBER_FORMATS.items()}
    number_formats = [formats["int"] if grouped is None or grouped[i] else None for i in range(len(headers))]
    float_formats = [formats["float"] if grouped is None or grouped[i] else None for i in range(len(headers))]
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    for r, row in enumerate(chain(sample, rows), start=1):
        if r == XLSX_MAX_ROWS - 1:  # the sheet's last row says what is missing, instead of losing it silently
            write_string(r, 0, TOO_MANY_ROWS)
            return
        for c, value in enumerate(row):
            value = _xlsx_value(value)
            if value is None:
                continue
            if isinstance(value, str):
                write_string(r, c, value)  # never a formula (nor an error code such as #N/A), whatever it starts with
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, dt.datetime):
                write_datetime(r, c, value, formats["datetime"])
            elif isinstance(value, dt.date):
                write_datetime(r, c, value, formats["date"])
            elif isinstance(value, int):
                write_number(r, c, value, number_formats[c])
            else:
                write_number(r, c, value, float_formats[c])


def _xlsx_text(value: str) -> str:
    """Control characters are not allowed in a worksheet's text: left out."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _xlsx_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the wall-clock time of Việt Nam, not UTC.
        return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)
    if isinstance(value, str):
        return _xlsx_text(value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return _xlsx_text(str(value))


def write_xlsx(file, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet_title: str = "Dữ liệu",
               grouped: Sequence[bool] | None = None) -> None:
    """The workbook of one sheet, written into `file` (an open binary file, or a path)."""
    wb = xlsxwriter.Workbook(file, {
        "constant_memory": True, "tmpdir": tempfile.gettempdir(), "nan_inf_to_errors": True,
        # Text stays text: no formulas, numbers or links guessed from it (write_string does not guess either).
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    write_sheet(wb, sheet_title, headers, rows, grouped)
    wb.close()


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
                  sheet_title: str = "Dữ liệu", grouped: Sequence[bool] | None = None) -> FileResponse:
    """The workbook, written to a temporary file (deleted when the response closes it) and sent in blocks."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    write_xlsx(file, headers, rows, sheet_title, grouped)
    file.seek(0)
    return xlsx_file_response(file, filename=f"{filename}.xlsx")


def xlsx_file_response(file, *, filename: str) -> FileResponse:
    """An open workbook file as a download, sent in blocks."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response.block_size = BLOCK_BYTES
    return response


class _Line:
    """What csv.writer writes to: hands the line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    """UTF-8 with BOM (so that Excel shows Vietnamese letters), every text cell quoted; sent as it is written."""
    writer = csv.writer(_Line(), quoting=csv.QUOTE_NONNUMERIC)

    def chunks() -> Iterator[str]:
        lines = ["\ufeff", writer.writerow(headers)]
        for row in rows:
            lines.append(writer.writerow([csv_safe(_csv_value(v)) for v in row]))
            if len(lines) >= CHUNK_ROWS:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    response = StreamingHttpResponse(chunks(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def table_export_response(table, *, filename: str, fmt: str):
    """Export a django-tables2 table's rows (all pages, already filtered and sorted)."""
    headers, rows, grouped = table_export(table)
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows, grouped=grouped)
    return csv_response(filename, headers, rows)


def table_export(table) -> tuple[list[str], Iterator[list[object]], list[bool]]:
    """A table's export: its headers, its rows' values (read as they are iterated) and which columns are grouped.

    Columns listed in the table's Meta `exclude_from_export` (e.g. action links) are left out.
    """
    exclude = set(getattr(table.Meta, "exclude_from_export", ()))
    columns = [c for c in table.columns if c.name not in exclude]
    headers = [str(c.header) for c in columns]
    grouped = [getattr(c.column, "grouped", False) for c in columns]
    return headers, table_values(table, columns), grouped


def table_values(table, columns) -> Iterator[list[object]]:
    """Each row's export values, exactly as `BoundRow.get_cell_value` gives them, read from the database in chunks.

    django-tables2 works out, for every cell, the column's accessor, model field and the arguments its `value`
    wants (`inspect.signature`): three quarters of a 26.000-member export's time. Here that is done once per
    column; a column showing a model field (through its relations) reads it with `attrgetter`, any other column
    goes through django-tables2's own lookup.
    """
    data = table.data
    if isinstance(data, TableQuerysetData):
        records, model = data.data.iterator(chunk_size=CHUNK_ROWS), data.data.model
    else:
        records, model = iter(data), None
    readers = [_reader(column, model) for column in columns]
    for record in records:
        row = BoundRow(record, table=table)
        yield [read(row) for read in readers]


def _reader(bound_column, model):
    """The function giving `bound_column`'s export value of a row."""
    accessor = A(bound_column.accessor)
    column, call = bound_column.column, _value_call(bound_column)
    field_path = _field_path(accessor, model)
    if field_path is None:
        return lambda row: row._get_and_render_with(
            bound_column, render_func=lambda _column, value=None: call(row, value), default=None)
    getter = attrgetter(".".join(accessor.bits))
    display = None
    if getattr(field_path[-1], "choices", None):  # the choice's label, as django-tables2 shows it
        owner = attrgetter(".".join(accessor.bits[:-1])) if len(accessor.bits) > 1 else (lambda record: record)
        display = (owner, f"get_{accessor.bits[-1]}_display")
    empty = column.empty_values

    def read(row):
        record = row.record
        try:
            value = getter(record)
            if display is not None:
                value = getattr(display[0](record), display[1])()
        except AttributeError:  # a relation on the way is empty
            value = None
        return None if value in empty else call(row, value)

    return read


def _field_path(accessor, model) -> list | None:
    """The model fields `accessor` walks through (every step a concrete field of `model` or of a related model,
    the last one not a relation), or None when it reads anything else (a property, an annotation, a method)."""
    if model is None or not accessor.bits:
        return None
    fields = []
    for bit in accessor.bits:
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.many_to_many or field.one_to_many:
            return None
        fields.append(field)
        model = field.related_model if field.is_relation else None
    return None if fields[-1].is_relation else fields


def _value_call(bound_column):
    """`call(row, value)`: the column's export function with the arguments it wants, as django-tables2's
    `call_with_appropriate` passes them (its signature read once)."""
    fn = bound_column.value
    if getattr(fn, "__func__", None) is Column.value:  # the default `value` is the column's `render`
        fn = bound_column.column.render
    wanted, catch_all = signature(fn)
    if not catch_all and wanted == ("value",):  # most columns: no dictionary of arguments per cell
        return lambda row, value: fn(value=value)

    def call(row, value):
        offered = {"value": value, "record": row.record, "column": bound_column.column,
                   "bound_column": bound_column, "bound_row": row, "table": row.table}
        if catch_all:
            return fn(**offered)
        if any(name not in offered for name in wanted):
            return None
        return fn(**{name: offered[name] for name in wanted})

    return call
