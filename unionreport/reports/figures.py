"""The figures of a unit's year, as of 31/12 of that year: the one algorithm pages, commands, tests and
benchmarks call.

    figures = figures_for(unit, 2024)
    figures.get("cham_lo.tien"), figures.previous["cham_lo.tien"], figures.children  # by child unit

Each table of `measures.FIGURE_TABLES` is summed in the database in one query, grouped by the
unit's children through the closure table (`units.rollup` places every row); the unit's figures
are the sums of those groups (the unit's own rows + each child's subtree = the unit's subtree),
so the number of queries never grows with the number of units or rows. Welfare and members are
read from their per unit-year summaries (`WelfareSummary`, `MemberSummary`, kept by the welfare
and members apps on every write), not from the raw rows; units that never used the application
add their aggregate history. Last year's figures come as reported and on this year's perimeter,
with the bridge between them (`reports.comparable`); the members of the last five years from one
pass over the member summary (`reports.sums.members_history`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from unionreport.lib.formatting import format_change
from unionreport.lib.years import year_end
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, YearTheme
from unionreport.reports.comparable import BridgeStep, Comparison, compare_previous, members_moved
from unionreport.reports.measures import (
    AGGREGATES,
    CLOSED,
    FIGURE_TABLES,
    MEASURE_BY_KEY,
    MEASURES,
    MEMBER_MOVES,
    TABLES,
    Table,
)
from unionreport.reports.models import Target
from unionreport.reports.once import built_once
from unionreport.reports.sums import add_values, derive_figures, members_history, table_values, year_sums
from unionreport.units import rollup
from unionreport.units.models import Unit

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
    previous: dict[str, int]  # last year as reported (last year's report of this unit)
    previous_comparable: dict[str, int] = field(default_factory=dict)  # last year on this year's perimeter
    bridge: list[BridgeStep] = field(default_factory=list)  # from the one to the other (reports.comparable)
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
        """'+4,5%' against last year on the same perimeter ('' when last year had nothing)."""
        return format_change(self.values.get(key), self.compared.get(key))

    @property
    def compared(self) -> dict[str, int]:
        """What this year is compared with: last year on this year's perimeter."""
        return self.previous_comparable or self.previous

    @property
    def perimeter_changed(self) -> bool:
        """A reorganisation changed the unit's perimeter since last year (the two readings differ)."""
        return bool(self.previous_comparable) and self.previous_comparable != self.previous


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


def _documents(year: int, *values: dict[str, int]) -> list[DirectiveDocument]:
    """The province's directive documents of the year, counted by kind into each of `values`."""
    documents = list(DirectiveDocument.objects.filter(year=year))
    kinds = DirectiveDocument.Kind
    for key, kind in (("van_ban.chuong_trinh", kinds.ACTION_PROGRAMME), ("van_ban.ke_hoach", kinds.PLAN),
                      ("van_ban.dot_pha", kinds.BREAKTHROUGH)):
        for target in values:
            target[key] = sum(1 for d in documents if d.kind == kind)
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


def _grouped_by_child(unit: Unit, year: int, tables: list[Table]) -> dict[int, dict[str, int]]:
    """Each child's figures from every table: added up, since aggregate history states the same keys as the rows
    (a CĐCS that started using the application later has its old years as aggregates beside its siblings' rows)."""
    grouped: dict[int, dict[str, int]] = {}
    for table in tables:
        for group, row in table_values(table.name, unit, year, by_child=True).items():
            add_values(grouped.setdefault(group, {}), row)
    return grouped


def _child_rows(unit: Unit, year: int, grouped: dict[int, dict[str, int]]) -> list[ChildFigures]:
    empty = {m.key: 0 for m in MEASURES if m.table}
    rows = [ChildFigures(child.pk, child.code, name, child.level, derive_figures(empty | grouped.get(child.pk, {})))
            for child, name in rollup.child_units(unit, year)
            if rollup.open_at_year_end(child, year) or any(grouped.get(child.pk, {}).values())]  # closed: with rows
    own = grouped.get(unit.pk)
    if own and any(own.values()):
        rows.insert(0, ChildFigures(unit.pk, unit.code, f"Trực tiếp tại {unit.name}", unit.level,
                                    derive_figures(empty | own), is_own=True))
    return rows


def _in_measure_order(values: dict[str, int]) -> dict[str, int]:
    """The figures in the order of `measures.MEASURES` (commands print them so)."""
    ordered = {m.key: values[m.key] for m in MEASURES if m.key in values}
    return ordered | values


def figures_for(unit: Unit, year: int) -> Figures:
    """Every figure of `unit`'s year (its subtree as of 31/12/year), last year's, and the same by child unit.

    Computed once per version of the data (`reports.once`): the dashboard, the report and its files, opened by
    many at once in December, share one computation until the next write anywhere."""
    return built_once(f"figures:{unit.pk}:{year}", lambda: _computed(unit, year))


def year_values(unit: Unit, year: int, keys: Sequence[str]) -> dict[str, int]:
    """The figures `keys` of `unit`'s year, as `figures_for(unit, year).values` holds them, from the tables they
    come from only, without what surrounds them (rows by child, movements, targets, documents, the members'
    history, their groups by child): for a reorganisation's preview, which shows ten figures of the parent and
    computes them again inside the transaction it rolls back. Once per version of the data, too."""
    tables = tables_of(keys)
    # Of last year's comparison, this year's values hold only the members moved across the border.
    members = [t for t in tables if t.aggregation == MEMBER_MOVES]
    key = f"year-values:{unit.pk}:{year}:{','.join(sorted(t.name for t in tables))}"
    values = built_once(key, lambda: _table_figures(unit, year, tables, compared=members, by_child=False)[0])
    return {k: values.get(k, 0) for k in keys}


def tables_of(keys: Sequence[str]) -> list[Table]:
    """The figure tables that `keys` are summed from (aggregate history states every key; the members moved
    across the border, `doan_vien.chuyen`, come from the members' comparison with last year)."""
    names = {MEASURE_BY_KEY[key].table for key in keys if key in MEASURE_BY_KEY}
    if "doan_vien.chuyen" in keys:
        names.add("members")
    return [t for t in FIGURE_TABLES if t.name in names or t is AGGREGATES]


def _table_figures(unit: Unit, year: int, tables: list[Table] = FIGURE_TABLES, compared: list[Table] | None = None,
                   by_child: bool = True) -> tuple[dict[str, int], Comparison, dict[int, dict[str, int]]]:
    """This year's table figures, last year's comparison, and the groups by child they are the sums of, from
    `tables` (every figure table unless told; last year's from `compared`, the same unless told).

    This year's totals are the sums of the by-child groups; CĐCS closed during the year are counted apart
    (a closed child has no group of its own in the closure table's tree of 31/12). Without `by_child`, the
    totals come from one query per table instead (`sums.year_sums`), and there are no groups."""
    grouped: dict[int, dict[str, int]] = {}
    if not by_child:
        values = year_sums(unit, year, tables)
    else:
        grouped = _grouped_by_child(unit, year, tables)
        closed_keys = {m.key for m in MEASURES if m.table in {t.name for t in tables if t.placement == CLOSED}}
        names = {t.name for t in tables}
        values = {m.key: 0 for m in MEASURES if m.table in names and m.key not in closed_keys}
        for row in grouped.values():
            for key, value in row.items():
                if key not in closed_keys:
                    values[key] = values.get(key, 0) + value
        for table in tables:
            if table.placement == CLOSED:
                values.update(table_values(table.name, unit, year, by_child=False)[None])
    comparison = compare_previous(unit, year, tables if compared is None else compared)
    values["doan_vien.chuyen"] = members_moved(comparison, values)
    return _in_measure_order(derive_figures(values)), comparison, grouped


def _computed(unit: Unit, year: int) -> Figures:
    """`figures_for` from the database."""
    values, comparison, grouped = _table_figures(unit, year)
    previous, comparable = comparison.reported, comparison.comparable
    movements = _movements(unit, year)
    values["phong_trao.so_luong"] = len(movements)
    documents = _documents(year, values)
    _documents(year - 1, previous, comparable)  # the province's documents: the same in both readings
    theme = YearTheme.objects.filter(year=year).values_list("theme", flat=True).first() or ""
    targets = _targets(year, values)
    return Figures(unit=unit, year=year, as_of=year_end(year), values=values, previous=previous,
                   previous_comparable=comparable, bridge=comparison.bridge,
                   children=_child_rows(unit, year, grouped), movements=movements, targets=targets,
                   next_targets=list(Target.objects.filter(year=year + 1)), documents=documents, theme=theme,
                   members_history=members_history(unit, year))


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
