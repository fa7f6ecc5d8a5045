"""Where units stood at a date: the one placement of units (and of their rows) in time.

Every figure, list and drill-down asks here which rows add up to a unit, using the closure
table (`UnitPath`). Two readings:

- STOCKS (members at 31/12, CĐCS at year end): the tree as of 31/12 of the year;
- FLOWS (welfare, houses, activities, joined/left in the year): the tree as of 31/12, and a
  unit closed during the year where it stood on its last day (its rows up to then still count).

The functions return `Q` objects and subqueries, so each figure stays one query whatever the
number of units. `unit_field` names the rows' foreign key to their unit ("unit"), or None when
the rows are units themselves.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Expression, F, Q, QuerySet

from unionreport.lib.years import year_end
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import child_ids, subtree_ids, valid_on_q


def _prefix(unit_field: str | None) -> str:
    return f"{unit_field}__" if unit_field else ""


def _id_field(unit_field: str | None) -> str:
    return f"{unit_field}_id" if unit_field else "id"


def closed_in_year_q(year: int, path_prefix: str, unit_prefix: str) -> Q:
    """The paths of a unit closed during `year` that ended with it: where it stood on its last day."""
    return Q(**{f"{path_prefix}valid_to": F(f"{unit_prefix}valid_to"),
                f"{unit_prefix}valid_to__gt": dt.date(year, 1, 1),
                f"{unit_prefix}valid_to__lte": dt.date(year + 1, 1, 1)})


def placed_q(year: int | Expression, path_prefix: str = "", unit_prefix: str = "unit__") -> Q:
    """Paths placing a unit for the year's FLOWS: the tree as of 31/12, and a unit closed during the year
    where it stood on its last day.

    `year` is a number, or an expression giving each row's own year (`OuterRef("year")`: the access rule placing
    a return or a yearly row of any year); the same placement, then compared by calendar year."""
    if isinstance(year, int):
        return valid_on_q(year_end(year), path_prefix) | closed_in_year_q(year, path_prefix, unit_prefix)
    p, u = path_prefix, unit_prefix
    on_year_end = Q(**{f"{p}valid_from__year__lte": year}) & (
        Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__year__gt": year}))
    # Closed after 1 January of the year (a unit closed on 1 January ended with the year before).
    closed = (Q(**{f"{p}valid_to": F(f"{u}valid_to"), f"{u}valid_to__year": year})
              & ~Q(**{f"{u}valid_to__month": 1, f"{u}valid_to__day": 1}))
    return on_year_end | closed


def flow_subtree_ids(unit: Unit | int, year: int, depth: int | None = None) -> QuerySet:
    """Ids of the units whose flows of `year` add up to `unit`'s (`depth=1`: its children), as a subquery."""
    q = Q(ancestor=unit) & placed_q(year)
    if depth is not None:
        q &= Q(depth=depth)
    return UnitPath.objects.filter(q).values("unit_id")


def flow_scope_q(unit: Unit | int, year: int, unit_field: str | None = "unit") -> Q:
    """Rows counted in `unit`'s flows of `year` (see `placed_q`)."""
    return Q(**{f"{_id_field(unit_field)}__in": flow_subtree_ids(unit, year)})


def stock_scope_q(unit: Unit | int, as_of: dt.date, unit_field: str | None = "unit") -> Q:
    """Rows whose unit lies in the subtree of `unit` as of the date."""
    return Q(**{f"{_id_field(unit_field)}__in": subtree_ids(unit, as_of)})


def own_q(unit: Unit | int, unit_field: str | None = "unit") -> Q:
    """Rows of the unit itself (not of the units below it)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return Q(**{_id_field(unit_field): unit_id})


def stock_by_child_q(unit: Unit, as_of: dt.date, unit_field: str | None = "unit") -> tuple[Q, str]:
    """Rows under each child of `unit` (or of the unit itself) as of the date, and the field naming that
    child, for GROUP BY."""
    p = f"{_prefix(unit_field)}paths__"
    q = Q(**{f"{p}ancestor__in": child_ids(unit, as_of)}) | Q(**{f"{p}ancestor": unit, f"{p}depth": 0})
    return q & valid_on_q(as_of, p), f"{p}ancestor"


def flow_by_child_q(unit: Unit, year: int, unit_field: str | None = "unit") -> tuple[Q, str]:
    """`stock_by_child_q` for flows: a unit closed during the year is grouped under the child it was in on its
    last day (a closed child of `unit` is a group of its own)."""
    p = f"{_prefix(unit_field)}paths__"
    q = (Q(**{f"{p}ancestor__in": flow_subtree_ids(unit, year, depth=1)})
         | Q(**{f"{p}ancestor": unit, f"{p}depth": 0}))
    return q & placed_q(year, p, _prefix(unit_field)), f"{p}ancestor"


def closed_grassroots_q(unit: Unit, year: int, by_child: bool) -> tuple[Q, str | None]:
    """CĐCS closed during the year (a filter on `Unit`), placed where they stood on their last day, and the
    field naming the child of `unit` they count under (None when not grouped)."""
    q = Q(level=Unit.Level.GRASSROOTS, valid_to__gt=dt.date(year, 1, 1), valid_to__lte=dt.date(year + 1, 1, 1),
          paths__valid_to=F("valid_to"))
    if not by_child:
        return q & Q(paths__ancestor=unit), None
    children = flow_subtree_ids(unit, year, depth=1)  # a closed child counts itself
    return q & (Q(paths__ancestor__in=children) | Q(paths__ancestor=unit, paths__depth=0)), "paths__ancestor"


def child_units(unit: Unit, year: int) -> list[tuple[Unit, str]]:
    """The unit's children as of 31/12/year with their names then, and after them the children closed during
    the year (named on their last day, “ngừng hoạt động từ …”: their flows still count here): one query."""
    periods = (UnitPeriod.objects.filter(placed_q(year), parent=unit)
               .select_related("unit").order_by("unit__code"))
    open_, closed = [], []
    for p in periods:
        if p.valid_to is not None and p.valid_to <= year_end(year):
            closed.append((p.unit, f"{p.name} (ngừng hoạt động từ {p.valid_to:%d/%m/%Y})"))
        else:
            open_.append((p.unit, p.name))
    return open_ + closed


def open_at_year_end(unit: Unit, year: int) -> bool:
    return unit.valid_to is None or unit.valid_to > year_end(year)
