"""The figures of a unit's year, as of 31/12 of that year: the one algorithm pages, commands, tests and
benchmarks call.

    figures = figures_for(unit, 2024)
    figures.get("cham_lo.tien"), figures.previous["cham_lo.tien"], figures.children  # by child unit

Each table of `measures.FIGURE_TABLES` is summed in the database in one query, grouped by the
unit's children through the closure table (`units.rollup` places every row); the unit's figures
are the sums of those groups (the unit's own rows + each child's subtree = the unit's subtree),
so the number of queries never grows with the number of units or rows. Welfare and members are
read from their per unit-year summaries (`WelfareSummary`, `MemberSummary`, kept by the welfare
and members apps on every write), not from the raw rows. Last year's figures and the members of
the last five years come from one pass over each summary (`_values_for_years`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from unionreport.lib.formatting import format_change
from unionreport.lib.years import year_end
from unionreport.members.models import MemberSummary
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, YearTheme
from unionreport.reports.measures import (
    CLOSED,
    FIGURE_TABLES,
    FORM_SLUGS,
    MEASURES,
    MEMBER_MOVES,
    OCCASION_SLUGS,
    SOURCE_SLUGS,
    STOCK,
    SUMMARIES,
    TABLES,
    WELFARE_GROUPS,
    Measure,
    Table,
    member_summary_aggregates,
)
from unionreport.reports.models import Target
from unionreport.units import rollup
from unionreport.units.models import Unit
from unionreport.units.selectors import valid_on_q
from unionreport.welfare.models import WelfareSummary

HISTORY_YEARS = 5

# ---------------------------------------------------------------- one table's sums


def _aggregate_expr(measure: Measure, year: int):
    condition = measure.q(year)
    if measure.field is None:
        return Count("pk", filter=condition)
    return Coalesce(Sum(measure.field, filter=condition), 0)


def _measures_of(table_name: str) -> list[Measure]:
    return [m for m in MEASURES if m.table == table_name]


def _zeros(table_name: str) -> dict[str, int]:
    return {m.key: 0 for m in _measures_of(table_name)}


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


_WELFARE_KEYS: dict[tuple[str, str, str], tuple[tuple[str, str], ...]] = {}


def _welfare_keys(occasion: str, form: str, source: str) -> tuple[tuple[str, str], ...]:
    """The (lượt, tiền) keys a group of (occasion, form, source) adds to: the total and its three breakdowns."""
    keys = _WELFARE_KEYS.get((occasion, form, source))
    if keys is None:
        slugs = (OCCASION_SLUGS.get(occasion), FORM_SLUGS.get(form), SOURCE_SLUGS.get(source))
        prefixes = ("cham_lo", *(f"cham_lo.{slug}" for slug in slugs if slug))
        keys = _WELFARE_KEYS[(occasion, form, source)] = tuple((f"{p}.luot", f"{p}.tien") for p in prefixes)
    return keys


def _fold_welfare(rows, keyed: bool) -> dict[int | None, dict]:
    """Rows (key,) occasion, form, source, lượt, tiền folded into the breakdown keys per key value."""
    empty = _zeros("welfare")
    result: dict[int | None, dict] = {}
    for row in rows:
        key, (occasion, form, source, luot, tien) = (row[0], row[1:]) if keyed else (None, row)
        values = result.get(key)
        if values is None:
            values = result[key] = dict(empty)
        luot, tien = luot or 0, tien or 0
        for luot_key, tien_key in _welfare_keys(occasion, form, source):
            values[luot_key] += luot
            values[tien_key] += tien
    return result


WELFARE_GROUPS_FIELDS = ("occasion", "form", "source")


def _sum_welfare(qs: QuerySet, group: str | None) -> dict[int | None, dict]:
    """Welfare grouped by (child,) occasion, form and source in the database (at most 120 groups per child),
    folded into the breakdown keys here: two sums compile far faster than thirty-two filtered ones."""
    rows = qs.order_by().values_list(*((F(group),) if group else ()), *WELFARE_GROUPS_FIELDS).annotate(
        luot=Sum("person_times"), tien=Sum("amount_vnd"))
    result = _fold_welfare(rows, keyed=group is not None)
    if group is None:
        result.setdefault(None, _zeros("welfare"))
    return result


def _conditional_sums(table: Table, qs: QuerySet, group: str | None, year: int, by_child: bool, unit: Unit):
    if table.aggregation == MEMBER_MOVES:
        # Members at year end are a stock: the tree as of 31/12 (the rows may also hold units closed in the year).
        stock = (valid_on_q(year_end(year), f"{table.unit_field}__paths__") if by_child
                 else rollup.stock_scope_q(unit, year_end(year), table.unit_field))
        aggregates = member_summary_aggregates(year, stock)
    else:
        aggregates = {m.key.replace(".", "__"): _aggregate_expr(m, year) for m in _measures_of(table.name)}
    if group is None:
        rows = {None: qs.aggregate(**aggregates)}
    else:
        rows = {r.pop("group"): r for r in qs.order_by().values(group=F(group)).annotate(**aggregates)}
    return {k: {name.replace("__", "."): int(v or 0) for name, v in row.items()} for k, row in rows.items()}


def table_values(table_name: str, unit: Unit, year: int, by_child: bool) -> dict[int | None, dict[str, int]]:
    """The measures of one figure table for `unit`'s year: {None: values}, or {child id: values} by child (the
    unit's own rows under its own id). One query."""
    table = SUMMARIES.get(table_name) or TABLES[table_name]
    qs, group = _table_queryset(table, unit, year, by_child)
    if table.aggregation == WELFARE_GROUPS:
        return _sum_welfare(qs, group)
    return _conditional_sums(table, qs, group, year, by_child, unit)


def _derive(values: dict[str, int]) -> dict[str, int]:
    workers = values.get("lao_dong.tong", 0)
    values["lao_dong.thu_nhap_bq"] = values.get("lao_dong.thu_nhap_x_lao_dong", 0) // workers if workers else 0
    return values


# ---------------------------------------------------------------- several years at once (last year, history)


def _welfare_years(unit: Unit, years: list[int]) -> dict[int, dict]:
    """The welfare totals of several years (each by its own tree) in one pass over the summary."""
    q = reduce(operator.or_, (Q(year=year) & rollup.flow_scope_q(unit, year) for year in years))
    rows = (WelfareSummary.objects.filter(q).order_by().values_list("year", *WELFARE_GROUPS_FIELDS)
            .annotate(luot=Sum("person_times"), tien=Sum("amount_vnd")))
    folded = _fold_welfare(rows, keyed=True)
    return {year: folded.get(year) or _zeros("welfare") for year in years}


def _members_years(unit: Unit, years: list[int], history: list[int]) -> dict[str, int]:
    """Member figures from the summary in one query: `moi@<year>` and `giam@<year>` for `years`, `cuoi_nam@<year>`
    for `years` and `history`; each year counted on its own tree (end of year = Σ joined − Σ left up to it).

    The summary rows are joined to their units' paths to `unit` and grouped by the summary year (the years before
    the first one asked as one), by which of the years' 31/12 the path is valid on (a bit each) and by the flow
    year it places the row in (`rollup.placed_q`): a few hundred groups at most, added up here. A unit has at
    most one path to `unit` on any day, so each row counts once in each year's sums."""
    wanted = sorted({*years, *history})
    low, high = wanted[0], wanted[-1]
    p = "unit__paths__"
    int_field = IntegerField()
    mask = reduce(operator.add, (Case(When(valid_on_q(year_end(y), p), then=Value(1 << i)), default=Value(0),
                                      output_field=int_field) for i, y in enumerate(wanted)))
    flow = Case(*(When(Q(year=y) & rollup.placed_q(y, p, "unit__"), then=Value(y)) for y in years),
                default=Value(0), output_field=int_field) if years else Value(0, output_field=int_field)
    rows = (MemberSummary.objects
            .filter(Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gt": dt.date(low, 1, 1)}),
                    year__lte=high, **{f"{p}ancestor": unit})
            .order_by()
            .values_list(Greatest("year", Value(low), output_field=int_field), mask, flow)
            .annotate(net=Sum(F("joined") - F("left")), joined_sum=Sum("joined"), left_sum=Sum("left")))
    sums = {f"cuoi_nam@{y}": 0 for y in wanted}
    sums.update({f"{name}@{y}": 0 for y in years for name in ("moi", "giam")})
    for year, valid_on, flow_year, net, joined, left in rows:
        for i, y in enumerate(wanted):  # counted at the end of y: a row of a year up to y, its path valid on 31/12/y
            if year <= y and valid_on & (1 << i):
                sums[f"cuoi_nam@{y}"] += int(net or 0)
        if flow_year:
            sums[f"moi@{flow_year}"] += int(joined or 0)
            sums[f"giam@{flow_year}"] += int(left or 0)
    return sums


def _values_for_years(unit: Unit, years: list[int], history: Sequence[int] = ()) -> tuple[dict[int, dict], dict]:
    """Every table-based figure of the unit's subtree in each of `years` (each by its own tree): welfare and
    members in one query for all the years (with members at the end of each `history` year), the small tables
    in one query per table and year. Returns ({year: values}, member sums)."""
    per_year: dict[int, dict[str, int]] = {y: {} for y in years}
    for year, values in _welfare_years(unit, years).items():
        per_year[year].update(values)
    members = _members_years(unit, years, list(history))
    for year in years:
        per_year[year].update({"doan_vien.cuoi_nam": members[f"cuoi_nam@{year}"],
                               "doan_vien.moi": members[f"moi@{year}"], "doan_vien.giam": members[f"giam@{year}"]})
        for table in FIGURE_TABLES:
            if table.name not in SUMMARIES:
                per_year[year].update(table_values(table.name, unit, year, by_child=False)[None])
    return {year: _derive(values) for year, values in per_year.items()}, members


def members_history(unit: Unit, year: int, span: int = HISTORY_YEARS) -> list[tuple[int, int]]:
    """Members at each year end, each year by its own tree: one query (on the member summary)."""
    years = list(range(year - span + 1, year + 1))
    sums = _members_years(unit, [], years)
    return [(y, sums[f"cuoi_nam@{y}"]) for y in years]


# ---------------------------------------------------------------- what the report shows beside the unit rows


@dataclass
class IndicatorFigure:
    id: int
    name: str
    measure: str
    kind: str
    value: Decimal

    @property
    def key(self) -> str:
        return f"chi_so.{self.id}"


@dataclass
class MovementFigure:
    name: str
    indicators: list[IndicatorFigure]


@dataclass
class TargetFigure:
    name: str
    measure: str
    planned: Decimal
    figure_key: str
    achieved: int | None
    percent: Decimal | None
    met: bool | None
    assigned_by_confederation: bool


@dataclass
class ChildFigures:
    unit_id: int
    code: str
    name: str
    level: str
    values: dict[str, int]
    is_own: bool = False  # rows entered at the unit itself (not under any child)

    def get(self, key: str) -> int:
        return self.values.get(key, 0)


@dataclass
class Figures:
    unit: Unit
    year: int
    as_of: dt.date
    values: dict[str, int]
    previous: dict[str, int]
    children: list[ChildFigures] = field(default_factory=list)  # own rows first, then each child
    movements: list[MovementFigure] = field(default_factory=list)
    targets: list[TargetFigure] = field(default_factory=list)
    next_targets: list[Target] = field(default_factory=list)
    documents: list[DirectiveDocument] = field(default_factory=list)
    theme: str = ""
    members_history: list[tuple[int, int]] = field(default_factory=list)

    def get(self, key: str) -> int:
        return self.values.get(key, 0)

    def change(self, key: str) -> str:
        """'+4,5%' against last year ('' when last year had nothing)."""
        return format_change(self.values.get(key), self.previous.get(key))


def _movements(unit: Unit, year: int) -> list[MovementFigure]:
    movements = list(Movement.objects.filter(year=year, active=True).prefetch_related("indicators"))
    sums = dict(
        TABLES["movements"].model.objects.filter(rollup.flow_scope_q(unit, year), year=year)
        .order_by().values_list("indicator_id").annotate(total=Sum("value"))
    )
    return [
        MovementFigure(m.name, [IndicatorFigure(i.id, i.name, i.measure, i.kind, sums.get(i.id) or Decimal(0))
                                for i in m.indicators.all()])
        for m in movements
    ]


def _documents(year: int, values: dict[str, int]) -> list[DirectiveDocument]:
    documents = list(DirectiveDocument.objects.filter(year=year))
    kinds = DirectiveDocument.Kind
    for key, kind in (("van_ban.chuong_trinh", kinds.ACTION_PROGRAMME), ("van_ban.ke_hoach", kinds.PLAN),
                      ("van_ban.dot_pha", kinds.BREAKTHROUGH)):
        values[key] = sum(1 for d in documents if d.kind == kind)
    return documents


def _targets(year: int, values: dict[str, int]) -> list[TargetFigure]:
    result = []
    for target in Target.objects.filter(year=year):
        achieved = values.get(target.figure_key) if target.figure_key else None
        percent = met = None
        if achieved is not None:
            met = achieved >= target.planned_value
            if target.planned_value:
                percent = Decimal(achieved) * 100 / target.planned_value
        result.append(TargetFigure(target.name, target.measure, target.planned_value, target.figure_key, achieved,
                                   percent, met, target.assigned_by_confederation))
    values["chi_tieu.tong"] = len(result)
    values["chi_tieu.dat"] = sum(1 for t in result if t.met)
    return result


# ---------------------------------------------------------------- the figures of a unit's year


def _grouped_by_child(unit: Unit, year: int) -> dict[int, dict[str, int]]:
    grouped: dict[int, dict[str, int]] = {}
    for table in FIGURE_TABLES:
        for group, row in table_values(table.name, unit, year, by_child=True).items():
            grouped.setdefault(group, {}).update(row)
    return grouped


def _child_rows(unit: Unit, year: int, grouped: dict[int, dict[str, int]]) -> list[ChildFigures]:
    empty = {m.key: 0 for m in MEASURES if m.table}
    rows = [ChildFigures(child.pk, child.code, name, child.level, _derive(empty | grouped.get(child.pk, {})))
            for child, name in rollup.child_units(unit, year)
            if rollup.open_at_year_end(child, year) or any(grouped.get(child.pk, {}).values())]  # closed: with rows
    own = grouped.get(unit.pk)
    if own and any(own.values()):
        rows.insert(0, ChildFigures(unit.pk, unit.code, f"Trực tiếp tại {unit.name}", unit.level,
                                    _derive(empty | own), is_own=True))
    return rows


def figures_for(unit: Unit, year: int) -> Figures:
    """Every figure of `unit`'s year (its subtree as of 31/12/year), last year's, and the same by child unit.

    This year's totals are the sums of the by-child groups; CĐCS closed during the year are counted apart
    (a closed child has no group of its own in the closure table's tree of 31/12)."""
    grouped = _grouped_by_child(unit, year)
    closed_keys = {m.key for m in MEASURES if m.table in {t.name for t in FIGURE_TABLES if t.placement == CLOSED}}
    values = {m.key: 0 for m in MEASURES if m.table and m.key not in closed_keys}
    for row in grouped.values():
        for key, value in row.items():
            if key not in closed_keys:
                values[key] = values.get(key, 0) + value
    for table in FIGURE_TABLES:
        if table.placement == CLOSED:
            values.update(table_values(table.name, unit, year, by_child=False)[None])
    history = list(range(year - HISTORY_YEARS + 1, year + 1))
    before, members = _values_for_years(unit, [year - 1], history)
    values, previous = _derive(values), before[year - 1]
    movements = _movements(unit, year)
    values["phong_trao.so_luong"] = len(movements)
    documents = _documents(year, values)
    _documents(year - 1, previous)
    targets = _targets(year, values)
    theme = YearTheme.objects.filter(year=year).values_list("theme", flat=True).first() or ""
    return Figures(unit=unit, year=year, as_of=year_end(year), values=values, previous=previous,
                   children=_child_rows(unit, year, grouped), movements=movements, targets=targets,
                   next_targets=list(Target.objects.filter(year=year + 1)), documents=documents, theme=theme,
                   members_history=[(y, members[f"cuoi_nam@{y}"]) for y in history])


# ---------------------------------------------------------------- one movement indicator (the drill-down)


def indicator_by_child(unit: Unit, year: int, indicator_id: int) -> dict[int, Decimal]:
    """One movement indicator per child unit (and the unit's own rows): one query."""
    q, group = rollup.flow_by_child_q(unit, year)
    return dict(TABLES["movements"].model.objects.filter(q, year=year, indicator_id=indicator_id).order_by()
                .values_list(group).annotate(total=Sum("value")))


def indicator_total(unit: Unit, year: int, indicator_id: int) -> Decimal:
    return (TABLES["movements"].model.objects.filter(rollup.flow_scope_q(unit, year), year=year,
                                                     indicator_id=indicator_id)
            .aggregate(total=Coalesce(Sum("value"), Decimal(0)))["total"])


def indicator_name(indicator_id: int) -> Indicator | None:
    return Indicator.objects.filter(pk=indicator_id).select_related("movement").first()
