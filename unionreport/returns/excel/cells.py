"""From a cell to a value of the layout's kind, and every problem as an `Issue` naming its cell.

Issues name the place (sheet, Excel row, column letter, header), the value found and
what is expected, in Vietnamese. Domain rules are not here (see workbook.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache

from unionreport.lib.formatting import format_date, format_int
from unionreport.lib.parsing import ParseError, normalise, parse_date, parse_int, parse_number
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.reader import NO_CACHED_VALUE, RESAVE, BadCell, is_empty

SHOWN_MAX = 60  # a message quotes at most this many characters of a cell

EXPECTED = {
    L.COUNT: "Nhập số nguyên không âm, ví dụ 25.",
    L.MONEY: "Nhập số tiền bằng đồng, ví dụ 1.500.000.",
    L.YEAR: "Nhập năm bằng 4 chữ số, ví dụ 1985.",
    L.NUMBER: "Nhập số không âm, ví dụ 12 hoặc 12,5.",
    L.DATE: "Nhập ngày dạng dd/mm/yyyy, ví dụ 05/03/2024.",
}
FORMULA_PROBLEM = "là công thức chưa có giá trị tính sẵn (tệp chưa được mở và lưu bằng Excel)"
FORMULA_EXPECTED = "Mở tệp bằng Excel để tính công thức rồi lưu lại, hoặc nhập giá trị thay cho công thức."


@dataclass
class Issue:
    sheet: str
    row: int | None
    column: str
    header: str
    value: str
    problem: str
    expected: str = ""

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.column}{self.row or ''}" if self.column else self.sheet

    def text(self) -> str:
        where = self.ref + (f" ({self.header})" if self.header else "")
        what = f"“{self.value}” {self.problem}" if self.value != "" else self.problem[:1].upper() + self.problem[1:]
        return f"{where}: {what}." + (f" {self.expected}" if self.expected else "")

    def as_dict(self) -> dict:
        return asdict(self) | {"text": self.text()}


class CellProblem(Exception):
    def __init__(self, problem: str, expected: str = ""):
        super().__init__(problem)
        self.problem, self.expected = problem, expected


def shown(value: object, kind: str = "") -> str:
    """The value as the user typed it (for messages); years are never grouped (2024, 99999)."""
    if value is None:
        return ""
    if value is NO_CACHED_VALUE:
        return "(công thức)"
    if isinstance(value, BadCell):
        return value.raw
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(Decimal(repr(value)))  # 1e+30 as typed, not 1000000000000000019884624838656
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000 and kind != L.YEAR:
        return format_int(value)  # money and counts, not years
    text = str(value).strip()
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX - 1] + "…"


def _number_problem(value: object) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value < 0:
            return "là số âm"
        return "không phải số nguyên"
    text = re.sub(r"\s*(đồng|dong|đ|vnd|vnđ)\s*$", "", str(value).strip(), flags=re.IGNORECASE)
    if re.fullmatch(r"-\s*\d[\d.,\s]*", text):
        return "là số âm"
    if re.fullmatch(r"\d[\d.\s]*[,.]\d+", text):
        return "không phải số nguyên"
    return "không phải số"


def text_of(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return shown(value)
    return " ".join(str(value).split())


@lru_cache(maxsize=64)
def _lookup(choices: tuple) -> dict[str, str]:
    """The same matching as lib.parsing.match_choice, computed once per list."""
    return {normalise(label): key for key, label in choices}


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalise(text)


def convert(value: object, field: L.Field, choices=None) -> object:
    """The cell's value for `field`, or CellProblem. Empty cells give None (required is checked by the caller)."""
    if value is NO_CACHED_VALUE:
        raise CellProblem(FORMULA_PROBLEM, FORMULA_EXPECTED)
    if is_empty(value):
        return None
    kind = field.kind
    if isinstance(value, BadCell):
        if not value.raw:  # the file points at something it does not have: only Excel can mend it
            raise CellProblem(value.problem, RESAVE)
        raise CellProblem("không phải năm hợp lệ" if kind == L.YEAR else value.problem, EXPECTED.get(kind, ""))
    try:
        if kind in (L.TEXT, L.CARD):
            return text_of(value)
        if kind in (L.COUNT, L.MONEY, L.YEAR):
            return parse_int(value)
        if kind == L.NUMBER:
            return parse_number(value)
        if kind == L.DATE:
            if isinstance(value, int | float) and not isinstance(value, bool) and not 1 <= value < 2958466:
                raise ParseError("")
            return parse_date(value)
        if kind in (L.CHOICE, L.YESNO):
            options = tuple(choices) if choices is not None else field.choices
            key = _lookup(options).get(_norm(str(value)))
            if key is None:
                raise ParseError("")
            return key == "yes" if kind == L.YESNO else key
    except ParseError:
        if kind in (L.COUNT, L.MONEY, L.YEAR):
            raise CellProblem(_number_problem(value), EXPECTED[kind]) from None
        if kind == L.NUMBER:
            problem = "là số âm" if _number_problem(value) == "là số âm" else "không phải số"
            raise CellProblem(problem, EXPECTED[kind]) from None
        if kind == L.DATE:
            raise CellProblem("không phải ngày hợp lệ", EXPECTED[kind]) from None
        labels = "; ".join(label for _, label in (choices if choices is not None else field.choices))
        raise CellProblem("không có trong danh sách", f"Chọn một trong: {labels}.") from None
    return value
