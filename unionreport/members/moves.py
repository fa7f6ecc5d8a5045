"""Members who follow a reorganisation: moved to a successor CĐCS, or leaving with a dissolved one.

Called by the organisation app inside its reorganisation's transaction (provincial staff only: the
caller checks). A moved member keeps its history: its row in the old CĐCS ends on the date
(`left_reason` MOVED) and a row in the successor starts with the same card number and joined date
(`moved_from`); neither counts as joined or left in the figures. Members of a dissolved CĐCS leave
on the date (`left_reason` DISSOLVED). Every change is written to the event's journal so that the
reorganisation can be undone exactly; a constant number of queries whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet

from unionreport.members.models import Member
from unionreport.members.summary import member_summary_refresh
from unionreport.units.models import Unit

CLASHES_SHOWN = 10
COPIED = ("card_number", "full_name", "sex", "birth_year", "joined_on")
CHUNK = 900  # ids a statement carries (SQLite allows 999 parameters)


def active_on(units: Sequence[Unit] | QuerySet, day: dt.date) -> QuerySet[Member]:
    """Members of `units` still members on `day` (not left on or before it): the ones a reorganisation takes."""
    return Member.objects.filter(unit__in=units).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


@dataclass(frozen=True)
class CardClash:
    card_number: str
    units: tuple[str, ...]  # unit codes holding it (the sources, or a source and the target)
    names: tuple[str, ...]

    def text(self) -> str:
        return (f"Số thẻ {self.card_number} có ở cả {' và '.join(self.units)} "
                f"({', '.join(self.names)})")


def card_clashes(*, sources: Sequence[Unit], target: Unit | None, day: dt.date) -> list[CardClash]:
    """Card numbers that would be held twice in the target: between the sources' members who move, or with
    any member the target already has (left ones included: a card number is unique in a CĐCS)."""
    moving = list(active_on(sources, day).values_list("card_number", "unit__code", "full_name"))
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for card, code, name in moving:
        holders[card].append((code, name))
    if target is not None and target.pk:
        for card, code, name in Member.objects.filter(unit=target, card_number__in=list(holders)).values_list(
                "card_number", "unit__code", "full_name"):
            holders[card].append((code, name))
    return [CardClash(card, tuple(dict.fromkeys(c for c, _ in rows)), tuple(n for _, n in rows))
            for card, rows in sorted(holders.items()) if len(rows) > 1]


def ensure_no_clash(clashes: list[CardClash]) -> None:
    if clashes:
        shown = "; ".join(c.text() for c in clashes[:CLASHES_SHOWN])
        more = f" và {len(clashes) - CLASHES_SHOWN} số thẻ khác" if len(clashes) > CLASHES_SHOWN else ""
        raise ValidationError(
            f"Trùng số thẻ đoàn viên: {shown}{more}. Sửa số thẻ của một trong các đoàn viên (trang Đoàn viên) "
            "rồi thực hiện lại.")


def _journal(journal: dict) -> dict:
    return journal.setdefault("members", {"ended": [], "created": []})


def _end(members: QuerySet[Member], day: dt.date, reason: str, log: dict) -> None:
    """Close these members' rows on `day` for `reason` (their previous ends go to the journal): two queries."""
    log["ended"].extend([pk, left.isoformat() if left else None, old]
                        for pk, left, old in members.values_list("pk", "left_on", "left_reason"))
    members.update(left_on=day, left_reason=reason)


def _copy_into(target: Unit, members_sql: str, params: list, day: dt.date) -> None:
    """INSERT … SELECT: a row in `target` for each member row chosen by `members_sql` (one query)."""
    table = connection.ops.quote_name(Member._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COPIED)
    left = connection.ops.quote_name("left_on")
    with connection.cursor() as cursor:  # only quoted names and fixed SQL are interpolated
        cursor.execute(
            f"INSERT INTO {table} (unit_id, {columns}, {left}, left_reason, moved_from_id, moved_on) "  # noqa: S608
            f"SELECT %s, {columns}, {left}, CASE WHEN {left} IS NULL THEN '' ELSE left_reason END, id, %s "
            f"FROM {table} WHERE {members_sql}", [target.pk, day, *params])


def members_move_all(*, sources: Sequence[Unit], target: Unit, day: dt.date, journal: dict) -> int:
    """Merger or absorption: every member of the sources still a member on `day` moves to `target`. A constant
    number of queries whatever the number of members."""
    log = _journal(journal)
    source_ids = [u.pk for u in sources]
    marks = ", ".join(["%s"] * len(source_ids))
    left = connection.ops.quote_name("left_on")
    _copy_into(target, f"unit_id IN ({marks}) AND ({left} IS NULL OR {left} > %s)", [*source_ids, day], day)
    moving = active_on(sources, day)
    count = moving.count()
    _end(moving, day, Member.LeftReason.MOVED, log)
    log["created"].extend(Member.objects.filter(unit=target, moved_on=day, moved_from__unit__in=sources)
                          .values_list("pk", flat=True))
    member_summary_refresh(unit_ids=[*source_ids, target.pk])
    return count


def members_move(*, assignment: dict[int, Unit], day: dt.date, journal: dict) -> int:
    """Split: move each member (id → successor CĐCS) on `day`; one query per successor and thousand members."""
    if not assignment:
        return 0
    log = _journal(journal)
    by_target: dict[Unit, list[int]] = defaultdict(list)
    for pk, unit in assignment.items():
        by_target[unit].append(pk)
    sources = set(Member.objects.filter(pk__in=list(assignment)[:1]).values_list("unit_id", flat=True))
    for target, ids in by_target.items():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            _copy_into(target, f"id IN ({', '.join(['%s'] * len(chunk))})", chunk, day)
            _end(Member.objects.filter(pk__in=chunk), day, Member.LeftReason.MOVED, log)
    log["created"].extend(Member.objects.filter(unit__in=list(by_target), moved_on=day,
                                                moved_from__unit_id__in=sources).values_list("pk", flat=True))
    member_summary_refresh(unit_ids=sources | {u.pk for u in by_target})
    return len(assignment)


def members_leave(*, units: Sequence[Unit], day: dt.date, journal: dict) -> int:
    """Dissolution: the members of `units` still members on `day` leave on that day."""
    leaving = active_on(units, day)
    count = leaving.count()
    _end(leaving, day, Member.LeftReason.DISSOLVED, _journal(journal))
    member_summary_refresh(unit_ids=[u.pk for u in units])
    return count


def members_undo(*, journal: dict) -> None:
    """Put the members back as they were before the reorganisation of `journal`."""
    log = journal.get("members") or {}
    created = log.get("created", [])
    unit_ids: set[int] = set()
    for start in range(0, len(created), CHUNK):
        rows = Member.objects.filter(pk__in=created[start:start + CHUNK])
        unit_ids |= set(rows.values_list("unit_id", flat=True))
        rows._raw_delete(rows.db)  # no per-row signals: the journal is the record
    by_end: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for pk, left_on, reason in log.get("ended", []):
        by_end[(left_on, reason)].append(pk)
    for (left_on, reason), ids in by_end.items():
        for start in range(0, len(ids), CHUNK):
            rows = Member.objects.filter(pk__in=ids[start:start + CHUNK])
            unit_ids |= set(rows.values_list("unit_id", flat=True))
            rows.update(left_on=dt.date.fromisoformat(left_on) if left_on else None, left_reason=reason)
    member_summary_refresh(unit_ids=unit_ids)
