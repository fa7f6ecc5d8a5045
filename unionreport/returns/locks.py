"""The read-only rule of returns: rows of an approved return or a locked year do not change.

Registered with `core.locks` at start-up (apps.ready), so every domain service and form
that calls `core.locks.ensure_editable` obeys it, and the import service uses it too.
"""

from __future__ import annotations

from unionreport.returns.models import ReportingYear, Return


def _who(user) -> str:
    return f" ({user.get_full_name() or user.username})" if user else ""


def return_lock_reason(unit_id: int, year: int) -> str | None:
    """A Vietnamese sentence saying why (unit, year) is read-only and who can reopen it; None when editable."""
    if ReportingYear.objects.filter(year=year, locked=True).exists():
        return (f"Năm {year} đã khóa sổ nên số liệu chỉ được xem. "
                "Chỉ cán bộ LĐLĐ tỉnh mới mở khóa được năm báo cáo.")
    ret = (Return.objects.filter(unit_id=unit_id, year=year, status__in=Return.APPROVED)
           .select_related("approved_upper_by", "approved_province_by").first())
    if ret is None:
        return None
    if ret.status == Return.Status.APPROVED_PROVINCE:
        return (f"Báo cáo năm {year} đã được LĐLĐ tỉnh phê duyệt{_who(ret.approved_province_by)} nên chỉ được xem. "
                "Muốn sửa, gửi yêu cầu mở lại (kèm lý do) để LĐLĐ tỉnh xem xét.")
    return (f"Báo cáo năm {year} đã được công đoàn cấp trên phê duyệt{_who(ret.approved_upper_by)} nên chỉ được xem. "
            "Muốn sửa, gửi yêu cầu mở lại (kèm lý do) để công đoàn cấp trên xem xét.")
