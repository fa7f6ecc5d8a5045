"""The read-only rule of returns: rows of an approved return or a locked year do not change.

Registered with `core.locks` at start-up (apps.ready), so every domain service and form
that calls `core.locks.ensure_editable` obeys it, and the import service uses it too.
Lists ask `return_lock_reasons` (the bulk twin) once per page: two queries whatever the
number of (unit, year) pairs on the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from unionreport.returns.models import ReportingYear, Return


def _who(user) -> str:
    return f" ({user.get_full_name() or user.username})" if user else ""


def _year_locked_reason(year: int) -> str:
    return (f"Năm {year} đã khóa sổ nên số liệu chỉ được xem. "
            "Chỉ cán bộ LĐLĐ tỉnh mới mở khóa được năm báo cáo.")


def _approved_reason(ret: Return) -> str:
    year = ret.year
    if ret.status == Return.Status.APPROVED_PROVINCE:
        return (f"Báo cáo năm {year} đã được LĐLĐ tỉnh phê duyệt{_who(ret.approved_province_by)} nên chỉ được xem. "
                "Muốn sửa, gửi yêu cầu mở lại (kèm lý do) để LĐLĐ tỉnh xem xét.")
    return (f"Báo cáo năm {year} đã được công đoàn cấp trên phê duyệt{_who(ret.approved_upper_by)} nên chỉ được xem. "
            "Muốn sửa, gửi yêu cầu mở lại (kèm lý do) để công đoàn cấp trên xem xét.")


def _approved_returns():
    return (Return.objects.filter(status__in=Return.APPROVED)
            .select_related("approved_upper_by", "approved_province_by"))


def return_lock_reason(unit_id: int, year: int) -> str | None:
    """A Vietnamese sentence saying why (unit, year) is read-only and who can reopen it; None when editable."""
    if ReportingYear.objects.filter(year=year, locked=True).exists():
        return _year_locked_reason(year)
    ret = _approved_returns().filter(unit_id=unit_id, year=year).first()
    return _approved_reason(ret) if ret is not None else None


def return_lock_reasons(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The bulk twin of `return_lock_reason`: {(unit_id, year): reason} for the locked pairs only.

    Two queries for any number of pairs: the locked years, then the approved returns of the
    remaining pairs' units and years (the few extra unit × year combinations are dropped here).
    """
    pairs = {(int(unit_id), int(year)) for unit_id, year in pairs}
    if not pairs:
        return {}
    years = {year for _, year in pairs}
    locked = set(ReportingYear.objects.filter(year__in=years, locked=True).values_list("year", flat=True))
    found = {pair: _year_locked_reason(pair[1]) for pair in pairs if pair[1] in locked}
    todo = pairs - found.keys()
    if todo:
        returns = _approved_returns().filter(unit_id__in={u for u, _ in todo}, year__in={y for _, y in todo})
        for ret in returns:
            if (ret.unit_id, ret.year) in todo:
                found[(ret.unit_id, ret.year)] = _approved_reason(ret)
    return found
