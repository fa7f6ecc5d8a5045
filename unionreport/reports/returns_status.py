"""Phụ lục 3: returns expected, on time, late, missing and approved, per child unit.

The counting rule is the returns app's (`returns.selectors.completeness`, a constant number
of queries), and so is the "Số liệu chưa đầy đủ" note printed at the top of the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionreport.returns.selectors import completeness
from unionreport.units.models import Unit


@dataclass
class StatusRow:
    code: str
    name: str
    expected: int
    on_time: int
    late: int
    missing: int
    approved: int
    is_total: bool = False


def _row(row, is_total: bool = False) -> StatusRow:
    return StatusRow(row.code, row.name, row.expected, row.on_time, row.late, row.missing, row.approved, is_total)


@dataclass
class ReturnsStatus:
    rows: list[StatusRow] | None  # None: no CĐCS expected
    incomplete: str  # the note at the top of the report ("" when every expected return is approved)


def returns_status(unit: Unit, year: int) -> ReturnsStatus:
    result = completeness(unit, year, missing_limit=0)  # the appendix shows counts only
    if not result.rows or result.total is None or not result.total.expected:
        return ReturnsStatus(None, "")
    return ReturnsStatus([*(_row(r) for r in result.rows), _row(result.total, is_total=True)],
                         result.incomplete_note)
