"""The aggregation service: every figure of a unit's year, as of 31/12 of that year.

Sums happen in the database with conditional aggregation, one query per table; the
breakdown by child unit is the same query grouped by the child (through the closure
table), so the number of queries never grows with the number of units or rows.

Welfare and members are read from their per unit-year summaries (`WelfareSummary`,
`MemberSummary`, kept by the welfare and members apps on every write), not from the raw
rows: a province has a million disbursements a year but ~50.000 summary rows. The
provenance pages still list the raw rows (`measures.TABLES`).

    figures = province_figures(unit, 2024)      # Figures (report, dashboard, commands)
    rows = figures_by_child(unit, 2024)          # list[ChildFigures], own rows first
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

from unionreport.core.formatting import format_change
from unionreport.members.models import MemberSummary
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, Target, YearTheme
from unionreport.reports.measures import (
    FORM_SLUGS,
    MEASURES,
    OCCASION_SLUGS,
    SOURCE_SLUGS,
    SUMMARIES,
    TABLES,
    Measure,
    Table,
    member_summary_aggregates,
)
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import child_ids, subtree_ids, valid_on_q, year_end
from unionreport.welfare.models import WelfareSummary

SCALAR_TABLES = ["welfare", "houses", "members", "units", "units_closed", "workforce", "activities"]
STOCK_TABLES = {"units"}  # as of 31/12; "members" mixes both (members at year end: as of 31/12, see _stock_q)
HISTORY_YEARS = 5



# ---------------------------------------------------------------- scoping rows to a subtree


def _paths_prefix(table: Table) -> str:
    return f"{table.unit_field}__paths__" if table.unit_field else "paths__"


def _closed_in_year_q(year: int, path_prefix: str, unit_prefix: str) -> Q:
    """The paths of a unit closed during `year` that ended with it: where it stood on its last day."""
    return Q(**{f"{path_prefix}valid_to": F(f"{unit_prefix}valid_to"),
                f"{unit_prefix}valid_to__gt": dt.date(year, 1, 1),
                f"{unit_prefix}valid_to__lte": dt.date(year + 1, 1, 1)})


def placed_q(year: int, path_prefix: str = "", unit_prefix: str = "unit__") -> Q:
    """Paths placing a unit for the year's FLOWS (welfare, houses, new members…): the tree as of 31/12, and a
    unit closed during the year where it stood on its last day (its rows up to then still count)."""
    return valid_on_q(year_end(year), path_prefix) | _closed_in_year_q(year, path_prefix, unit_prefix)


def flow_subtree_ids(unit: Unit | int, year: int, depth: int | None = None) -> QuerySet:
    """Ids of the units whose flows of `year` add up to `unit`'s (`depth=1`: its children), as a subquery."""
    q = Q(ancestor=unit) & placed_q(year)
    if depth is not None:
        q &= Q(depth=depth)
    return UnitPath.objects.filter(q).values("unit_id")


def flow_scope_q(table: Table, unit: Unit | int, year: int) -> Q:
    """Rows of `table` counted in `unit`'s flows of `year` (see `placed_q`)."""
    id_field = f"{table.unit_field}_id__in" if table.unit_field else "id__in"
    return Q(**{id_field: flow_subtree_ids(unit, year)})


def flow_by_child_q(table: Table, unit: Unit, year: int) -> tuple[Q, str]:
    """`by_child_q` for flows: a unit closed during the year is grouped under the child it was in on its last
    day (a closed child of `unit` is a group of its own)."""
    p = _paths_prefix(table)
    q = (Q(**{f"{p}ancestor__in": flow_subtree_ids(unit, year, depth=1)})
         | Q(**{f"{p}ancestor": unit, f"{p}depth": 0}))
    return q & placed_q(year, p, f"{table.unit_field}__" if table.unit_field else ""), f"{p}ancestor"


def scope_q(table: Table, unit: Unit | int, as_of: dt.date) -> Q:
    """Rows of `table` whose unit lies in the subtree of `unit` as of the date."""
    id_field = f"{table.unit_field}_id__in" if table.unit_field else "id__in"
    return Q(**{id_field: subtree_ids(unit, as_of)})


def own_q(table: Table, unit: Unit | int) -> Q:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return Q(**{f"{table.unit_field}_id" if table.unit_field else "id": unit_id})


def by_child_q(table: Table, unit: Unit, as_of: dt.date) -> tuple[Q, str]:
    """Rows under each child (or of the unit itself), and the field naming that child, for GROUP BY."""
    p = _paths_prefix(table)
    q = (Q(**{f"{p}ancestor__in": child_ids(unit, as_of)}) | Q(**{f"{p}ancestor": unit, f"{p}depth": 0}))
    return q & valid_on_q(as_of, p), f"{p}ancestor"


def _closed_q(unit: Unit, year: int, by_child: bool) -> tuple[Q, str | None]:
    """CĐCS closed during the year, placed where they stood on their last day (the path that ended with them)."""
    start = dt.date(year, 1, 1)
    q = Q(level=Unit.Level.GRASSROOTS, valid_to__gt=start, valid_to__lte=dt.date(year + 1, 1, 1),
          paths__valid_to=F("valid_to"))
    if not by_child:
        return q & Q(paths__ancestor=unit), None
    children = flow_subtree_ids(unit, year, depth=1)  # a closed child counts itself
    return q & (Q(paths__ancestor__in=children) | Q(paths__ancestor=unit, paths__depth=0)), "paths__ancestor"


# ---------------------------------------------------------------- aggregation


def _aggregate_expr(measure: Measure, year: int):
    condition = measure.q(year)
    if measure.field is None:
        return Count("pk", filter=condition)
    return Coalesce(Sum(measure.field, filter=condition), 0)


def _measures_of(table_name: str) -> list[Measure]:
    return [m for m in MEASURES if m.table == table_name]


def _table_queryset(table_name: str, unit: Unit, year: int, by_child: bool) -> tuple[QuerySet, str | None]:
    as_of = year_end(year)
    if table_name == "units_closed":
        q, group = _closed_q(unit, year, by_child)
        return Unit.objects.filter(q), group
    table = SUMMARIES.get(table_name) or TABLES[table_name]
    base = table.model.objects.filter(table.year_q(year))
    if table_name in STOCK_TABLES:
        if by_child:
            q, group = by_child_q(table, unit, as_of)
            return base.filter(q), group
        return base.filter(scope_q(table, unit, as_of)), None
    if by_child:
        q, group = flow_by_child_q(table, unit, year)
        return base.filter(q), group
    return base.filter(flow_scope_q(table, unit, year)), None


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
    empty = {m.key: 0 for m in _measures_of("welfare")}
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


WELFARE_GROUPS = ("occasion", "form", "source")


def _run_welfare(unit: Unit, year: int, by_child: bool) -> dict[int | None, dict]:
    """Welfare grouped by (child,) occasion, form and source in the database (at most 120 groups per child),
    folded into the breakdown keys here: two sums compile far faster than thirty-two filtered ones."""
    qs, group = _table_queryset("welfare", unit, year, by_child)
    rows = qs.order_by().values_list(*((F(group),) if group else ()), *WELFARE_GROUPS).annotate(
        luot=Sum("person_times"), tien=Sum("amount_vnd"))
    result = _fold_welfare(rows, keyed=group is not None)
    if not by_child:
        result.setdefault(None, {m.key: 0 for m in _measures_of("welfare")})
    return result


def _welfare_years(unit: Unit, years: list[int]) -> dict[int, dict]:
    """The welfare totals of several years (each by its own tree) in one pass over the summary."""
    table = SUMMARIES["welfare"]
    q = reduce(operator.or_, (Q(year=year) & flow_scope_q(table, unit, year) for year in years))
    rows = (WelfareSummary.objects.filter(q).order_by().values_list("year", *WELFARE_GROUPS)
            .annotate(luot=Sum("person_times"), tien=Sum("amount_vnd")))
    folded = _fold_welfare(rows, keyed=True)
    return {year: folded.get(year) or {m.key: 0 for m in _measures_of("welfare")} for year in years}


def _members_years(unit: Unit, years: list[int], history: list[int]) -> dict[str, int]:
    """Member figures from the summary in one query: `moi@<year>` and `giam@<year>` for `years`, `cuoi_nam@<year>`
    for `years` and `history`; each year counted on its own tree (end of year = Σ joined − Σ left up to it).

    The summary rows are joined to their units' paths to `unit` and grouped by the summary year (the years before
    the first one asked as one), by which of the years' 31/12 the path is valid on (a bit each) and by the flow
    year it places the row in (`placed_q`): a few hundred groups at most, added up here. A unit has at most one
    path to `unit` on any day, so each row counts once in each year's sums."""
    wanted = sorted({*years, *history})
    low, high = wanted[0], wanted[-1]
    p = "unit__paths__"
    int_field = IntegerField()
    mask = reduce(operator.add, (Case(When(valid_on_q(year_end(y), p), then=Value(1 << i)), default=Value(0),
                                      output_field=int_field) for i, y in enumerate(wanted)))
    flow = Case(*(When(Q(year=y) & placed_q(y, p, "unit__"), then=Value(y)) for y in years),
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


def _stock_q(unit: Unit, year: int, by_child: bool) -> Q:
    """Member summary rows counted in members at year end: units in the tree as of 31/12."""
    table = SUMMARIES["members"]
    if by_child:
        return valid_on_q(year_end(year), _paths_prefix(table))
    return scope_q(table, unit, year_end(year))


def run_table(table_name: str, unit: Unit, year: int, by_child: bool) -> dict[int | None, dict]:
    if table_name == "welfare":
        return _run_welfare(unit, year, by_child)
    if table_name == "members":
        aggregates = member_summary_aggregates(year, _stock_q(unit, year, by_child))
    else:
        aggregates = {m.key.replace(".", "__"): _aggregate_expr(m, year) for m in _measures_of(table_name)}
    if table_name == "workforce":
        aggregates["lao_dong__thu_nhap_x_lao_dong"] = Coalesce(
            Sum(F("average_income_vnd") * F("total_workers")), 0)
    qs, group = _table_queryset(table_name, unit, year, by_child)
    if group is None:
        rows = {None: qs.aggregate(**aggregates)}
    else:
        rows = {r.pop("group"): r for r in qs.order_by().values(group=F(group)).annotate(**aggregates)}
    return {k: {name.replace("__", "."): int(v or 0) for name, v in row.items()} for k, row in rows.items()}


def _derive(values: dict[str, int]) -> dict[str, int]:
    workers = values.get("lao_dong.tong", 0)
    values["lao_dong.thu_nhap_bq"] = values.get("lao_dong.thu_nhap_x_lao_dong", 0) // workers if workers else 0
    return values


def values_for_years(unit: Unit, years: list[int], history: Sequence[int] = ()) -> tuple[dict[int, dict], dict]:
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
        for name in SCALAR_TABLES:
            if name not in SUMMARIES:
                per_year[year].update(run_table(name, unit, year, by_child=False)[None])
    return {year: _derive(values) for year, values in per_year.items()}, members


def scalar_values(unit: Unit, year: int) -> dict[str, int]:
    """Every table-based figure of the unit's subtree in the year: one query per table."""
    return values_for_years(unit, [year])[0][year]


# ---------------------------------------------------------------- the report's figures


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
class Figures:
    unit: Unit
    year: int
    as_of: dt.date
    values: dict[str, int]
    previous: dict[str, int]
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
    table = TABLES["movements"]
    sums = dict(
        table.model.objects.filter(flow_scope_q(table, unit, year), year=year)
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


def members_history(unit: Unit, year: int, span: int = HISTORY_YEARS) -> list[tuple[int, int]]:
    """Members at each year end, each year by its own tree: one query (on the member summary)."""
    years = list(range(year - span + 1, year + 1))
    sums = _members_years(unit, [], years)
    return [(y, sums[f"cuoi_nam@{y}"]) for y in years]


def _complete(unit: Unit, year: int, values: dict, previous: dict, history: list[tuple[int, int]]) -> Figures:
    """The figures that do not come from unit rows (movements, documents, targets, theme), and the Figures."""
    movements = _movements(unit, year)
    values["phong_trao.so_luong"] = len(movements)
    documents = _documents(year, values)
    _documents(year - 1, previous)
    targets = _targets(year, values)
    theme = YearTheme.objects.filter(year=year).values_list("theme", flat=True).first() or ""
    return Figures(unit=unit, year=year, as_of=year_end(year), values=values, previous=previous,
                   movements=movements, targets=targets, next_targets=list(Target.objects.filter(year=year + 1)),
                   documents=documents, theme=theme, members_history=history)


def province_figures(unit: Unit, year: int) -> Figures:
    """Every figure of the report for `unit` (and its subtree as of 31/12/year), with last year's."""
    history = list(range(year - HISTORY_YEARS + 1, year + 1))
    both, members = values_for_years(unit, [year, year - 1], history)
    return _complete(unit, year, both[year], both[year - 1], [(y, members[f"cuoi_nam@{y}"]) for y in history])


# ---------------------------------------------------------------- by child unit


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


def child_units(unit: Unit, year: int) -> list[tuple[Unit, str]]:
    """The unit's children as of 31/12/year with their names then, and after them the children closed during
    the year (named on their last day, “giải thể từ …”: their flows still count here): one query."""
    periods = (UnitPeriod.objects.filter(placed_q(year), parent=unit)
               .select_related("unit").order_by("unit__code"))
    open_, closed = [], []
    for p in periods:
        if p.valid_to is not None and p.valid_to <= year_end(year):
            closed.append((p.unit, f"{p.name} (giải thể từ {p.valid_to:%d/%m/%Y})"))
        else:
            open_.append((p.unit, p.name))
    return open_ + closed


def _open_at_end(unit: Unit, year: int) -> bool:
    return unit.valid_to is None or unit.valid_to > year_end(year)


def _grouped_by_child(unit: Unit, year: int) -> dict[int, dict[str, int]]:
    grouped: dict[int, dict[str, int]] = {}
    for name in SCALAR_TABLES:
        for group, row in run_table(name, unit, year, by_child=True).items():
            grouped.setdefault(group, {}).update(row)
    return grouped


def _child_rows(unit: Unit, year: int, grouped: dict[int, dict[str, int]], include_own: bool) -> list[ChildFigures]:
    empty = {m.key: 0 for m in MEASURES if m.table}
    rows = [ChildFigures(child.pk, child.code, name, child.level, _derive(empty | grouped.get(child.pk, {})))
            for child, name in child_units(unit, year)
            if _open_at_end(child, year) or any(grouped.get(child.pk, {}).values())]  # closed: only with rows
    own = grouped.get(unit.pk)
    if include_own and own and any(own.values()):
        rows.insert(0, ChildFigures(unit.pk, unit.code, f"Trực tiếp tại {unit.name}", unit.level,
                                    _derive(empty | own), is_own=True))
    return rows


def figures_by_child(unit: Unit, year: int, include_own: bool = True) -> list[ChildFigures]:
    """The table-based figures per child unit (as of 31/12/year); the first row is the unit's own rows."""
    return _child_rows(unit, year, _grouped_by_child(unit, year), include_own)


def figures_with_children(unit: Unit, year: int, include_own: bool = True) -> tuple[Figures, list[ChildFigures]]:
    """`province_figures(unit, year)` and `figures_by_child(unit, year)` together, one pass fewer over each table:
    this year's totals are the sums of the by-child groups (the unit's own rows + each child's subtree = the
    unit's subtree). CĐCS closed during the year are counted apart (a closed child has no group)."""
    grouped = _grouped_by_child(unit, year)
    closed_keys = {m.key for m in _measures_of("units_closed")}
    values = {m.key: 0 for m in MEASURES if m.table and m.key not in closed_keys}
    for row in grouped.values():
        for key, value in row.items():
            if key not in closed_keys:
                values[key] = values.get(key, 0) + value
    values.update(run_table("units_closed", unit, year, by_child=False)[None])
    history = list(range(year - HISTORY_YEARS + 1, year + 1))
    before, members = values_for_years(unit, [year - 1], history)
    figures = _complete(unit, year, _derive(values), before[year - 1],
                        [(y, members[f"cuoi_nam@{y}"]) for y in history])
    return figures, _child_rows(unit, year, grouped, include_own)


def indicator_by_child(unit: Unit, year: int, indicator_id: int) -> dict[int, Decimal]:
    """One movement indicator per child unit (and the unit's own rows): one query."""
    table = TABLES["movements"]
    q, group = flow_by_child_q(table, unit, year)
    return dict(table.model.objects.filter(q, year=year, indicator_id=indicator_id).order_by()
                .values_list(group).annotate(total=Sum("value")))


def indicator_name(indicator_id: int) -> Indicator | None:
    return Indicator.objects.filter(pk=indicator_id).select_related("movement").first()


def has_children(unit: Unit, year: int) -> bool:
    return UnitPath.objects.filter(valid_on_q(year_end(year)), ancestor=unit, depth=1).exists()


def latest_data_year() -> int | None:
    """The last year with welfare rows (the index page's default year)."""
    from unionreport.welfare.models import Disbursement

    last = Disbursement.objects.order_by("-date").values_list("date", flat=True).first()
    return last.year if last else None
