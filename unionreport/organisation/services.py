"""Reorganisations as provincial staff apply them: the structure changes, and what belongs to the units follows.

For each event, in one transaction (reorganisation spec, "Events"):

- merge (hợp nhất, into a new unit) and absorb (sáp nhập, into an existing one): the sources' members still
  members on the date move to the successor with their history (card-number clashes are refused, listed);
  each account of a closed unit moves to the successor or is deactivated; returns stay with their CĐCS;
- split: every member of the source is assigned to one of the new units (nobody left unassigned);
- move: nothing moves (the returns' route changes with the parent);
- dissolve: with a reason from the fixed list; the members leave on the date; accounts kept (to read the
  history) or deactivated.

The structure is `units.services`'; the members `members.moves`; the accounts `accounts.services`. The
event's journal gets every part, so `reorganise_undo` puts the last event of a unit back exactly, while
nothing was recorded for its units after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.accounts.services import DEACTIVATE, KEEP, MOVE, accounts_follow, accounts_undo
from unionreport.members import moves
from unionreport.organisation.dependents import ensure_undoable
from unionreport.units import services as structure
from unionreport.units.journal import last_event_of, structure_undo
from unionreport.units.models import Reorganisation, Unit

AccountChoices = str | dict[int, str]  # one choice for every account, or user id → MOVE / DEACTIVATE / KEEP / a code


def _save_journal(event: Reorganisation, journal: dict) -> None:
    event.journal = {**event.journal, **journal}
    event.save(update_fields=["journal"])


def accounts_of(units: Sequence[Unit]) -> list[User]:
    """The active accounts attached to `units` (what a closing unit's people become is asked one by one)."""
    return list(User.objects.filter(unit__in=units, is_active=True).select_related("unit").order_by("username"))


def _account_choices(units: Sequence[Unit], choices: AccountChoices, default_unit: Unit | None,
                     by_code: dict[str, Unit] | None = None) -> dict[User, tuple[str, Unit | None]]:
    out: dict[User, tuple[str, Unit | None]] = {}
    for user in accounts_of(units):
        choice = choices if isinstance(choices, str) else choices.get(user.pk)
        if choice is None:
            raise ValidationError(f"Chưa chọn cách xử lý tài khoản {user.username} ({user.unit.code}): chuyển sang "
                                  "đơn vị kế thừa hoặc ngừng hoạt động.")
        if choice in (MOVE, DEACTIVATE, KEEP):
            out[user] = (choice, default_unit if choice == MOVE else None)
        elif by_code and choice in by_code:
            out[user] = (MOVE, by_code[choice])
        else:
            raise ValidationError(f"Tài khoản {user.username}: lựa chọn “{choice}” không hợp lệ.")
        if out[user][0] == MOVE and out[user][1] is None:
            raise ValidationError(f"Tài khoản {user.username}: chọn đơn vị mới để chuyển tài khoản sang.")
    return out


@transaction.atomic
def reorganise_merge(*, actor: User, sources: Sequence[Unit], effective_date: dt.date, into: Unit | None = None,
                     new_unit: structure.NewUnit | None = None, parent: Unit | None = None,
                     accounts: AccountChoices = MOVE, note: str = "") -> Reorganisation:
    """Merge `sources` into a new unit (hợp nhất) or absorb them into `into` (sáp nhập)."""
    require_staff(actor)
    structure.ensure_years_open(effective_date)
    structure.merge_target(sources=sources, into=into, new_unit=new_unit)
    moves.ensure_no_clash(moves.card_clashes(sources=sources, target=into, day=effective_date))
    people = accounts_of(sources)
    target, event = structure.unit_merge(actor=actor, sources=sources, effective_date=effective_date, into=into,
                                         new_unit=new_unit, parent=parent, note=note)
    journal: dict = {}
    moves.members_move_all(sources=sources, target=target, day=effective_date, journal=journal)
    choices = _account_choices(sources, accounts, target) if people else {}
    accounts_follow(actor=actor, choices=choices, journal=journal)
    _save_journal(event, journal)
    return event


@transaction.atomic
def reorganise_split(*, actor: User, source: Unit, new_units: Sequence[structure.NewUnit],
                     children: dict[int, str] | None = None, members: dict[int, str] | None = None,
                     accounts: AccountChoices = DEACTIVATE, effective_date: dt.date, parent: Unit | None = None,
                     note: str = "") -> Reorganisation:
    """Split `source` into `new_units`: its children (`children`: unit id → new code) and its members
    (`members`: member id → new code) are assigned, every one of them."""
    require_staff(actor)
    structure.ensure_years_open(effective_date)
    codes = {data.code for data in new_units}
    moving = list(moves.active_on([source], effective_date).values_list("pk", "card_number", "full_name"))
    assignment = members or {}
    unassigned = [f"{card} ({name})" for pk, card, name in moving if assignment.get(pk) not in codes]
    if unassigned:
        shown = ", ".join(unassigned[:10]) + (f" và {len(unassigned) - 10} đoàn viên khác"
                                              if len(unassigned) > 10 else "")
        raise ValidationError(f"Còn {len(unassigned)} đoàn viên của {source.code} chưa được phân về đơn vị mới: "
                              f"{shown}. Mỗi đoàn viên phải về đúng một đơn vị mới.")
    foreign = set(assignment) - {pk for pk, _, _ in moving}
    if foreign:
        raise ValidationError(f"Danh sách phân công có {len(foreign)} đoàn viên không thuộc {source.code} "
                              "(hoặc đã ra khỏi tổ chức trước ngày hiệu lực).")
    created, event = structure.unit_split(actor=actor, source=source, new_units=new_units, assignment=children or {},
                                          effective_date=effective_date, parent=parent, note=note)
    by_code = {unit.code: unit for unit in created}
    journal: dict = {}
    moves.members_move(assignment={pk: by_code[assignment[pk]] for pk, _, _ in moving}, day=effective_date,
                       journal=journal)
    accounts_follow(actor=actor, choices=_account_choices([source], accounts, None, by_code), journal=journal)
    _save_journal(event, journal)
    return event


@transaction.atomic
def reorganise_move(*, actor: User, units: Sequence[Unit], new_parent: Unit, effective_date: dt.date,
                    note: str = "") -> Reorganisation:
    """Move units under another parent: nothing else moves; their returns now wait for the new parent."""
    require_staff(actor)
    return structure.unit_move(actor=actor, units=units, new_parent=new_parent, effective_date=effective_date,
                               note=note)


@transaction.atomic
def reorganise_dissolve(*, actor: User, unit: Unit, effective_date: dt.date, reason: str,
                        move_children_to: Unit | None = None, accounts: AccountChoices = KEEP,
                        note: str = "") -> Reorganisation:
    """Dissolve `unit` for `reason` (a fixed list): its members leave on the date."""
    require_staff(actor)
    structure.ensure_years_open(effective_date)
    if unit.valid_to is not None:
        raise ValidationError(f"{unit.name} ({unit.code}) đã ngừng hoạt động từ {unit.valid_to:%d/%m/%Y}.")
    choices = _account_choices([unit], accounts, None)
    event = structure.unit_close(actor=actor, unit=unit, effective_date=effective_date, reason=reason,
                                 move_children_to=move_children_to, note=note)
    journal: dict = {}
    moves.members_leave(units=[unit], day=effective_date, journal=journal)
    accounts_follow(actor=actor, choices=choices, journal=journal)
    _save_journal(event, journal)
    return event


@transaction.atomic
def reorganise_rename(*, actor: User, unit: Unit, new_name: str, effective_date: dt.date,
                      note: str = "") -> Reorganisation:
    require_staff(actor)
    return structure.unit_rename(actor=actor, unit=unit, new_name=new_name, effective_date=effective_date, note=note)


def undoable_event(unit: Unit) -> Reorganisation | None:
    """The unit's last event, when it may be undone (else None): nothing recorded for its units after it."""
    event = last_event_of(unit)
    if event is None:
        return None
    try:
        ensure_undoable(event)
    except ValidationError:
        return None
    return event


@transaction.atomic
def reorganise_undo(*, actor: User, unit: Unit) -> Reorganisation:
    """Undo the last reorganisation of `unit`, exactly: members, accounts, then the structure."""
    require_staff(actor)
    event = last_event_of(unit)
    if event is None:
        raise ValidationError(f"{unit.name} ({unit.code}) không có sự kiện sắp xếp tổ chức nào để hoàn tác.")
    event = Reorganisation.objects.select_for_update().get(pk=event.pk)
    ensure_undoable(event)
    structure.ensure_years_open(event.effective_date)
    moves.members_undo(journal=event.journal)
    accounts_undo(journal=event.journal)
    return structure_undo(actor=actor, event=event)
