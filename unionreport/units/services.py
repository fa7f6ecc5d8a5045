"""Reorganising the structure. Every change closes and opens periods on a date and is recorded.

Permission checks happen above (only provincial staff reach these); here we keep the tree
consistent: no cycles, no child left under a closed unit, closure table rebuilt in the same
transaction, and no change dated into a LOCKED reporting year (the year-level hook of
`core.locks`, filled by the returns app): moving a CĐCS on 01/06/2024 would change the closed
figures of 2024. How a unit began (`origin`) and ended (`closure`, `closure_reason`) and who
succeeded whom (`Succession`) are recorded so that the figures count a merger as a merger.

Each event's `journal` records what it changed in the structure (periods, units), so that the
organisation app can undo the last event of a unit exactly (`journal.structure_undo`); what moves
with the units (members, accounts) is the organisation app's, which adds to the same journal.
These functions change the periods of many units with a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q

from unionreport.core.locks import ensure_years_open_from
from unionreport.units.models import Reorganisation, Succession, Unit, UnitPath, UnitPeriod
from unionreport.units.paths import PathRow, PeriodRow, compute_paths
from unionreport.units.selectors import valid_on_q


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


PATH_FIELDS = ("unit_id", "ancestor_id", "depth", "valid_from", "valid_to")


def rebuild_paths(unit_ids: Collection[int] | None = None) -> int:
    """Bring the closure table in line with the periods; returns the number of path rows recomputed.

    `unit_ids`: the units whose periods changed (a reorganisation's); only their rows and those of every unit
    ever below them are recomputed (the rows of any other unit depend on periods that did not change), from
    their periods and those of their parents' ancestors. None: the whole table (an initial load, the tests).
    Then only the rows that differ are deleted or inserted, so a reorganisation of one district touches a few
    hundred rows, not the whole province, and reads no more than its units' periods and paths.
    """
    if unit_ids is None:
        periods = UnitPeriod.objects.all()
        scope = None
        paths = UnitPath.objects.all()
    else:
        changed = set(unit_ids)
        if not changed:
            return 0
        # Ever below a changed unit, read from the table as it still is: a unit the new periods put below a
        # changed unit hangs from it by unchanged periods, so the old table has it below that unit already.
        scope_q = Q(unit_id__in=changed) | Q(unit_id__in=UnitPath.objects.filter(ancestor_id__in=changed)
                                              .values("unit_id"))
        periods = UnitPeriod.objects.filter(scope_q)
        paths = UnitPath.objects.filter(scope_q)
    rows = [PeriodRow(*row) for row in periods.values_list("unit_id", "parent_id", "valid_from", "valid_to")]
    if unit_ids is not None:
        scope = {row.unit_id for row in rows}
        # A parent outside the scope kept its rows: they name every unit its own ancestry needs.
        outside = {row.parent_id for row in rows if row.parent_id is not None} - scope
        if outside:
            rows += [PeriodRow(*row) for row in UnitPeriod.objects.filter(
                unit_id__in=UnitPath.objects.filter(unit_id__in=outside).values("ancestor_id"))
                .values_list("unit_id", "parent_id", "valid_from", "valid_to")]
    wanted = {row for row in compute_paths(rows) if scope is None or row.unit_id in scope}
    existing: set[PathRow] = set()
    stale: list[int] = []
    for pk, *values in paths.values_list("id", *PATH_FIELDS).iterator(chunk_size=5000):
        row = PathRow(*values)
        if row in wanted and row not in existing:
            existing.add(row)
        else:
            stale.append(pk)
    # One statement where the database takes any number of parameters (PostgreSQL), else as many as it takes
    # (SQLite): the number of queries does not grow with the units a reorganisation moves.
    batch = max(connection.ops.bulk_batch_size(["id"], stale), 1)
    for start in range(0, len(stale), batch):
        UnitPath.objects.filter(id__in=stale[start:start + batch]).delete()
    UnitPath.objects.bulk_create(
        [UnitPath(unit_id=r.unit_id, ancestor_id=r.ancestor_id, depth=r.depth, valid_from=r.valid_from,
                  valid_to=r.valid_to) for r in wanted - existing],
        batch_size=5000,
    )
    return len(wanted)


class Journal:
    """What an event changes in the structure, for its undo (stored in `Reorganisation.journal`)."""

    def __init__(self) -> None:
        self.data: dict[str, list] = {"periods_created": [], "periods_before": [], "units_created": [],
                                      "units_before": []}
        self.units: set[int] = set()  # whose periods changed: the closure table's rows to recompute (not stored)

    def period_created(self, period: UnitPeriod) -> None:
        self.data["periods_created"].append(period.pk)
        self.units.add(period.unit_id)

    def period_before(self, period: UnitPeriod) -> None:
        self.units.add(period.unit_id)
        self.data["periods_before"].append(
            [period.pk, period.name, period.parent_id, period.valid_from.isoformat(),
             period.valid_to.isoformat() if period.valid_to else None])

    def unit_created(self, unit: Unit) -> None:
        self.data["units_created"].append(unit.pk)

    def unit_before(self, unit: Unit) -> None:
        self.data["units_before"].append(
            [unit.pk, unit.name, unit.valid_to.isoformat() if unit.valid_to else None, unit.closure,
             unit.closure_reason])


def _open_periods(units: Sequence[Unit], day: dt.date) -> dict[int, UnitPeriod]:
    """The period of each unit on `day`, row-locked; refused when a unit is not open then or changed later."""
    periods = {p.unit_id: p for p in UnitPeriod.objects.select_for_update().filter(
        valid_on_q(day), unit_id__in=[u.pk for u in units])}
    for unit in units:
        period = periods.get(unit.pk)
        if period is None:
            raise ValidationError(f"Đơn vị {unit.code} không hoạt động vào ngày {day:%d/%m/%Y}.")
        if period.valid_to is not None:
            raise ValidationError(
                f"Đơn vị {unit.code} đã có thay đổi sau ngày {day:%d/%m/%Y}; hãy áp dụng theo thứ tự thời gian.")
    return periods


def _change_periods(units: Sequence[Unit], day: dt.date, journal: Journal, **changes) -> None:
    """From `day` on, the units have these name/parent values (their earlier periods end the day before)."""
    if not units:
        return
    periods = _open_periods(units, day)
    same_day, ended, created = [], [], []
    for unit in units:
        period = periods[unit.pk]
        journal.period_before(period)
        if period.valid_from == day:
            for key, value in changes.items():
                setattr(period, key, value)
            same_day.append(period)
            continue
        period.valid_to = day
        ended.append(period)
        # parent_id, not parent: reading `period.parent` would fetch each unit's parent, one query per unit.
        follows = UnitPeriod(unit=unit, valid_from=day, name=period.name, parent_id=period.parent_id)
        for key, value in changes.items():
            setattr(follows, key, value)
        created.append(follows)
    UnitPeriod.objects.bulk_update(same_day, ["name", "parent"])
    UnitPeriod.objects.bulk_update(ended, ["valid_to"])
    for period in UnitPeriod.objects.bulk_create(created):
        journal.period_created(period)


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


def ensure_years_open(day: dt.date) -> None:
    """Refuse a reorganisation effective on or before 31/12 of a locked reporting year."""
    ensure_years_open_from(day, action="sắp xếp tổ chức có hiệu lực từ")


def _record(kind: str, day: dt.date, actor, summary: str, note: str, units: Sequence[Unit], journal: Journal,
            reason: str = "") -> Reorganisation:
    event = Reorganisation.objects.create(kind=kind, effective_date=day, summary=summary, note=note, actor=actor,
                                          reason=reason, journal={"structure": journal.data})
    event.units.set(units)
    return event


def _create(data: NewUnit, parent: Unit | None, day: dt.date, journal: Journal,
            origin: str = Unit.Origin.FOUNDED) -> Unit:
    if Unit.objects.filter(code=data.code).exists():
        raise ValidationError(f"Mã đơn vị {data.code} đã được dùng; mã là duy nhất và không đổi.")
    _ensure_parent_ok(None, parent, day)
    unit = Unit.objects.create(valid_from=day, origin=origin, **data.__dict__)
    journal.unit_created(unit)
    journal.period_created(UnitPeriod.objects.create(unit=unit, name=data.name, parent=parent, valid_from=day))
    return unit


def _close(units: Sequence[Unit], day: dt.date, journal: Journal, closure: str, reason: str = "") -> None:
    """The units stop on `day` (their last day is the day before), closed as `closure` (for `reason`)."""
    periods = _open_periods(units, day)
    for unit in units:
        period = periods[unit.pk]
        if period.valid_from >= day:
            raise ValidationError(f"Ngày ngừng hoạt động phải sau ngày bắt đầu hiệu lực của {unit.code}.")
        journal.period_before(period)
        journal.unit_before(unit)
        period.valid_to = day
        unit.valid_to, unit.closure, unit.closure_reason = day, closure, reason
    UnitPeriod.objects.bulk_update(list(periods.values()), ["valid_to"])
    Unit.objects.bulk_update(units, ["valid_to", "closure", "closure_reason"])


def _children(units: Sequence[Unit], day: dt.date) -> list[Unit]:
    """The children of `units` open on `day`, in code order: one query."""
    ids = UnitPeriod.objects.filter(valid_on_q(day), parent__in=units).values("unit_id")
    return list(Unit.objects.filter(id__in=ids).order_by("code"))


def _succeed(event: Reorganisation, predecessors: Sequence[Unit], successors: Sequence[Unit], kind: str,
             day: dt.date) -> None:
    Succession.objects.bulk_create([Succession(predecessor=p, successor=s, kind=kind, effective_date=day, event=event)
                                    for p in predecessors for s in successors])


@transaction.atomic
def unit_create(*, actor, data: NewUnit, parent: Unit | None, valid_from: dt.date, note: str = "") -> Unit:
    ensure_years_open(valid_from)
    journal = Journal()
    unit = _create(data, parent, valid_from, journal)
    rebuild_paths(journal.units)
    _record(Reorganisation.Kind.CREATE, valid_from, actor, f"Thành lập {unit.name} ({unit.code})", note, [unit],
            journal)
    return unit


@transaction.atomic
def unit_rename(*, actor, unit: Unit, new_name: str, effective_date: dt.date, note: str = "") -> Reorganisation:
    ensure_years_open(effective_date)
    journal = Journal()
    old_name = unit.name
    journal.unit_before(unit)
    _change_periods([unit], effective_date, journal, name=new_name)
    Unit.objects.filter(pk=unit.pk).update(name=new_name)
    unit.name = new_name
    return _record(Reorganisation.Kind.RENAME, effective_date, actor,
                   f"Đổi tên {old_name} thành {new_name} ({unit.code})", note, [unit], journal)


@transaction.atomic
def unit_move(*, actor, units: Sequence[Unit], new_parent: Unit, effective_date: dt.date,
              note: str = "") -> Reorganisation:
    """Move units under `new_parent` from the date: nothing else moves (their open returns now go to it)."""
    ensure_years_open(effective_date)
    journal = Journal()
    for unit in units:
        _ensure_parent_ok(unit, new_parent, effective_date)
    _change_periods(list(units), effective_date, journal, parent=new_parent)
    rebuild_paths(journal.units)
    codes = ", ".join(u.code for u in units)
    return _record(Reorganisation.Kind.MOVE, effective_date, actor,
                   f"Chuyển {codes} về {new_parent.name} ({new_parent.code})", note, [*units, new_parent], journal)


@transaction.atomic
def unit_close(*, actor, unit: Unit, effective_date: dt.date, move_children_to: Unit | None = None,
               reason: str = Unit.Reason.OTHER, note: str = "") -> Reorganisation:
    """Dissolve `unit` from the date, for `reason`; its open children move to `move_children_to` first."""
    ensure_years_open(effective_date)
    if reason not in Unit.Reason.values:
        raise ValidationError("Chọn lý do giải thể trong danh sách.")
    journal = Journal()
    open_children = _children([unit], effective_date)
    if open_children and move_children_to is None:
        raise ValidationError(
            f"{unit.name} còn {len(open_children)} đơn vị trực thuộc: chọn đơn vị tiếp nhận trước khi giải thể."
        )
    if move_children_to is not None and open_children:
        _ensure_parent_ok(None, move_children_to, effective_date)
        _change_periods(open_children, effective_date, journal, parent=move_children_to)
    _close([unit], effective_date, journal, Unit.Closure.DISSOLVED, reason)
    rebuild_paths(journal.units)
    return _record(Reorganisation.Kind.CLOSE, effective_date, actor, f"Giải thể {unit.name} ({unit.code})",
                   note, [unit, *open_children], journal, reason=reason)


def merge_target(*, sources: Sequence[Unit], into: Unit | None, new_unit: NewUnit | None) -> None:
    """The checks of a merger's units that need no writing (the form and the command ask them first)."""
    if (into is None) == (new_unit is None):
        raise ValidationError("Chọn một đơn vị tiếp nhận có sẵn hoặc nhập đơn vị mới.")
    if len(sources) < 1:
        raise ValidationError("Chọn ít nhất một đơn vị để hợp nhất.")
    if into is not None and into in sources:
        raise ValidationError("Đơn vị tiếp nhận không được nằm trong danh sách hợp nhất.")
    closed = [s.code for s in sources if s.valid_to is not None]
    if closed:
        raise ValidationError(f"Đơn vị {', '.join(closed)} đã ngừng hoạt động: không hợp nhất được.")


@transaction.atomic
def unit_merge(*, actor, sources: Sequence[Unit], effective_date: dt.date, into: Unit | None = None,
               new_unit: NewUnit | None = None, parent: Unit | None = None, note: str = ""
               ) -> tuple[Unit, Reorganisation]:
    """Merge `sources` into a new unit (hợp nhất) or into an existing one (sáp nhập); their children move
    there, they close as merged, and the target succeeds them."""
    ensure_years_open(effective_date)
    merge_target(sources=sources, into=into, new_unit=new_unit)
    journal = Journal()
    if into is not None:
        target, kind = into, Reorganisation.Kind.ABSORB
    else:
        target, kind = _create(new_unit, parent, effective_date, journal, origin=Unit.Origin.MERGER), \
            Reorganisation.Kind.MERGE
    moved = _children(sources, effective_date)
    _change_periods(moved, effective_date, journal, parent=target)
    _close(list(sources), effective_date, journal, Unit.Closure.MERGED)
    rebuild_paths(journal.units)
    names = ", ".join(s.name for s in sources)
    verb = "Sáp nhập" if kind == Reorganisation.Kind.ABSORB else "Hợp nhất"
    linker = "vào" if kind == Reorganisation.Kind.ABSORB else "thành"
    event = _record(kind, effective_date, actor, f"{verb} {names} {linker} {target.name} ({target.code})", note,
                    [*sources, target, *moved], journal)
    _succeed(event, sources, [target], kind, effective_date)
    return target, event


@transaction.atomic
def unit_split(*, actor, source: Unit, new_units: Sequence[NewUnit], assignment: dict[int, str],
               effective_date: dt.date, parent: Unit | None = None, note: str = ""
               ) -> tuple[list[Unit], Reorganisation]:
    """Split `source` into new units; `assignment` maps each child id to the code of its new parent."""
    ensure_years_open(effective_date)
    if len(new_units) < 2:
        raise ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
    journal = Journal()
    parent = parent or _parent_on(source, effective_date)
    created = {data.code: _create(data, parent, effective_date, journal, origin=Unit.Origin.SPLIT)
               for data in new_units}
    by_target: dict[str, list[Unit]] = {}
    for child in _children([source], effective_date):
        code = assignment.get(child.id)
        if code not in created:
            raise ValidationError(f"Chưa chọn đơn vị mới cho {child.name} ({child.code}).")
        by_target.setdefault(code, []).append(child)
    for code, moving in by_target.items():
        _change_periods(moving, effective_date, journal, parent=created[code])
    _close([source], effective_date, journal, Unit.Closure.SPLIT)
    rebuild_paths(journal.units)
    event = _record(Reorganisation.Kind.SPLIT, effective_date, actor,
                    f"Chia tách {source.name} thành " + ", ".join(u.name for u in created.values()), note,
                    [source, *created.values()], journal)
    _succeed(event, [source], list(created.values()), Reorganisation.Kind.SPLIT, effective_date)
    return list(created.values()), event


def _parent_on(unit: Unit, day: dt.date) -> Unit | None:
    period = UnitPeriod.objects.filter(valid_on_q(day), unit=unit).select_related("parent").first()
    return period.parent if period else None


@dataclass(frozen=True)
class UnitSeed:
    """One unit of an initial structure: its data, parent code and validity (for `unit_create_many`)."""

    data: NewUnit
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None = None
    closure_reason: str = Unit.Reason.OTHER


@transaction.atomic
def unit_create_many(*, actor, seeds: Sequence[UnitSeed], note: str = "") -> list[Unit]:
    """Load a whole structure at once (parents before children), rebuilding the closure table once.

    Each unit gets its "Thành lập" event, and a "Giải thể" event when it closes (dissolved, for its reason).
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
        journal = Journal()
        unit = _create(seed.data, parent, seed.valid_from, journal)
        created.append(unit)
        if unit.level != Unit.Level.GRASSROOTS:
            known[unit.code] = unit
        events.append((Reorganisation(kind=Reorganisation.Kind.CREATE, effective_date=seed.valid_from,
                                      summary=f"Thành lập {unit.name} ({unit.code})", note=note, actor=actor,
                                      journal={"structure": journal.data}), unit))
        if seed.valid_to is not None:
            UnitPeriod.objects.filter(unit=unit).update(valid_to=seed.valid_to)
            Unit.objects.filter(pk=unit.pk).update(valid_to=seed.valid_to, closure=Unit.Closure.DISSOLVED,
                                                   closure_reason=seed.closure_reason)
            unit.valid_to, unit.closure, unit.closure_reason = (seed.valid_to, Unit.Closure.DISSOLVED,
                                                                seed.closure_reason)
            events.append((Reorganisation(kind=Reorganisation.Kind.CLOSE, effective_date=seed.valid_to,
                                          summary=f"Giải thể {unit.name} ({unit.code})", note=note, actor=actor,
                                          reason=seed.closure_reason), unit))
    rebuild_paths([unit.pk for unit in created])
    Reorganisation.objects.bulk_create([event for event, _ in events], batch_size=1000)
    through = Reorganisation.units.through
    through.objects.bulk_create([through(reorganisation_id=event.pk, unit_id=unit.pk) for event, unit in events],
                                batch_size=1000)
    return created


@transaction.atomic
def unit_update_contact(*, actor, unit: Unit, contact_person: str, phone: str, email: str, address: str) -> Unit:
    """Contact data is not dated (it is who to call now); it does not create a reorganisation event."""
    unit.contact_person, unit.phone, unit.email, unit.address = (
        contact_person.strip(), phone.strip(), email.strip(), address.strip())
    unit.save(update_fields=["contact_person", "phone", "email", "address"])
    return unit
