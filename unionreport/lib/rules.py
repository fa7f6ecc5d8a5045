"""Small helpers for the domain rules (each app's rules.py): errors are {field: Vietnamese message}."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from unionreport.lib.formatting import format_int, format_number

Errors = dict[str, str]


def check_in_year(errors: Errors, field: str, day: dt.date | None, year: int | None) -> None:
    if day is not None and year is not None and day.year != year:
        errors[field] = f"Ngày {day:%d/%m/%Y} không thuộc năm báo cáo {year}."


def check_not_above(errors: Errors, field: str, value, limit, limit_label: str) -> None:
    if value is not None and limit is not None and value > limit:
        errors[field] = f"Không được lớn hơn {limit_label}."


# --- what fits a model field: lengths, the ranges of integer columns and plausible caps -----------------------
# The same words in the browser forms (lib.forms.FieldLimits) and in the Excel import (returns.excel.sheets).
MAX_COUNT = 10_000_000  # people, cases, classes … of one unit in one year
MAX_MONEY_VND = 10**15  # 1 triệu tỷ đồng; money fields are named *_vnd
MAX_VALUE = 10**15  # movement results and targets (counts or money)
_INTEGER_RANGES = {
    "PositiveSmallIntegerField": 32_767, "SmallIntegerField": 32_767,
    "PositiveIntegerField": 2_147_483_647, "IntegerField": 2_147_483_647,
    "PositiveBigIntegerField": 9_223_372_036_854_775_807, "BigIntegerField": 9_223_372_036_854_775_807,
}
_SMALL = {"PositiveSmallIntegerField", "SmallIntegerField"}


def value_limit(model_field) -> int | Decimal | None:
    """The largest value the field accepts: the column's range, capped at a plausible amount or count."""
    kind = model_field.get_internal_type()
    if kind == "DecimalField":
        places = model_field.decimal_places
        column = Decimal(10) ** (model_field.max_digits - places) - Decimal(1).scaleb(-places)
        return min(column, MAX_VALUE)
    column = _INTEGER_RANGES.get(kind)
    if column is None or kind in _SMALL:
        return column
    return min(column, MAX_MONEY_VND if model_field.name.endswith("_vnd") else MAX_COUNT)


def too_large(limit) -> str:
    return f"Không được lớn hơn {format_number(limit)}."


def too_long(max_length: int) -> str:
    return f"Rút gọn còn tối đa {format_int(max_length)} ký tự."


def fit_problem(model_field, value) -> tuple[str, str] | None:
    """(problem, expected) when `value` does not fit `model_field`, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        max_length = getattr(model_field, "max_length", None)
        if max_length and len(value) > max_length:
            return f"dài quá {format_int(max_length)} ký tự", too_long(max_length)
        return None
    if isinstance(value, int | Decimal):
        limit = value_limit(model_field)
        if limit is not None and value > limit:
            return "quá lớn", too_large(limit)
    return None


def fit_message(problem: tuple[str, str]) -> str:
    """One sentence for a form: “Quá lớn. Không được lớn hơn 10.000.000.”"""
    text, expected = problem
    return f"{text[:1].upper()}{text[1:]}. {expected}"
