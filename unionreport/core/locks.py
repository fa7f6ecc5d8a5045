"""The read-only hook: may rows of (unit, year) still change?

Domain services and forms call `ensure_editable`. The returns app (which knows about
approval and locked years) registers the real check at start-up; until then nothing
is locked. Keeping the hook here keeps the dependency arrows pointing down.

A second, year-level hook (`register_year` / `locked_years_from`) lets the units app
refuse a reorganisation dated into a locked year without importing the returns app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError

from unionreport.lib.formatting import format_date

# (unit_id, year) -> a Vietnamese reason when locked, or None when editable.
_checkers: list[Callable[[int, int], str | None]] = []


BulkChecker = Callable[[set[tuple[int, int]]], dict[tuple[int, int], str]]
# checker -> its bulk twin: many (unit_id, year) pairs at once -> {pair: reason} for the locked ones.
_bulk: dict[Callable, BulkChecker] = {}


def register(checker: Callable[[int, int], str | None], *, bulk: BulkChecker | None = None) -> None:
    """Register a checker; `bulk` (optional) answers many pairs in one go, for lists (see `lock_reasons`)."""
    if checker not in _checkers:
        _checkers.append(checker)
    if bulk is not None:
        _bulk[checker] = bulk


def lock_reason(unit_id: int, year: int) -> str | None:
    for checker in _checkers:
        reason = checker(unit_id, year)
        if reason:
            return reason
    return None


def ensure_editable(unit_id: int, year: int) -> None:
    reason = lock_reason(unit_id, year)
    if reason:
        raise ValidationError(reason)




# year -> the LOCKED reporting years from that year on (the returns app registers ReportingYear.locked).
YearChecker = Callable[[int], Iterable[int]]
_year_checkers: list[YearChecker] = []


def register_year(checker: YearChecker) -> None:
    """Register a year-level checker: `checker(year)` lists the locked years >= `year`."""
    if checker not in _year_checkers:
        _year_checkers.append(checker)


def locked_years_from(day: dt.date) -> list[int]:
    """The locked years whose 31/12 is on or after `day` (a change dated `day` would alter them)."""
    return sorted({int(year) for checker in _year_checkers for year in checker(day.year)})


def ensure_years_open_from(day: dt.date, *, action: str) -> None:
    """ValidationError (Vietnamese) when a change dated `day` would alter a locked year.

    `action` names the change: "sắp xếp tổ chức có hiệu lực từ" → "…: không thể sắp xếp tổ
    chức có hiệu lực từ 01/06/2024."
    """
    years = locked_years_from(day)
    if years:
        named = ", ".join(str(year) for year in years)
        raise ValidationError(
            f"Năm {named} đã khóa sổ: không thể {action} {format_date(day)}. "
            "Đề nghị LĐLĐ tỉnh mở khóa " + ("năm trước." if len(years) == 1 else "các năm này trước."))


def lock_reasons(pairs) -> dict[tuple[int, int], str]:
    """The locked pairs among `pairs`, with their reasons (lists mark those rows read-only).

    A checker registered with a `bulk` twin costs one call for all the pairs; one without
    is asked pair by pair. Nothing is asked while no checker is registered.
    """
    pairs = {(int(unit_id), int(year)) for unit_id, year in pairs}
    found: dict[tuple[int, int], str] = {}
    for checker in list(_checkers):
        todo = pairs - found.keys()
        if not todo:
            break
        answers = _bulk[checker](todo) if checker in _bulk else {pair: checker(*pair) for pair in todo}
        found.update({pair: reason for pair, reason in answers.items() if reason})
    return found
