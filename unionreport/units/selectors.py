"""Reading the hierarchy as of a date. Every roll-up in the application goes through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Q, QuerySet, Value, When

from unionreport.units.models import Unit, UnitPath, UnitPeriod


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """Rows whose half-open [valid_from, valid_to) contains `day`."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def subtree_ids(unit: Unit | int, as_of: dt.date) -> QuerySet:
    """Ids of `unit` and every unit below it as of `as_of`, as a subquery (`unit_id__in=`)."""
    return UnitPath.objects.filter(valid_on_q(as_of), ancestor=unit).values("unit_id")


def subtree(unit: Unit, as_of: dt.date) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=subtree_ids(unit, as_of))


def ever_subtree_ids(unit: Unit | int) -> QuerySet:
    """Units that were below `unit` (or are it) at any date: what its officers may see."""
    return UnitPath.objects.filter(ancestor=unit).values("unit_id")


def children(unit: Unit, as_of: dt.date) -> QuerySet[Unit]:
    return Unit.objects.filter(
        id__in=UnitPeriod.objects.filter(valid_on_q(as_of), parent=unit).values("unit_id")
    ).order_by("code")


def ancestors(unit: Unit, as_of: dt.date) -> list[Unit]:
    """From the root down to the unit's parent, as of the date."""
    paths = (
        UnitPath.objects.filter(valid_on_q(as_of), unit=unit, depth__gt=0)
        .select_related("ancestor")
        .order_by("-depth")
    )
    return [path.ancestor for path in paths]


def parent_of(unit: Unit, as_of: dt.date) -> Unit | None:
    period = UnitPeriod.objects.filter(valid_on_q(as_of), unit=unit).select_related("parent").first()
    return period.parent if period else None


def name_on(unit: Unit, as_of: dt.date) -> str:
    period = UnitPeriod.objects.filter(valid_on_q(as_of), unit=unit).first()
    return period.name if period else unit.name


def child_ids(unit: Unit | int, as_of: dt.date) -> QuerySet:
    return UnitPath.objects.filter(valid_on_q(as_of), ancestor=unit, depth=1).values("unit_id")


@dataclass
class TreeNode:
    unit: Unit
    name: str
    parent_id: int | None
    children: list[TreeNode] = field(default_factory=list)

    grassroots_count: int = 0
    size: int = 1

    def _count(self) -> None:
        for child in self.children:
            child._count()
        own = 1 if self.unit.level == Unit.Level.GRASSROOTS else 0
        self.grassroots_count = own + sum(child.grassroots_count for child in self.children)
        self.size = 1 + sum(child.size for child in self.children)


def tree_as_of(as_of: dt.date, root: Unit | None = None, levels: set[str] | None = None,
               unit_ids: QuerySet | None = None) -> list[TreeNode]:
    """The whole tree (or the subtree of `root`, or only `unit_ids`) as of a date, in one query.

    A node whose parent is left out (another level, not visible) becomes a root. Each node
    knows how many CĐCS it holds (itself included) among the nodes shown.
    """
    periods = UnitPeriod.objects.filter(valid_on_q(as_of)).select_related("unit").order_by("unit__code")
    if root is not None:
        periods = periods.filter(unit_id__in=subtree_ids(root, as_of))
    if unit_ids is not None:
        periods = periods.filter(unit_id__in=unit_ids)
    if levels:
        periods = periods.filter(unit__level__in=levels)
    nodes = {p.unit_id: TreeNode(unit=p.unit, name=p.name, parent_id=p.parent_id) for p in periods}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        (parent.children if parent else roots).append(node)
    for node in roots:
        node._count()
    for node in nodes.values():
        node.children.sort(key=_node_order)
    roots.sort(key=_node_order)
    return roots


@dataclass
class FlatRow:
    """A tree node in depth-first order; `closes` = how many open groups end after it."""

    node: TreeNode
    closes: list[int] = field(default_factory=list)


def flatten_tree(roots: list[TreeNode]) -> list[FlatRow]:
    """Depth-first rows, so that a template draws nested lists with one loop (no recursive include)."""
    rows: list[FlatRow] = []

    def walk(node: TreeNode) -> None:
        rows.append(FlatRow(node=node))
        for child in node.children:
            walk(child)
        if node.children:
            rows[-1].closes.append(1)

    for root in roots:
        walk(root)
    return rows


# The one order of units on every page: the province, upper-level, commune unions, CĐCS (the order the levels are
# declared in); among upper units districts, then sectors, then the industrial-zone union; then by code.
LEVEL_RANK = {level: rank for rank, level in enumerate(Unit.Level.values)}
KIND_RANK = {kind: rank for rank, kind in enumerate(Unit.Kind.values)}


def unit_order(unit: Unit) -> tuple:
    kind = 0 if unit.level == Unit.Level.GRASSROOTS else KIND_RANK.get(unit.kind, 99)
    return LEVEL_RANK.get(unit.level, 9), kind, unit.code


def by_level(queryset: QuerySet[Unit]) -> QuerySet[Unit]:
    """`queryset` in the order of `unit_order`, by the database."""
    level = Case(*(When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()), default=Value(9))
    kind = Case(When(level=Unit.Level.GRASSROOTS, then=Value(0)),
                *(When(kind=kind, then=Value(rank)) for kind, rank in KIND_RANK.items()), default=Value(99))
    return queryset.order_by(level, kind, "code")


def _node_order(node: TreeNode) -> tuple:
    return unit_order(node.unit)


def units_as_of(as_of: dt.date, level: str | None = None) -> list[tuple[Unit, str, Unit | None]]:
    """(unit, name then, parent then) for every unit open on the date, ordered by code."""
    periods = (
        UnitPeriod.objects.filter(valid_on_q(as_of)).select_related("unit", "parent").order_by("unit__code")
    )
    if level:
        periods = periods.filter(unit__level=level)
    return [(p.unit, p.name, p.parent) for p in periods]


def province_root() -> Unit | None:
    return Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("valid_from").first()


def heirs(unit: Unit) -> list[Unit]:
    """Who took over from a closed unit: its successors (a merger, an absorption, a split), else the units its
    children went to on its closing day (a district federation whose CĐCS moved to commune unions): two queries
    at most."""
    successors = [s.successor for s in unit.successions.select_related("successor").order_by("successor__code")]
    if successors or unit.valid_to is None:
        return successors
    last_day = unit.valid_to - dt.timedelta(days=1)
    children = UnitPeriod.objects.filter(valid_on_q(last_day), parent=unit).values("unit_id")
    new_parents = (UnitPeriod.objects.filter(valid_on_q(unit.valid_to), unit_id__in=children)
                   .values("parent_id"))
    return list(Unit.objects.filter(id__in=new_parents).order_by("code"))
