"""Reading a table sheet: records after the header row, totals rows checked and skipped."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from unionreport.core.formatting import format_decimal, format_int
from unionreport.core.parsing import normalise
from unionreport.returns import layout as L
from unionreport.returns.parse import CellProblem, SheetReader, convert
from unionreport.returns.reader import is_empty


def _fmt(value) -> str:
    value = Decimal(value)
    return format_int(value) if value == value.to_integral_value() else format_decimal(value, 2)


def read_table(reader: SheetReader, spec: L.Sheet | None = None) -> tuple[list[dict], dict[str, int]]:
    """Records (dicts with `_row`) and the column index of each field found."""
    spec = spec or reader.spec
    found = reader.header()
    if found is None:
        return [], {}
    header_row, columns, width = found
    fields = [f for f in spec.fields if f.name in columns and f.kind != L.IGNORE]
    summable = [f for f in fields if f.kind in L.SUMMABLE]
    sums: dict[str, Decimal] = defaultdict(Decimal)
    records: list[dict] = []
    for row, values in reader.book.rows(reader.title, max_col=width, min_row=header_row + 1):
        first = next((v for v in values if not is_empty(v)), None)
        if normalise(first) in L.TOTAL_LABELS:
            _check_totals(reader, row, values, columns, summable, sums)
            continue
        record: dict = {"_row": row, "_raw": {}}
        for field in fields:
            col = columns[field.name]
            record["_raw"][field.name] = values[col - 1]
            record[field.name] = reader.cell(row, col, field, values[col - 1])
        for field in summable:
            sums[field.name] += record[field.name] or 0
        records.append(record)
    return records, columns


def _check_totals(reader, row, values, columns, summable, sums) -> None:
    for field in summable:
        col = columns[field.name]
        try:
            total = convert(values[col - 1], field)
        except CellProblem:
            total = None
        if total is not None and Decimal(total) != sums[field.name]:
            reader.warn(row, col, field.header, values[col - 1],
                        f"ở dòng tổng cộng khác tổng các dòng phía trên ({_fmt(sums[field.name])})",
                        "Dòng tổng cộng không được nhập; hãy kiểm tra lại số liệu.")
