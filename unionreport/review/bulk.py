"""Bulk approval: the rows a user picked in the queue, checked and approved one by one (each a single approval in
its own transaction, with the version the queue showed), and the result of each.

A pick is "return id:version". A return outside the user's subtree is "not found" (its existence is not
told); one no longer at the user's step, or changed since the queue was drawn, is refused with the reason;
the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from unionreport.accounts.access import visible_rows
from unionreport.accounts.models import User
from unionreport.returns import selectors as returns_selectors
from unionreport.returns import workflow
from unionreport.returns.models import Return
from unionreport.returns.workflow import ReturnError, step_label

NOT_FOUND = "Không tìm thấy báo cáo này (hoặc bạn không được xem)."
MAX_PICKS = 1000


@dataclass
class Pick:
    raw: str
    ret: Return | None
    version: int | None
    step: str = ""
    problem: str = ""
    ok: bool = False
    message: str = ""

    @property
    def label(self) -> str:
        return f"{self.ret.unit.code} · {self.ret.unit.name}" if self.ret else self.raw


def _parse(raw: str) -> tuple[int, int] | None:
    pk, _, version = raw.partition(":")
    return (int(pk), int(version)) if pk.isdigit() and version.isdigit() else None


def _picks(user: User, raws: list[str]) -> list[Pick]:
    """The picks with their returns (two queries), the user's queue deciding which are at the user's step."""
    raws = list(dict.fromkeys(raws))[:MAX_PICKS]
    parsed = {raw: _parse(raw) for raw in raws}
    ids = [p[0] for p in parsed.values() if p]
    found = {r.pk: r for r in visible_rows(user, Return.objects.filter(pk__in=ids), year="year")
             .select_related("unit")}
    in_queue: set[int] = set()
    for year in {r.year for r in found.values()}:
        in_queue |= set(returns_selectors.approvals_queue(user, year).filter(pk__in=ids).values_list("pk", flat=True))
    out = []
    for raw in raws:
        pair = parsed[raw]
        ret = found.get(pair[0]) if pair else None
        pick = Pick(raw, ret, pair[1] if pair else None)
        if ret is None:
            pick.problem = NOT_FOUND
        elif ret.pk not in in_queue:
            pick.problem = f"Báo cáo không ở bước bạn duyệt (hiện: {ret.get_status_display().lower()})."
        else:
            pick.step = step_label(user, ret)
        out.append(pick)
    return out


def plan(user: User, raws: list[str]) -> list[Pick]:
    """What a confirmation will do (nothing is changed)."""
    return _picks(user, raws)


def approve_all(user: User, raws: list[str]) -> list[Pick]:
    """Approve each pick at its step, one transaction each; every result listed."""
    picks = _picks(user, raws)
    for pick in picks:
        if pick.problem:
            pick.message = pick.problem
            continue
        try:
            workflow.return_approve(actor=user, unit=pick.ret.unit, year=pick.ret.year, seen_version=pick.version)
        except (ReturnError, PermissionDenied) as error:
            pick.message = getattr(error, "message", None) or str(error)
        else:
            pick.ok, pick.message = True, f"Đã duyệt ({pick.step.removeprefix('Duyệt ').strip('()')})."
    return picks
