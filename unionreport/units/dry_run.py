"""What a reorganisation would change, found by applying it in a transaction that is rolled back.

The preview refuses exactly what the confirmation would refuse (the same services run), and shows the
structure as it would be on the effective date; the organisation app adds what moves with the units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from unionreport.core.locks import ensure_years_open_from
from unionreport.units.models import UnitPeriod
from unionreport.units.selectors import valid_on_q


@dataclass(frozen=True)
class UnitChange:
    """How one unit differs on the effective date if a reorganisation is applied."""

    code: str
    change: str  # "create", "close", "move", "rename"
    name_before: str
    name_after: str
    parent_before: str
    parent_after: str

    @property
    def label(self) -> str:
        return {"create": "Thành lập", "close": "Giải thể", "move": "Chuyển đơn vị cấp trên",
                "rename": "Đổi tên"}[self.change]


class _DryRun(Exception):
    pass


def _snapshot(day: dt.date) -> dict[str, tuple[str, str, str]]:
    """code -> (name, parent code, parent label) of every unit open on the date."""
    rows = UnitPeriod.objects.filter(valid_on_q(day)).values_list("unit__code", "name", "parent__code",
                                                                  "parent__name")
    return {code: (name, parent_code or "", f"{parent_name} ({parent_code})" if parent_code else "")
            for code, name, parent_code, parent_name in rows}


@dataclass
class DryRun:
    changes: list[UnitChange]  # the structure on the effective date, unit by unit
    result: object = None  # what `apply` returned (read before the rollback)
    before: object = None  # what `inspect` found before applying
    after: object = None  # and after applying


def reorganisation_dry_run(apply: Callable[[], object], *, effective_date: dt.date,
                           inspect: Callable[[], object] | None = None) -> DryRun:
    """Apply a reorganisation inside a transaction that is rolled back; return what would change on the date.

    `inspect()` (e.g. the parent's figures) runs before applying, outside the transaction like the structure's
    snapshot (what the database holds; there the figures may come from a cache, never read inside a
    transaction that may be rolled back), and after applying, inside it.
    Raises the service's ValidationError (in Vietnamese) when it would be refused, so the
    preview refuses exactly what the confirmation would refuse (a date in a locked year first).
    """
    ensure_years_open_from(effective_date, action="sắp xếp tổ chức có hiệu lực từ")
    before = _snapshot(effective_date)
    after: dict[str, tuple[str, str, str]] = {}
    out = DryRun(changes=[], before=inspect() if inspect else None)
    try:
        with transaction.atomic():
            out.result = apply()
            after = _snapshot(effective_date)
            out.after = inspect() if inspect else None
            raise _DryRun
    except _DryRun:
        pass
    changes = []
    for code in sorted(before.keys() | after.keys()):
        old, new = before.get(code), after.get(code)
        if old is not None and new is not None and old[:2] == new[:2]:
            continue
        if old is None:
            kind = "create"
        elif new is None:
            kind = "close"
        elif old[1] != new[1]:
            kind = "move"
        else:
            kind = "rename"
        changes.append(UnitChange(code=code, change=kind, name_before=old[0] if old else "",
                                  name_after=new[0] if new else "", parent_before=old[2] if old else "",
                                  parent_after=new[2] if new else ""))
    order = {"close": 0, "create": 1, "rename": 2, "move": 3}
    out.changes = sorted(changes, key=lambda c: (order[c.change], c.code))
    return out
