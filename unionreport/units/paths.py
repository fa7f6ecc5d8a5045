"""Computing the closure table (`UnitPath`) from units and their periods.

Pure Python over plain tuples so that both the reorganisation services and the
province generator (which loads with COPY) use the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

FAR_FUTURE = dt.date(9999, 12, 31)


class PeriodRow(NamedTuple):
    unit_id: int
    parent_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None


class PathRow(NamedTuple):
    unit_id: int
    ancestor_id: int
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None


def compute_paths(periods: Iterable[PeriodRow]) -> list[PathRow]:
    """Every (unit, ancestor, depth, interval) implied by the parent periods."""
    by_unit: dict[int, list[PeriodRow]] = defaultdict(list)
    for period in periods:
        by_unit[period.unit_id].append(period)
    memo: dict[int, list[tuple[int, int, dt.date, dt.date]]] = {}

    def ancestry(unit_id: int, guard: frozenset[int]) -> list[tuple[int, int, dt.date, dt.date]]:
        if unit_id in memo:
            return memo[unit_id]
        if unit_id in guard:
            raise ValueError(f"Vòng lặp trong cây đơn vị tại đơn vị {unit_id}.")
        rows: list[tuple[int, int, dt.date, dt.date]] = []
        for period in by_unit.get(unit_id, ()):
            start, end = period.valid_from, period.valid_to or FAR_FUTURE
            rows.append((unit_id, 0, start, end))
            if period.parent_id is None:
                continue
            for ancestor_id, depth, a_start, a_end in ancestry(period.parent_id, guard | {unit_id}):
                lo, hi = max(start, a_start), min(end, a_end)
                if lo < hi:
                    rows.append((ancestor_id, depth + 1, lo, hi))
        memo[unit_id] = _merge_adjacent(rows)
        return memo[unit_id]

    result: list[PathRow] = []
    for unit_id in by_unit:
        for ancestor_id, depth, start, end in ancestry(unit_id, frozenset()):
            result.append(PathRow(unit_id, ancestor_id, depth, start, None if end == FAR_FUTURE else end))
    return result


def _merge_adjacent(rows):
    """Join back-to-back intervals of the same ancestor at the same depth (e.g. after a rename)."""
    rows = sorted(rows, key=lambda r: (r[0], r[1], r[2]))
    merged: list[tuple[int, int, dt.date, dt.date]] = []
    for row in rows:
        if merged and merged[-1][:2] == row[:2] and merged[-1][3] == row[2]:
            merged[-1] = (row[0], row[1], merged[-1][2], row[3])
        else:
            merged.append(row)
    return merged
