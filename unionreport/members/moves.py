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
from django.db.models import Q, QuerySet

from unionreport.members.models import Member
from unionreport.members.summary import member_summary_refresh
from unionreport.units.models import Unit

CLASHES_SHOWN = 10
COPIED = ("card_number", "full_name", "sex", "birth_year", "joined_on")


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


def members_move(*, assignment: dict[int, Unit], day: dt.date, journal: dict) -> int:
    """Move each member (id → successor CĐCS) on `day`; returns how many moved."""
    if not assignment:
        return 0
    log = _journal(journal)
    members = list(Member.objects.filter(pk__in=list(assignment)).order_by("pk"))
    created = []
    for member in members:
        log["ended"].append([member.pk, member.left_on.isoformat() if member.left_on else None, member.left_reason])
        created.append(Member(unit=assignment[member.pk], moved_from=member, left_on=member.left_on,
                              left_reason="" if member.left_on is None else member.left_reason,
                              **{f: getattr(member, f) for f in COPIED}))
        member.left_on, member.left_reason = day, Member.LeftReason.MOVED
    Member.objects.bulk_update(members, ["left_on", "left_reason"])
    log["created"].extend(m.pk for m in Member.objects.bulk_create(created))
    member_summary_refresh(unit_ids={m.unit_id for m in members} | {u.pk for u in assignment.values()})
    return len(members)


def members_move_all(*, sources: Sequence[Unit], target: Unit, day: dt.date, journal: dict) -> int:
    """Merger or absorption: every member of the sources still a member on `day` moves to `target`."""
    ids = active_on(sources, day).values_list("pk", flat=True)
    return members_move(assignment=dict.fromkeys(ids, target), day=day, journal=journal)


def members_leave(*, units: Sequence[Unit], day: dt.date, journal: dict) -> int:
    """Dissolution: the members of `units` still members on `day` leave on that day."""
    log = _journal(journal)
    members = list(active_on(units, day).order_by("pk"))
    for member in members:
        log["ended"].append([member.pk, member.left_on.isoformat() if member.left_on else None, member.left_reason])
        member.left_on, member.left_reason = day, Member.LeftReason.DISSOLVED
    Member.objects.bulk_update(members, ["left_on", "left_reason"])
    member_summary_refresh(unit_ids=[u.pk for u in units])
    return len(members)


def members_undo(*, journal: dict) -> None:
    """Put the members back as they were before the reorganisation of `journal`."""
    log = journal.get("members") or {}
    created = Member.objects.filter(pk__in=log.get("created", []))
    unit_ids = set(created.values_list("unit_id", flat=True))
    created.delete()
    ended = {pk: (left_on, reason) for pk, left_on, reason in log.get("ended", [])}
    members = list(Member.objects.filter(pk__in=list(ended)))
    for member in members:
        left_on, reason = ended[member.pk]
        member.left_on, member.left_reason = (dt.date.fromisoformat(left_on) if left_on else None), reason
        unit_ids.add(member.unit_id)
    Member.objects.bulk_update(members, ["left_on", "left_reason"])
    member_summary_refresh(unit_ids=unit_ids)
