"""The preview of a reorganisation: it is applied in a transaction that is rolled back, and the page shows, per
unit, the members that move or leave, the accounts affected and the open returns, and the parent's key
figures of the year before and after. A constant number of queries whatever the number of units or members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from unionreport.accounts.models import User
from unionreport.members.models import Member
from unionreport.members.moves import active_on
from unionreport.reports.figures import year_values
from unionreport.reports.measures import FIGURE_KEYS
from unionreport.returns.models import Return
from unionreport.units.dry_run import UnitChange, reorganisation_dry_run
from unionreport.units.models import Reorganisation, Succession, Unit
from unionreport.units.selectors import parent_of

PREVIEW_KEYS = ["doan_vien.cuoi_nam", "doan_vien.moi", "doan_vien.giam", "doan_vien.chuyen", "cdcs.so_luong",
                "cdcs.moi", "cdcs.giai_the", "cdcs.hop_nhat", "cham_lo.luot", "cham_lo.tien"]


@dataclass
class AccountRow:
    user_id: int
    username: str
    name: str
    role: str
    unit_code: str
    options: list[tuple[str, str]]
    choice: str

    @property
    def field_name(self) -> str:
        return f"tai_khoan_{self.user_id}"


@dataclass
class UnitImpact:
    code: str
    name: str
    members_moved: int = 0
    members_left: int = 0
    moved_to: list[str] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    open_returns: list[str] = field(default_factory=list)


@dataclass
class FigureRow:
    key: str
    label: str
    before: int
    after: int

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Preview:
    changes: list[UnitChange]
    impacts: list[UnitImpact]
    parent_name: str
    year: int
    figures: list[FigureRow]

    @property
    def members_moved(self) -> int:
        return sum(i.members_moved for i in self.impacts)

    @property
    def members_left(self) -> int:
        return sum(i.members_left for i in self.impacts)


def account_rows(units: Sequence[Unit], options: list[tuple[str, str]], chosen: dict[int, str],
                 default: str) -> list[AccountRow]:
    users = User.objects.filter(unit__in=units, is_active=True).select_related("unit").order_by("username")
    return [AccountRow(u.pk, u.username, u.get_full_name() or u.username, u.get_role_display(), u.unit.code, options,
                       chosen.get(u.pk, default)) for u in users]


def members_to_assign(unit: Unit, day: dt.date) -> list[Member]:
    """A split CĐCS's members on the day, in card order (the preview lists them to assign)."""
    return list(active_on([unit], day).order_by("card_number").only("id", "card_number", "full_name", "joined_on"))


def _impacts(event: Reorganisation, units: Sequence[Unit], day: dt.date) -> dict[int, UnitImpact]:
    impacts = {u.pk: UnitImpact(u.code, u.name) for u in units}
    counts = (Member.objects.filter(unit__in=units, left_on=day).values("unit_id", "left_reason")
              .annotate(n=Count("pk")))
    for row in counts:
        if row["left_reason"] == Member.LeftReason.MOVED:
            impacts[row["unit_id"]].members_moved += row["n"]
        elif row["left_reason"] == Member.LeftReason.DISSOLVED:
            impacts[row["unit_id"]].members_left += row["n"]
    for predecessor_id, code, name in Succession.objects.filter(event=event).values_list(
            "predecessor_id", "successor__code", "successor__name"):
        if predecessor_id in impacts:
            impacts[predecessor_id].moved_to.append(f"{name} ({code})")
    return impacts


def _open_returns(units: Sequence[Unit], year: int) -> dict[int, list[str]]:
    rows = (Return.objects.filter(unit__in=units, year__gte=year)
            .filter(~Q(status=Return.Status.APPROVED_PROVINCE)).order_by("year"))
    out: dict[int, list[str]] = {}
    for ret in rows:
        out.setdefault(ret.unit_id, []).append(f"Năm {ret.year}: {ret.get_status_display()}")
    return out


def _key_figures(unit: Unit | None, year: int) -> dict[str, int]:
    if unit is None:
        return {}
    return year_values(unit, year, PREVIEW_KEYS)  # computed again after applying, inside the transaction


def figures_parent(units: Sequence[Unit], target: Unit | None, day: dt.date) -> Unit | None:
    """Whose figures the preview compares: the parent the first unit had the day before (or the target when the
    units had no parent, e.g. provinces absorbed into one)."""
    if not units:
        return target
    return parent_of(units[0], day - dt.timedelta(days=1)) or target


def reorganisation_preview(apply: Callable[[], Reorganisation], *, units: Sequence[Unit], effective_date: dt.date,
                           parent: Unit | None, accounts: list[AccountRow]) -> Preview:
    """Apply, look, roll back. `units`: the units the event closes or changes (their members, accounts, returns)."""
    year = effective_date.year
    state: dict = {}

    def applied():
        event = apply()
        state["impacts"] = _impacts(event, units, effective_date)
        return event

    run = reorganisation_dry_run(applied, effective_date=effective_date,
                                 inspect=lambda: _key_figures(parent, year))
    impacts = state.get("impacts", {u.pk: UnitImpact(u.code, u.name) for u in units})
    open_returns = _open_returns(units, year)
    for unit in units:
        impacts[unit.pk].open_returns = open_returns.get(unit.pk, [])
    for row in accounts:
        for impact in impacts.values():
            if impact.code == row.unit_code:
                impact.accounts.append(row)
    before, after = run.before or {}, run.after or {}
    figures = [FigureRow(key, FIGURE_KEYS[key].label, before.get(key, 0), after.get(key, 0)) for key in PREVIEW_KEYS]
    name = "" if parent is None else parent.name
    return Preview(changes=run.changes, impacts=list(impacts.values()), parent_name=name, year=year,
                   figures=figures if parent is not None else [])

