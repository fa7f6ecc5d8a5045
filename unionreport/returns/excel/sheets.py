"""Reading one sheet: label sheets (label in A, value in B) and table sheets (a header row, then records;
totals rows checked and skipped), collecting every issue."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl.utils import get_column_letter

from unionreport.lib.formatting import format_number
from unionreport.lib.parsing import normalise
from unionreport.lib.rules import fit_problem
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.cells import CellProblem, Issue, convert, shown
from unionreport.returns.excel.reader import BoundedWorkbook, is_empty

HEADER_SCAN_ROWS = 10
HEADER_SCAN_COLS = 64
LABEL_SHEET_ROWS = 200

class SheetReader:
    """Reads one sheet of the workbook and collects its issues."""

    def __init__(self, book: BoundedWorkbook, title: str, spec: L.Sheet, errors: list, warnings: list):
        self.book, self.title, self.spec = book, title, spec
        self.errors, self.warnings = errors, warnings

    def error(self, row, col: int | None, header: str, value, problem: str, expected: str = "", *,
              kind: str = "") -> None:
        letter = get_column_letter(col) if col else ""
        self.errors.append(Issue(self.spec.title, row, letter, header, shown(value, kind), problem, expected))

    def warn(self, row, col: int | None, header: str, value, problem: str, expected: str = "") -> None:
        letter = get_column_letter(col) if col else ""
        self.warnings.append(Issue(self.spec.title, row, letter, header, shown(value), problem, expected))

    def cell(self, row: int, col: int, field: L.Field, raw: object, choices=None) -> object:
        try:
            value = convert(raw, field, choices)
        except CellProblem as problem:
            self.error(row, col, field.header, raw, problem.problem, problem.expected, kind=field.kind)
            return None
        model_field = self.spec.model_field(field) if field.kind != L.YEAR else None  # years: by the rules
        misfit = fit_problem(model_field, value) if model_field is not None else None
        if misfit:
            self.error(row, col, field.header, raw, *misfit)
            return None
        if value is None and field.required:
            self.error(row, col, field.header, None, "chưa nhập", "Ô này bắt buộc.")
        return value

    # Label sheets: label in A, value in B, any order.
    def labels(self, choices: dict | None = None) -> dict:
        by_key = {f.key: f for f in self.spec.fields}
        found: dict[str, object] = {}
        rows: dict[str, int] = {}
        for row, values in self.book.rows(self.title, max_col=2, limit=LABEL_SHEET_ROWS):
            label, raw = values
            field = by_key.get(normalise(label))
            if field is None:
                if not is_empty(label):
                    self.warn(row, 1, "", label, "không phải mục của mẫu, được bỏ qua")
                continue
            if field.name in rows:
                self.error(row, 1, "", label, f"lặp lại (đã có ở dòng {rows[field.name]})", "Mỗi mục chỉ ghi một lần.")
                continue
            rows[field.name] = row
            found[field.name] = self.cell(row, 2, field, raw, (choices or {}).get(field.name))
        for field in self.spec.fields:
            if field.name not in rows and field.required:
                self.error(None, None, "", "", f"thiếu dòng “{field.header}” (nhãn ở cột A, giá trị ở cột B)",
                           "Dùng tệp mẫu tải về từ hệ thống.")
        found["_rows"] = rows
        return found

    # Table sheets: a header row within the first 10 rows, then one record per row.
    def header(self) -> tuple[int, dict[str, int], int] | None:
        required = {f.key for f in self.spec.required_headers()}
        known = {f.key: f for f in self.spec.fields}
        best: tuple[int, set] = (0, set())
        for row, values in self.book.rows(self.title, max_col=HEADER_SCAN_COLS, limit=HEADER_SCAN_ROWS):
            if row > HEADER_SCAN_ROWS:
                break
            keys = [normalise(v) for v in values]
            present = required & set(keys)
            if present == required:
                columns: dict[str, int] = {}
                for index, key in enumerate(keys, start=1):
                    if not key:
                        continue
                    if key in known and known[key].name not in columns:
                        columns[known[key].name] = index
                    else:
                        self.warn(row, index, "", values[index - 1], "là cột không thuộc mẫu (hoặc lặp lại), "
                                  "được bỏ qua")
                width = max(i for i, k in enumerate(keys, start=1) if k)
                return row, columns, width
            if len(present) > len(best[1]):
                best = (row, present)
        missing = [f.header for f in self.spec.required_headers() if f.key not in best[1]]
        self.error(best[0] or None, None, "", "", "không tìm thấy dòng tiêu đề; thiếu cột: "
                   + ", ".join(f"“{m}”" for m in missing),
                   "Dòng tiêu đề phải nằm trong 10 dòng đầu và có đủ các cột bắt buộc như tệp mẫu.")
        return None


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
    # Read the whole sheet first (bounded: `width` columns, max_rows() rows): a sheet past a limit is refused
    # before any row is validated, in the time it takes to read it, not to check it.
    for row, values in list(reader.book.rows(reader.title, max_col=width, min_row=header_row + 1)):
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
                        f"ở dòng tổng cộng khác tổng các dòng phía trên ({format_number(sums[field.name])})",
                        "Dòng tổng cộng không được nhập; hãy kiểm tra lại số liệu.")
