"""Summing the figure tables for a unit's year: one table at a time (by child unit or not), and the members of
several years at once from the summary (the five-year chart).

Every function is one query whatever the number of units or rows; `units.rollup` places the rows.
`reports.figures.figures_for` puts them together.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least

from unionreport.lib.years import year_end
from unionreport.members.models import MemberSummary
from unionreport.reports.measures import (
    AGGREGATES,
    CLOSED,
    FIGURE_TABLES,
    KEY_VALUES,
    MEASURES,
    MEMBER_MOVES,
    STOCK,
    SUMMARIES,
    TABLES,
    WELFARE_COLUMNS,
    WELFARE_SUMMARY_COLUMNS,
    Measure,
    Table,
    member_summary_aggregates,
    members_stated_by_aggregates,
)
from unionreport.reports.models import AggregateFigure
from unionreport.units import rollup
from unionreport.units.models import Unit
from unionreport.units.selectors import valid_on_q

HISTORY_YEARS = 5

def aggregate_expr(measure: Measure, year: int, extra: Q | None = None):
    """The measure's sum (or count) over the rows of `year`, limited further by `extra` when given."""
    condition = measure.q(year) if extra is None else measure.q(year) & extra
    if measure.field is None:
        return Count("pk", filter=condition)
    return Coalesce(Sum(measure.field, filter=condition), 0)


def measures_of(table_name: str) -> list[Measure]:
    return [m for m in MEASURES if m.table == table_name]


def _zeros(table_name: str) -> dict[str, int]:
    return {m.key: 0 for m in measures_of(table_name)}


def _table_queryset(table: Table, unit: Unit, year: int, by_child: bool) -> tuple[QuerySet, str | None]:
    """The table's rows counted in `unit`'s year, and (by child) the field naming the child they count under."""
    if table.placement == CLOSED:
        q, group = rollup.closed_grassroots_q(unit, year, by_child)
        return table.model.objects.filter(q), group
    base = table.model.objects.filter(table.year_q(year))
    if table.placement == STOCK:
        if by_child:
            q, group = rollup.stock_by_child_q(unit, year_end(year), table.unit_field)
            return base.filter(q), group
        return base.filter(rollup.stock_scope_q(unit, year_end(year), table.unit_field)), None
    if by_child:
        q, group = rollup.flow_by_child_q(unit, year, table.unit_field)
        return base.filter(q), group
    return base.filter(rollup.flow_scope_q(unit, year, table.unit_field)), None


def welfare_aggregates() -> dict:
    """The welfare figures from the summary: one plain sum per column (the columns are the breakdowns)."""
    return {key.replace(".", "__"): Coalesce(Sum(column), 0) for key, column in WELFARE_SUMMARY_COLUMNS.items()}


def _conditional_sums(table: Table, qs: QuerySet, group: str | None, year: int, by_child: bool, unit: Unit):
    if table.aggregation == MEMBER_MOVES:
        # Members at year end are a stock: the tree as of 31/12 (the rows may also hold units closed in the year).
        stock = (valid_on_q(year_end(year), f"{table.unit_field}__paths__") if by_child
                 else rollup.stock_scope_q(unit, year_end(year), table.unit_field))
        aggregates = member_summary_aggregates(year, stock)
    elif table.aggregation == WELFARE_COLUMNS:
        aggregates = welfare_aggregates()
    else:
        aggregates = {m.key.replace(".", "__"): aggregate_expr(m, year) for m in measures_of(table.name)}
    if group is None:
        rows = {None: qs.aggregate(**aggregates)}
    else:
        rows = {r.pop("group"): r for r in qs.order_by().values(group=F(group)).annotate(**aggregates)}
    return {k: {name.replace("__", "."): int(v or 0) for name, v in row.items()} for k, row in rows.items()}


def _sum_key_values(qs: QuerySet, group: str | None) -> dict[int | None, dict]:
    """Aggregate history: each row is one figure key's value."""
    keys = [m.key for m in MEASURES if m.table]
    result: dict[int | None, dict] = {}
    rows = qs.order_by().values_list(*((F(group),) if group else ()), "key").annotate(total=Sum("value"))
    for row in rows:
        key_value, key, total = (row[0], row[1], row[2]) if group else (None, row[0], row[1])
        result.setdefault(key_value, {})[key] = int(total or 0)
    if group is None:
        result.setdefault(None, {})
    return {k: {key: v.get(key, 0) for key in keys if key in v} for k, v in result.items()}


def table_by_name(table_name: str) -> Table:
    if table_name == AGGREGATES.name:
        return AGGREGATES
    return SUMMARIES.get(table_name) or TABLES[table_name]


def table_values(table_name: str, unit: Unit, year: int, by_child: bool) -> dict[int | None, dict[str, int]]:
    """The measures of one figure table for `unit`'s year: {None: values}, or {child id: values} by child (the
    unit's own rows under its own id). One query."""
    table = table_by_name(table_name)
    qs, group = _table_queryset(table, unit, year, by_child)
    if table.aggregation == KEY_VALUES:
        return _sum_key_values(qs, group)
    return _conditional_sums(table, qs, group, year, by_child, unit)


def add_values(into: dict[str, int], values: dict[str, int]) -> dict[str, int]:
    """Add `values` to `into`, key by key (several tables, or aggregate history and rows, state the same keys)."""
    for key, value in values.items():
        into[key] = into.get(key, 0) + value
    return into


def derive_figures(values: dict[str, int]) -> dict[str, int]:
    workers = values.get("lao_dong.tong", 0)
    values["lao_dong.thu_nhap_bq"] = values.get("lao_dong.thu_nhap_x_lao_dong", 0) // workers if workers else 0
    return values


# ---------------------------------------------------------------- several years at once (last year, history)


def members_at_ends(unit: Unit, years: list[int]) -> dict[int, int]:
    """Members of the summary at the end of each of `years` in one query, each year counted on its own tree.

    A summary row holds its unit's members from its year until the year of the unit's next row
    (`MemberSummary.members_end`): the rows that hold some year asked are joined to their units' paths to `unit`
    and grouped by the span of years they hold (clipped to the years asked) and by which of the years' 31/12 the
    path is valid on (a bit each): a few hundred groups at most, added up here. A unit has at most one path to
    `unit` on any day and one row holding each year, so each unit counts once in each year's sum."""
    low, high = min(years), max(years)
    p = "unit__paths__"
    int_field = IntegerField()
    mask = reduce(operator.add, (Case(When(valid_on_q(year_end(y), p) & ~members_stated_by_aggregates(y),
                                           then=Value(1 << i)), default=Value(0), output_field=int_field)
                                 for i, y in enumerate(years)))
    rows = (MemberSummary.objects
            .filter(Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gt": dt.date(low, 1, 1)}),
                    Q(next_year__isnull=True) | Q(next_year__gt=low), year__lte=high, **{f"{p}ancestor": unit})
            .order_by()
            .values_list(Greatest("year", Value(low), output_field=int_field),
                         Least(Coalesce("next_year", Value(high + 1)), Value(high + 1), output_field=int_field),
                         mask)
            .annotate(members=Sum("members_end")))
    sums = dict.fromkeys(years, 0)
    for first, until, valid_on, members in rows:
        for i, y in enumerate(years):  # held at the end of y by a row of the years first..until−1, path valid then
            if first <= y < until and valid_on & (1 << i):
                sums[y] += int(members or 0)
    return sums


def year_sums(unit: Unit, year: int, tables: list[Table] = FIGURE_TABLES) -> dict[str, int]:
    """The figures of `tables` (every figure table unless told) of the unit's subtree in the year, not by child:
    one query per table, each cheaper than its grouping by child (the welfare summary's: 54 against 114 ms for
    the province at the merged size)."""
    values: dict[str, int] = {}
    for table in tables:
        add_values(values, table_values(table.name, unit, year, by_child=False)[None])
    return derive_figures(values)


def _aggregate_members(unit: Unit, years: list[int]) -> dict[int, int]:
    """Members at the end of each year stated by aggregate history (units that never used the application),
    each year by its own tree: one query."""
    p = "unit__paths__"
    q = reduce(operator.or_, (Q(year=y) & valid_on_q(year_end(y), p) for y in years))
    rows = (AggregateFigure.objects.filter(q, key="doan_vien.cuoi_nam", **{f"{p}ancestor": unit}).order_by()
            .values_list("year").annotate(total=Sum("value")))
    return {year: int(total or 0) for year, total in rows}


def members_history(unit: Unit, year: int, span: int = HISTORY_YEARS) -> list[tuple[int, int]]:
    """Members at each year end, each year by its own tree, rows and aggregate history: two queries."""
    years = list(range(year - span + 1, year + 1))
    sums = members_at_ends(unit, years)
    aggregates = _aggregate_members(unit, years)
    return [(y, sums[y] + aggregates.get(y, 0)) for y in years]
