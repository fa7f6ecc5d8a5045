"""Small helpers for the domain rules (each app's rules.py): errors are {field: Vietnamese message}."""

from __future__ import annotations

import datetime as dt

Errors = dict[str, str]


def check_in_year(errors: Errors, field: str, day: dt.date | None, year: int | None) -> None:
    if day is not None and year is not None and day.year != year:
        errors[field] = f"Ngày {day:%d/%m/%Y} không thuộc năm báo cáo {year}."


def check_not_above(errors: Errors, field: str, value, limit, limit_label: str) -> None:
    if value is not None and limit is not None and value > limit:
        errors[field] = f"Không được lớn hơn {limit_label}."
