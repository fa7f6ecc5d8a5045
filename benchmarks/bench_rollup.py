"""The typical roll-up: welfare money of a year under each child of the province, as of 31/12.

Measured through `units.rollup.stock_by_child_q` (the placement every by-child figure uses) against the
same aggregate written by hand in SQL. The plans (EXPLAIN ANALYZE) go to
`benchmarks/results/rollup_plans.txt` for the index work.
"""

from __future__ import annotations

from pathlib import Path

from django.db import connection
from django.db.models import Sum

from benchmarks.common import Context, Figure, best_of
from unionreport.lib.years import year_end
from unionreport.units.rollup import stock_by_child_q
from unionreport.units.selectors import province_root
from unionreport.welfare.models import Disbursement

PLANS = Path(__file__).resolve().parent / "results" / "rollup_plans.txt"
HAND_SQL = """
SELECT p.ancestor_id, SUM(d.amount_vnd)
FROM welfare_disbursement d
JOIN units_unitpath p ON p.unit_id = d.unit_id
WHERE (p.ancestor_id IN (SELECT c.unit_id FROM units_unitpath c
                         WHERE c.ancestor_id = %(root)s AND c.depth = 1 AND c.valid_from <= %(day)s
                           AND (c.valid_to IS NULL OR c.valid_to > %(day)s))
       OR (p.ancestor_id = %(root)s AND p.depth = 0))
  AND p.valid_from <= %(day)s AND (p.valid_to IS NULL OR p.valid_to > %(day)s)
  AND d.date >= %(start)s AND d.date <= %(day)s
GROUP BY p.ancestor_id
"""


def orm_queryset(year: int):
    as_of = year_end(year)
    q, group = stock_by_child_q(province_root(), as_of)
    return (Disbursement.objects.filter(q, date__year=year)
            .values(group).annotate(vnd=Sum("amount_vnd")).order_by())


def hand_params(year: int) -> dict:
    return {"root": province_root().id, "day": year_end(year), "start": year_end(year).replace(month=1, day=1)}


def _hand(year: int) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, hand_params(year))
        return dict(cursor.fetchall())


def _explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def run(ctx: Context) -> list[Figure]:
    figures = []
    plans = []
    for year in sorted({ctx.extra["generation"]["years"][0], ctx.year}):
        queryset = orm_queryset(year)
        orm = {row["unit__paths__ancestor"]: row["vnd"] for row in queryset}
        hand = _hand(year)
        same = "same totals" if orm == hand else "DIFFERENT totals!"
        orm_s = best_of(lambda qs=queryset: list(qs.all()))
        hand_s = best_of(lambda y=year: _hand(y))
        figures.append(Figure(f"rollup.welfare_by_child_{year}", round(orm_s * 1000, 1), "ms",
                              round(hand_s * 1000, 1), goal="ratio ≤ 1.5",
                              note=f"{len(orm)} children as of 31/12/{year}; baseline: hand-written SQL; {same}"))
        if connection.vendor == "postgresql":
            sql, params = queryset.query.sql_with_params()
            plans.append(f"=== ORM roll-up {year}\n{sql % tuple(repr(str(p)) for p in params)}\n"
                         f"{_explain(sql, params)}\n")
            plans.append(f"=== hand SQL {year}\n{_explain(HAND_SQL, hand_params(year))}\n")
    if plans:
        PLANS.parent.mkdir(parents=True, exist_ok=True)
        PLANS.write_text("\n".join(plans))
    return figures
