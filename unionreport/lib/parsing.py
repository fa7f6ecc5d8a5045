"""Turning what people type (in a form or an Excel cell) into values, with Vietnamese messages.

Labels and categories are compared after `normalise`: trimmed, spaces collapsed,
case-folded, diacritics removed and đ = d (return-workbook spec).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation


class ParseError(ValueError):
    """A value that cannot be read; `expected` says in Vietnamese what should be there."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def normalise(text: object) -> str:
    if text is None:
        return ""
    value = str(text).replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(value.split()).casefold()


_CURRENCY = re.compile(r"\s*(đồng|dong|đ|vnd|vnđ)\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}([.\s]\d{3})+$")

def _finite(value: object) -> bool:
    """False for inf and NaN (an Excel cell holding 1e400), which int() and comparisons cannot take."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    return True


INT_EXPECTED = "một số nguyên không âm, ví dụ 1.500.000"


def parse_int(value: object, *, expected: str = INT_EXPECTED) -> int:
    """Whole numbers ≥ 0 written as a number or as Vietnamese text: 1.234.000, 1 234 000, 1.234.000 đ."""
    if isinstance(value, bool) or not _finite(value):
        raise ParseError(expected)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise ParseError(f"số nguyên (không có phần thập phân): {expected}")
        number = int(value)
    else:
        text = _CURRENCY.sub("", str(value).replace("\u00a0", " ").strip())
        if re.fullmatch(r"\d+", text):
            number = int(text)
        elif _GROUPED.fullmatch(text):
            number = int(re.sub(r"[.\s]", "", text))
        elif re.fullmatch(r"-\s*[\d.\s]+", text):
            raise ParseError(f"số không âm: {expected}")
        elif re.fullmatch(r"[\d.\s]*[,.]\d+", text):
            raise ParseError(f"số nguyên (không có phần thập phân): {expected}")
        else:
            raise ParseError(expected)
    if number < 0:
        raise ParseError(f"số không âm: {expected}")
    return number


def parse_number(value: object, *, expected: str = "một số không âm") -> Decimal:
    """Numbers ≥ 0 that may have decimals (comma decimal separator): 12,5 or 1.234,5."""
    if isinstance(value, bool) or not _finite(value):
        raise ParseError(expected)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _CURRENCY.sub("", str(value).strip()).replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _GROUPED.fullmatch(text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParseError(expected) from None
    if not number.is_finite() or number < 0:  # NaN first: Decimal("NaN") < 0 raises
        raise ParseError(expected)
    return number


DATE_EXPECTED = "một ngày dạng dd/mm/yyyy, ví dụ 05/03/2024"
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object, *, expected: str = DATE_EXPECTED) -> dt.date:
    """Date cells, Excel serial numbers, or dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd (day first)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ParseError(expected)
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(expected)


def match_choice(value: object, choices: Iterable[tuple[str, str]]) -> str:
    """Map a typed label (e.g. ' TET nguyen dan ') onto the key of a (key, label) choice."""
    choices = list(choices)
    lookup = {normalise(label): key for key, label in choices}
    key = lookup.get(normalise(value))
    if key is None:
        raise ParseError("một trong: " + "; ".join(label for _, label in choices))
    return key
