"""Reporting years: one range (2000–2100), one form field, one path converter, one default-year rule.

`<year:year>` matches a reporting year 2000–2100 only, so /tong-ket/NB/99999/ or
/bao-cao-nam/0/CS0096/ answer 404 before any view builds a date from the year
(dt.date(99999, 12, 31) raises, which used to answer 500). Forms, list filters, query
strings and commands use the same bounds and the same Vietnamese words.
"""

from __future__ import annotations

import datetime as dt

from django import forms

MIN_YEAR, MAX_YEAR = 2000, 2100
RANGE_MESSAGE = f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}."


def year_end(year: int) -> dt.date:
    """The default as-of date of a reporting year: 31/12."""
    return dt.date(year, 12, 31)


def in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def year_from_text(raw: object) -> int | None:
    """A year typed in a query string (`?year=2024`), or None when it is not a reporting year."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 4 and in_range(int(text)) else None


def default_year(*, open_year: int | None, last_opened_year: int | None, today: dt.date) -> int:
    """The year every page opens on: the year being reported (opened by the province and not locked yet);
    between seasons the last year it opened (its report stands); before any, the calendar year."""
    return open_year or last_opened_year or today.year


class YearConverter:
    regex = r"20\d\d|2100"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        year = int(value)
        if not in_range(year):
            raise ValueError(f"year out of range: {year}")  # reverse() answers NoReverseMatch
        return str(year)


class YearField(forms.IntegerField):
    """A reporting year, 2000–2100 unless narrowed: `up_to_this_year=True` (+ `ahead` years for plans and
    targets) refuses years after this one. Anything else is a Vietnamese error on the field, never a 500."""

    def __init__(self, *args, up_to_this_year: bool = False, ahead: int = 0, **kwargs):
        kwargs.setdefault("label", "Năm")
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", dt.date.today().year + ahead if up_to_this_year else MAX_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        if up_to_this_year:
            self.error_messages["max_value"] = "Năm không được sau năm %(limit_value)s."
            self.error_messages["min_value"] = "Năm phải từ %(limit_value)s trở đi."
            self.error_messages["invalid"] = "Năm phải là số nguyên, ví dụ 2024."
        else:
            self.error_messages.update({"invalid": "Năm phải là một số, ví dụ 2024.", "min_value": RANGE_MESSAGE,
                                        "max_value": RANGE_MESSAGE})


def year_argument(text: str) -> int:
    """`type=` of a command's --year: a reporting year, else argparse's error in Vietnamese."""
    import argparse

    year = year_from_text(text)
    if year is None:
        raise argparse.ArgumentTypeError(f"“{text}” không phải năm báo cáo. {RANGE_MESSAGE}")
    return year
