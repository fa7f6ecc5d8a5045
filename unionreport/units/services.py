"""Reorganising the hierarchy. Every change closes and opens periods on a date and is recorded.

Permission checks happen in the views (only provincial staff reach these); here we
keep the tree consistent: no cycles, no child left under a closed unit, closure
table rebuilt in the same transaction, and no change dated into a LOCKED reporting
year (the year-level hook of `core.locks`, filled by the returns app): moving a CĐCS
on 01/06/2024 would change the closed figures of 2024.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.core.locks import ensure_years_open_from
from unionreport.units.models import Reorganisation, Unit, UnitPath, UnitPeriod
from unionreport.units.paths import PathRow, PeriodRow, compute_paths
from unionreport.units.selectors import children, valid_on_q


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    level: str
    kind: str = Unit.Kind.OTHER
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def rebuild_paths() -> int:
    """Bring the closure table in line with the periods; returns the number of path rows.

    The whole table is recomputed in Python (cheap), then only the rows that differ are
    deleted or inserted, so a reorganisation of one district touches a few hundred rows,
    not the whole province.
    """
    rows = UnitPeriod.objects.values_list("unit_id", "parent_id", "valid_from", "valid_to")
    wanted = set(compute_paths(PeriodRow(*row) for row in rows))
    existing: set[PathRow] = set()
    stale: list[int] = []
    fields = ("unit_id", "ancestor_id", "depth", "valid_from", "valid_to")
    for pk, *values in UnitPath.objects.values_list("id", *fields).iterator(chunk_size=5000):
        row = PathRow(*values)
        if row in wanted and row not in existing:
            existing.add(row)
        else:
            stale.append(pk)
    for start in range(0, len(stale), 500):
        UnitPath.objects.filter(id__in=stale[start:start + 500]).delete()
    UnitPath.objects.bulk_create(
        [UnitPath(unit_id=r.unit_id, ancestor_id=r.ancestor_id, depth=r.depth, valid_from=r.valid_from,
                  valid_to=r.valid_to) for r in wanted - existing],
        batch_size=5000,
    )
    return len(wanted)


def _current_period(unit: Unit, day: dt.date) -> UnitPeriod:
    period = UnitPeriod.objects.select_for_update().filter(valid_on_q(day), unit=unit).first()
    if period is None:
        raise ValidationError(f"Đơn vị {unit.code} không hoạt động vào ngày {day:%d/%m/%Y}.")
    if period.valid_to is not None:
        raise ValidationError(
            f"Đơn vị {unit.code} đã có thay đổi sau ngày {day:%d/%m/%Y}; hãy áp dụng theo thứ tự thời gian."
        )
    return period


def _change_period(unit: Unit, day: dt.date, **changes) -> None:
    """From `day` on, the unit has these name/parent values (the earlier period ends the day before)."""
    period = _current_period(unit, day)
    if period.valid_from == day:
        for key, value in changes.items():
            setattr(period, key, value)
        period.save()
        return
    period.valid_to = day
    period.save(update_fields=["valid_to"])
    values = {"name": period.name, "parent": period.parent} | changes
    UnitPeriod.objects.create(unit=unit, valid_from=day, **values)


def _ensure_parent_ok(unit: Unit | None, parent: Unit | None, day: dt.date) -> None:
    if parent is None:
        return
    if not parent.is_open_on(day):
        raise ValidationError(f"Đơn vị cấp trên {parent.code} không hoạt động vào ngày {day:%d/%m/%Y}.")
    if parent.level == Unit.Level.GRASSROOTS:
        raise ValidationError("Công đoàn cơ sở không thể là đơn vị cấp trên.")
    if unit is not None and (
        parent == unit
        or UnitPath.objects.filter(valid_on_q(day), unit=parent, ancestor=unit).exists()
    ):
        raise ValidationError(f"Không thể chuyển {unit.code} vào chính đơn vị cấp dưới của nó.")


def _ensure_years_open(day: dt.date) -> None:
    """Refuse a reorganisation effective on or before 31/12 of a locked reporting year."""
    ensure_years_open_from(day, action="sắp xếp tổ chức có hiệu lực từ")


def _record(kind: str, day: dt.date, actor, summary: str, note: str, units: Sequence[Unit]) -> Reorganisation:
    event = Reorganisation.objects.create(kind=kind, effective_date=day, summary=summary, note=note, actor=actor)
    event.units.set(units)
    return event


def _create(data: NewUnit, parent: Unit | None, day: dt.date) -> Unit:
    if Unit.objects.filter(code=data.code).exists():
        raise ValidationError(f"Mã đơn vị {data.code} đã được dùng; mã là duy nhất và không đổi.")
    _ensure_parent_ok(None, parent, day)
    unit = Unit.objects.create(valid_from=day, **data.__dict__)
    UnitPeriod.objects.create(unit=unit, name=data.name, parent=parent, valid_from=day)
    return unit


@transaction.atomic
def unit_create(*, actor, data: NewUnit, parent: Unit | None, valid_from: dt.date, note: str = "") -> Unit:
    _ensure_years_open(valid_from)
    unit = _create(data, parent, valid_from)
    rebuild_paths()
    _record(Reorganisation.Kind.CREATE, valid_from, actor, f"Thành lập {unit.name} ({unit.code})", note, [unit])
    return unit


@transaction.atomic
def unit_rename(*, actor, unit: Unit, new_name: str, effective_date: dt.date, note: str = "") -> Reorganisation:
    _ensure_years_open(effective_date)
    old_name = unit.name
    _change_period(unit, effective_date, name=new_name)
    Unit.objects.filter(pk=unit.pk).update(name=new_name)
    unit.name = new_name
    return _record(Reorganisation.Kind.RENAME, effective_date, actor,
                   f"Đổi tên {old_name} thành {new_name} ({unit.code})", note, [unit])


@transaction.atomic
def unit_move(*, actor, units: Sequence[Unit], new_parent: Unit, effective_date: dt.date,
              note: str = "") -> Reorganisation:
    _ensure_years_open(effective_date)
    for unit in units:
        _ensure_parent_ok(unit, new_parent, effective_date)
        _change_period(unit, effective_date, parent=new_parent)
    rebuild_paths()
    codes = ", ".join(u.code for u in units)
    return _record(Reorganisation.Kind.MOVE, effective_date, actor,
                   f"Chuyển {codes} về {new_parent.name} ({new_parent.code})", note, [*units, new_parent])


def _close(unit: Unit, day: dt.date) -> None:
    period = _current_period(unit, day)
    if period.valid_from >= day:
        raise ValidationError(f"Ngày đóng phải sau ngày bắt đầu hiệu lực của {unit.code}.")
    period.valid_to = day
    period.save(update_fields=["valid_to"])
    Unit.objects.filter(pk=unit.pk).update(valid_to=day)
    unit.valid_to = day


def _move_children(sources: Sequence[Unit], target: Unit, day: dt.date) -> list[Unit]:
    moved = [child for source in sources for child in children(source, day)]
    for child in moved:
        _change_period(child, day, parent=target)
    return moved


@transaction.atomic
def unit_close(*, actor, unit: Unit, effective_date: dt.date, move_children_to: Unit | None = None,
               note: str = "") -> Reorganisation:
    _ensure_years_open(effective_date)
    open_children = list(children(unit, effective_date))
    if open_children and move_children_to is None:
        raise ValidationError(
            f"{unit.name} còn {len(open_children)} đơn vị trực thuộc: chọn đơn vị tiếp nhận trước khi giải thể."
        )
    if move_children_to is not None:
        _ensure_parent_ok(None, move_children_to, effective_date)
        _move_children([unit], move_children_to, effective_date)
    _close(unit, effective_date)
    rebuild_paths()
    return _record(Reorganisation.Kind.CLOSE, effective_date, actor, f"Giải thể {unit.name} ({unit.code})",
                   note, [unit, *open_children])


@transaction.atomic
def unit_merge(*, actor, sources: Sequence[Unit], effective_date: dt.date, into: Unit | None = None,
               new_unit: NewUnit | None = None, parent: Unit | None = None, note: str = "") -> Unit:
    """Merge `sources` into an existing unit or a new one; their children move there, they close."""
    _ensure_years_open(effective_date)
    if (into is None) == (new_unit is None):
        raise ValidationError("Chọn một đơn vị tiếp nhận có sẵn hoặc nhập đơn vị mới.")
    if len(sources) < 1:
        raise ValidationError("Chọn ít nhất một đơn vị để hợp nhất.")
    target = into or _create(new_unit, parent, effective_date)
    if target in sources:
        raise ValidationError("Đơn vị tiếp nhận không được nằm trong danh sách hợp nhất.")
    moved = _move_children(sources, target, effective_date)
    for source in sources:
        _close(source, effective_date)
    rebuild_paths()
    names = ", ".join(s.name for s in sources)
    _record(Reorganisation.Kind.MERGE, effective_date, actor, f"Hợp nhất {names} thành {target.name} ({target.code})",
            note, [*sources, target, *moved])
    return target


@transaction.atomic
def unit_split(*, actor, source: Unit, new_units: Sequence[NewUnit], assignment: dict[int, str],
               effective_date: dt.date, parent: Unit | None = None, note: str = "") -> list[Unit]:
    """Split `source` into new units; `assignment` maps each child id to the code of its new parent."""
    _ensure_years_open(effective_date)
    if len(new_units) < 2:
        raise ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
    parent = parent or _parent_now(source, effective_date)
    created = {data.code: _create(data, parent, effective_date) for data in new_units}
    for child in children(source, effective_date):
        code = assignment.get(child.id)
        if code not in created:
            raise ValidationError(f"Chưa chọn đơn vị mới cho {child.name} ({child.code}).")
        _change_period(child, effective_date, parent=created[code])
    _close(source, effective_date)
    rebuild_paths()
    _record(Reorganisation.Kind.SPLIT, effective_date, actor,
            f"Chia tách {source.name} thành " + ", ".join(u.name for u in created.values()), note,
            [source, *created.values()])
    return list(created.values())


def _parent_now(unit: Unit, day: dt.date) -> Unit | None:
    period = UnitPeriod.objects.filter(valid_on_q(day), unit=unit).select_related("parent").first()
    return period.parent if period else None


@dataclass(frozen=True)
class UnitSeed:
    """One unit of an initial structure: its data, parent code and validity (for `unit_create_many`)."""

    data: NewUnit
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None = None


@transaction.atomic
def unit_create_many(*, actor, seeds: Sequence[UnitSeed], note: str = "") -> list[Unit]:
    """Load a whole structure at once (parents before children), rebuilding the closure table once.

    Each unit gets its "Thành lập" event, and a "Giải thể" event when it closes.
    """
    known = {unit.code: unit for unit in Unit.objects.filter(level__in=[
        Unit.Level.PROVINCE, Unit.Level.UPPER, Unit.Level.COMMUNE])}
    created: list[Unit] = []
    events: list[tuple[Reorganisation, Unit]] = []
    for seed in seeds:
        parent = None
        if seed.parent_code:
            parent = known.get(seed.parent_code)
            if parent is None:
                raise ValidationError(
                    f"Đơn vị {seed.data.code}: không tìm thấy đơn vị cấp trên {seed.parent_code} "
                    "(đơn vị cấp trên phải đứng trước trong danh sách)."
                )
        if seed.valid_to is not None and seed.valid_to <= seed.valid_from:
            raise ValidationError(f"Đơn vị {seed.data.code}: ngày giải thể phải sau ngày thành lập.")
        unit = _create(seed.data, parent, seed.valid_from)
        created.append(unit)
        if unit.level != Unit.Level.GRASSROOTS:
            known[unit.code] = unit
        events.append((Reorganisation(kind=Reorganisation.Kind.CREATE, effective_date=seed.valid_from,
                                      summary=f"Thành lập {unit.name} ({unit.code})", note=note, actor=actor), unit))
        if seed.valid_to is not None:
            UnitPeriod.objects.filter(unit=unit).update(valid_to=seed.valid_to)
            Unit.objects.filter(pk=unit.pk).update(valid_to=seed.valid_to)
            unit.valid_to = seed.valid_to
            events.append((Reorganisation(kind=Reorganisation.Kind.CLOSE, effective_date=seed.valid_to,
                                          summary=f"Giải thể {unit.name} ({unit.code})", note=note, actor=actor),
                           unit))
    rebuild_paths()
    Reorganisation.objects.bulk_create([event for event, _ in events], batch_size=1000)
    through = Reorganisation.units.through
    through.objects.bulk_create([through(reorganisation_id=event.pk, unit_id=unit.pk) for event, unit in events],
                                batch_size=1000)
    return created


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


def reorganisation_dry_run(apply: Callable[[], object], *, effective_date: dt.date) -> list[UnitChange]:
    """Apply a reorganisation inside a transaction that is rolled back; return what would change on the date.

    Raises the service's ValidationError (in Vietnamese) when it would be refused, so the
    preview refuses exactly what the confirmation would refuse (a date in a locked year first).
    """
    _ensure_years_open(effective_date)
    before = _snapshot(effective_date)
    after: dict[str, tuple[str, str, str]] = {}
    try:
        with transaction.atomic():
            apply()
            after = _snapshot(effective_date)
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
    return sorted(changes, key=lambda c: (order[c.change], c.code))


@transaction.atomic
def unit_update_contact(*, actor, unit: Unit, contact_person: str, phone: str, email: str, address: str) -> Unit:
    """Contact data is not dated (it is who to call now); it does not create a reorganisation event."""
    unit.contact_person, unit.phone, unit.email, unit.address = (
        contact_person.strip(), phone.strip(), email.strip(), address.strip())
    unit.save(update_fields=["contact_person", "phone", "email", "address"])
    return unit
