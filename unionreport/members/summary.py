"""The per CĐCS-year member summary (`MemberSummary`), rebuilt set-based from `Member`.

Every write path of members calls `member_summary_refresh` for the units it touched (all
their years: a unit has few members), inside its own transaction: one DELETE and one
INSERT … SELECT … GROUP BY, whose window over each unit's years gives every row its members at
the end of the year (the running sum) and the year of the unit's next row.
`member_summary_rebuild` does the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from unionreport.lib.db import lock_rows, year_sql
from unionreport.members.models import Member, MemberSummary
from unionreport.units.models import Unit


def _refresh(unit_ids: list[int] | None) -> None:
    qn = connection.ops.quote_name
    source, target = qn(Member._meta.db_table), qn(MemberSummary._meta.db_table)
    where, params = "1 = 1", []
    if unit_ids is not None:
        where = f"unit_id IN ({', '.join(['%s'] * len(unit_ids))})"
        params = list(unit_ids)
    female = f"CASE WHEN sex = '{Member.Sex.FEMALE.value}' THEN 1 ELSE 0 END"
    moved_out = f"CASE WHEN left_reason = '{Member.LeftReason.MOVED.value}' THEN 1 ELSE 0 END"
    dissolved = f"CASE WHEN left_reason = '{Member.LeftReason.DISSOLVED.value}' THEN 1 ELSE 0 END"
    # Only quoted table names, fixed SQL and %s placeholders are interpolated: the values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {target} WHERE {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {target} (unit_id, year, joined, joined_female, {qn('left')}, left_female, "  # noqa: S608
            f"  left_dissolved, joined_moved, left_moved, members_end, next_year) "
            f"SELECT unit_id, y, SUM(j), SUM(jf), SUM(l), SUM(lf), SUM(ld), SUM(jm), SUM(lm), "
            f"       SUM(SUM(j) + SUM(jm) - SUM(l) - SUM(lm)) OVER unit_years, LEAD(y) OVER unit_years FROM ("
            f"  SELECT unit_id, {year_sql('joined_on')} AS y, 1 AS j, {female} AS jf, 0 AS l, 0 AS lf, 0 AS ld, "
            f"         0 AS jm, 0 AS lm "
            f"  FROM {source} WHERE moved_from_id IS NULL AND {where}"
            f"  UNION ALL"  # a member a reorganisation moved in counts from the day it came (not as joined)
            f"  SELECT unit_id, {year_sql('moved_on')} AS y, 0 AS j, 0 AS jf, 0 AS l, 0 AS lf, 0 AS ld, "
            f"         1 AS jm, 0 AS lm "
            f"  FROM {source} WHERE moved_from_id IS NOT NULL AND {where}"
            f"  UNION ALL"
            f"  SELECT unit_id, {year_sql('left_on')} AS y, 0 AS j, 0 AS jf, 1 - {moved_out} AS l, "
            f"         (1 - {moved_out}) * {female} AS lf, {dissolved} AS ld, 0 AS jm, {moved_out} AS lm "
            f"  FROM {source} WHERE left_on IS NOT NULL AND {where}"
            f") AS moves GROUP BY unit_id, y "
            f"WINDOW unit_years AS (PARTITION BY unit_id ORDER BY y)",  # (unit, year) unique: up to this row
            params * 3,
        )


@transaction.atomic
def member_summary_refresh(*, unit_ids: Iterable[int]) -> None:
    """Recompute every year's summary row of these units from their members."""
    unit_ids = sorted(set(unit_ids))
    if unit_ids:
        lock_rows(Unit, unit_ids)
        _refresh(unit_ids)


@transaction.atomic
def member_summary_rebuild() -> None:
    """Recompute the whole summary table."""
    _refresh(None)
