"""Phụ lục 3: returns expected, on time, late, missing and approved, per child unit.

The counting rule is the returns app's (`returns.selectors.completeness`, a constant number
of queries); when that app is absent the appendix says "Chưa có dữ liệu".
"""

from __future__ import annotations

from dataclasses import dataclass

from unionreport.units.models import Unit

NO_DATA = "Chưa có dữ liệu"


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


def by_child(unit: Unit, year: int) -> list[StatusRow] | None:
    try:
        from unionreport.returns.selectors import completeness
    except ImportError:
        return None
    result = completeness(unit, year, missing_limit=0)  # the appendix shows counts only
    if not result.rows or result.total is None or not result.total.expected:
        return None
    return [*(_row(r) for r in result.rows), _row(result.total, is_total=True)]
