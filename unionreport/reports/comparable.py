"""Last year's figures of a unit, as reported and on this year's perimeter, with the bridge between them.

Reorganisation spec, "Comparable previous year and the bridge". For node N and year Y every unit u whose
rows of Y−1 may count is flagged once (one query) by these questions:

- b: was u's figure of Y−1 in N's report of Y−1 (under N on 31/12/(Y−1) for stocks, placed under N for the
  flows of Y−1: `units.rollup`)?
- s: is u on N's perimeter of Y? A unit closed by a merger or a split during Y goes with its successor; a
  unit alive on 1/1/Y goes where it is placed for Y; a unit closed before Y stays where it was (s = b, for a
  stock figure as for a flow: its 31/12 stock was not in last year's report, so it is not in the base).
- p: was u dissolved during Y under the 2025 policy (budget-paid agencies: their staff stopped being
  members, so they leave the base)?

Each table's rows of Y−1 are summed in two queries: the units with every flag true but p (b = s, nothing
moved or dissolved: most units, most years) as one group, and each other unit apart; the bridge reads

    bao_cao = Σ b            sap_nhap_vao = Σ (s ∧ ¬b)       chuyen_di = Σ (b ∧ ¬s)
    giai_the_ngan_sach = Σ (s ∧ p)          so_sanh = Σ (s ∧ ¬p)

so that so_sanh = bao_cao + sap_nhap_vao − chuyen_di − giai_the_ngan_sach by construction, at every node.
With no reorganisation during Y, s = b and nothing is dissolved under the policy: both readings are equal.

Members moved across N's border (`doan_vien.chuyen` of Y): the members on 31/12/(Y−1) of the units placed
under N in Y that were not under N then, less the reverse, plus the members a reorganisation moved into
N's units less those it moved out. Members at 31/12/Y = last year's (as reported) + joined − left + chuyen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from unionreport.lib.db import AmongIds
from unionreport.lib.years import year_end
from unionreport.reports.measures import (
    FIGURE_TABLES,
    KEY_VALUES,
    MEASURES,
    MEMBER_MOVES,
    STOCK,
    STOCK_KEYS,
    WELFARE_COLUMNS,
    Table,
    member_summary_aggregates,
)
from unionreport.reports.sums import (
    aggregate_expr,
    derive_figures,
    measures_of,
    welfare_aggregates,
)
from unionreport.units import rollup
from unionreport.units.models import Succession, Unit, UnitPath
from unionreport.units.selectors import ever_subtree_ids, valid_on_q

STEPS = [
    ("bao_cao", "Năm trước theo báo cáo"),
    ("sap_nhap_vao", "Cộng: đơn vị sáp nhập, chuyển đến"),
    ("chuyen_di", "Trừ: đơn vị chuyển đi"),
    ("giai_the_ngan_sach", "Trừ: CĐCS giải thể theo chủ trương năm 2025"),
    ("so_sanh", "Cơ sở so sánh (cùng phạm vi năm nay)"),
]


@dataclass
class BridgeStep:
    step: str
    label: str
    values: dict[str, int]

    def get(self, key: str) -> int:
        return self.values.get(key, 0)


@dataclass
class Comparison:
    reported: dict[str, int]  # last year as reported (the bridge's first step)
    comparable: dict[str, int]  # last year on this year's perimeter (its last step)
    bridge: list[BridgeStep]
    moved_in_stock: int  # members on 31/12 of last year of the units that came into the perimeter, less the reverse

    @property
    def changed(self) -> bool:
        """Did any reorganisation change the perimeter (the two readings differ)?"""
        return self.reported != self.comparable


def _candidate_units(unit: Unit, year: int) -> QuerySet:
    """Units that ever were below `unit`, or were merged during the year into one that was."""
    merged_in = Succession.objects.filter(effective_date__year=year, successor_id__in=ever_subtree_ids(unit))
    return Unit.objects.filter(Q(pk__in=ever_subtree_ids(unit)) | Q(pk__in=merged_in.values("predecessor_id")))


FLAG_NAMES = ("_b_stock", "_b_flow", "_placed", "_s", "_p", "_existed")
# The flags of a unit under `unit` in every reading, last year and this year, that was neither merged, split nor
# dissolved under the 2025 policy during the year (most units, most years): b = s, nothing moved or dissolved.
STABLE = dict(zip(FLAG_NAMES, (True, True, True, True, False, True), strict=True))


@dataclass
class UnitFlags:
    stable: list[int]  # the stable units' ids
    others: dict[int, dict]  # the flags of the other units whose rows can count in some step
    unstable: list[int]  # every candidate unit that is not stable (`others` and those outside in every reading)


def _ever(q: Q) -> Max:
    """1 when some path of the group satisfies `q`, else 0."""
    return Max(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))


def _unit_flags(unit: Unit, year: int) -> UnitFlags:
    """The candidate units, flagged once (two queries): the stable ones' ids, the flags of the others whose rows
    can count in some step (not those outside `unit` in every reading), and the ids of every unit not stable.

    Flagging the ~12.000 units once, rather than each row of each table by the same questions, is what makes the
    comparison cheap at the merged size (issue 17: the flags of every row cost four times the sums). Where a
    unit stands comes from one pass over the paths below `unit`, grouped by unit (a path placing it under `unit`
    at the end of last year, for last year's flows, for this year's: 45 ms for the province, where a question
    each over the units took 90); the year's successions say which predecessors go with a successor placed
    under `unit` this year, and add those merged into a unit ever below `unit` that never were below it."""
    start, next_start, last_year_end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1), year_end(year - 1)
    stable_values = tuple(STABLE.values())
    fields = ("valid_from", "valid_to", "closure", "closure_reason")
    units = {pk: (*unit_fields, bool(b_stock), bool(b_flow), bool(placed))
             for pk, *unit_fields, b_stock, b_flow, placed in UnitPath.objects.filter(ancestor=unit).order_by()
             .values_list("unit_id", *(f"unit__{name}" for name in fields))
             .annotate(b_stock=_ever(valid_on_q(last_year_end)), b_flow=_ever(rollup.placed_q(year - 1)),
                       placed=_ever(rollup.placed_q(year)))}
    successions = (Succession.objects.filter(effective_date__gte=start, effective_date__lt=next_start).annotate(
        here=ExpressionWrapper(Q(successor_id__in=rollup.flow_subtree_ids(unit, year)), output_field=BooleanField()),
        below=ExpressionWrapper(Q(successor_id__in=ever_subtree_ids(unit)), output_field=BooleanField()),
    ).values_list("predecessor_id", *(f"predecessor__{name}" for name in fields), "here", "below"))
    successor_here = set()
    for pk, *unit_fields, here, below in successions:
        if here:
            successor_here.add(pk)
        if below and pk not in units:
            units[pk] = (*unit_fields, False, False, False)
    stable, others, unstable = [], {}, []
    for pk, (valid_from, valid_to, closure, reason, b_stock, b_flow, placed) in units.items():
        closed_in_year = valid_to is not None and start < valid_to <= next_start
        # A unit that did not exist last year has no figures of last year (rows of a unit formed this year dated
        # earlier are the members it took over, counted with its predecessors).
        existed = valid_from <= last_year_end
        if not existed:
            s = False
        elif closed_in_year and closure in (Unit.Closure.MERGED, Unit.Closure.SPLIT):
            s = pk in successor_here  # it goes with its successor
        elif valid_to is None or valid_to > start:
            s = placed  # alive on 1/1: where it is placed this year
        else:
            s = None  # closed before the year: s = b, in the reading (stock or flow) of each figure
        p = closed_in_year and closure == Unit.Closure.DISSOLVED and reason == Unit.Reason.BUDGET_2025
        values = (b_stock, b_flow, placed, s, p, existed)
        if values == stable_values:
            stable.append(pk)
            continue
        unstable.append(pk)
        if b_stock or b_flow or placed or s or p:
            others[pk] = dict(zip(FLAG_NAMES, values, strict=True))
    return UnitFlags(stable, others, unstable)


def _unit_ref(table: Table) -> str:
    """The field naming a row's unit."""
    return f"{table.unit_field}_id" if table.unit_field else "pk"


def _aggregates(table: Table, year: int) -> dict:
    previous = year - 1
    if table.aggregation == MEMBER_MOVES:
        return member_summary_aggregates(previous)
    if table.aggregation == WELFARE_COLUMNS:
        return welfare_aggregates()
    alive = None
    if table.placement == STOCK:  # units: only those that existed on 31/12 of last year count in its stock
        end = year_end(previous)
        alive = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=end))
    return {m.key.replace(".", "__"): aggregate_expr(m, previous, alive if m.key in STOCK_KEYS else None)
            for m in measures_of(table.name)}


def _counted_rows(base: QuerySet, unit_ref: str, unit: Unit, year: int, flags: UnitFlags) -> QuerySet:
    """The rows of the units whose rows can count: named by their ids, or, when the stable ones are most of the
    candidates (a province's 12.000 CĐCS), as the candidates' rows (a hashed subquery: 12.000 ids made
    PostgreSQL probe an index once per unit)."""
    if len(flags.unstable) < len(flags.stable):
        return base.filter(**{f"{unit_ref}__in": _candidate_units(unit, year).values("pk")})
    return base.filter(AmongIds(unit_ref, [*flags.stable, *flags.others]))


def _grouped(table: Table, unit: Unit, year: int, flags: UnitFlags) -> list[tuple[dict, dict[str, int]]]:
    """(flags, values) of the table's rows of last year (`year` − 1), in one query: the stable units' rows summed
    as one group, each other unit's rows apart, with its flags (the rows of a unit outside `unit` in every
    reading, when the candidates' rows are read, are left out here)."""
    unit_ref, others = _unit_ref(table), flags.others
    base = table.model.objects.filter(table.year_q(year - 1)).order_by()
    rows = _counted_rows(base, unit_ref, unit, year, flags)
    # The group of a row: its unit's id for a unit not stable (a hashed set of a few hundred), 0 for the others.
    group = Case(When(AmongIds(unit_ref, flags.unstable), then=F(unit_ref)), default=Value(0),
                 output_field=BigIntegerField())
    grouped: list[tuple[dict, dict[str, int]]] = []
    if table.aggregation == KEY_VALUES:
        by_group: dict[int, dict[str, int]] = {}
        for unit_id, key, total in rows.values_list(group, "key").annotate(total=Sum("value")):
            by_group.setdefault(unit_id, {})[key] = int(total or 0)
        values_of = by_group.items()
    else:
        values_of = [(row.pop("group"), _ints(row))
                     for row in rows.values(group=group).annotate(**_aggregates(table, year))]
    for unit_id, values in values_of:
        if unit_id == 0:
            grouped.append((STABLE, values))
        elif unit_id in others:
            grouped.append((others[unit_id], values))
    return grouped


def _ints(row: dict) -> dict[str, int]:
    return {name.replace("__", "."): int(value or 0) for name, value in row.items()}


def _add(target: dict[str, int], key: str, value: int) -> None:
    target[key] = target.get(key, 0) + value


def compare_previous(unit: Unit, year: int, tables: Sequence[Table] = FIGURE_TABLES) -> Comparison:
    """Last year's figures of `unit` as reported and on this year's perimeter, and the bridge, from `tables`
    (every figure table unless told): one query to flag the units, one a table."""
    zeros = {m.key: 0 for m in MEASURES if m.table}
    steps: dict[str, dict[str, int]] = {step: dict(zeros) for step, _ in STEPS}
    moved_in_stock = 0
    unit_flags = _unit_flags(unit, year)
    for table in tables:
        for flags, values in _grouped(table, unit, year, unit_flags):
            p, placed = bool(flags["_p"]), bool(flags["_placed"])
            for key, value in values.items():
                stock = table.placement == STOCK or key in STOCK_KEYS
                b = bool(flags["_b_stock"] if stock else flags["_b_flow"])
                s = b if flags["_s"] is None else bool(flags["_s"])
                if b:
                    _add(steps["bao_cao"], key, value)
                if s and not b:
                    _add(steps["sap_nhap_vao"], key, value)
                if b and not s:
                    _add(steps["chuyen_di"], key, value)
                if s and p:
                    _add(steps["giai_the_ngan_sach"], key, value)
                if s and not p:
                    _add(steps["so_sanh"], key, value)
                if key == "doan_vien.cuoi_nam" and flags["_existed"] and placed != b:
                    moved_in_stock += value if placed else -value
    for values in steps.values():
        derive_figures(values)
    bridge = [BridgeStep(step, label, steps[step]) for step, label in STEPS]
    return Comparison(reported=steps["bao_cao"], comparable=steps["so_sanh"], bridge=bridge,
                      moved_in_stock=moved_in_stock)


def members_moved(comparison: Comparison, values: dict[str, int]) -> int:
    """`doan_vien.chuyen` of the year: the units that crossed the border, and the members moved across it."""
    return comparison.moved_in_stock + values.get("doan_vien.chuyen_den", 0) - values.get("doan_vien.chuyen_di", 0)

