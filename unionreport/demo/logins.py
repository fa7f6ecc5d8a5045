"""What each demo account finds when it logs in today (printed by `load_demo` and `demo_logins`)."""

from __future__ import annotations

from unionreport.accounts.models import User
from unionreport.demo import structure as demo
from unionreport.lib.formatting import format_date, format_int
from unionreport.returns.models import QualityWarning, ReportingYear, Return
from unionreport.returns.selectors import approvals_queue, default_year, follow_up_returns
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids


def _missing(unit: Unit, year: int, cutoff) -> int:
    expected = Unit.objects.filter(id__in=subtree_ids(unit, cutoff), level=Unit.Level.GRASSROOTS, valid_to=None)
    return expected.exclude(returns__year=year, returns__status__in=Return.SENT).count()


def _approver(user: User, year: int) -> str:
    queue = list(approvals_queue(user, year).values_list("unit_id", "status"))
    warned = QualityWarning.objects.filter(year=year, unit_id__in=[u for u, _ in queue]).values("unit_id").distinct()
    parts = [f"{format_int(len(queue))} báo cáo chờ duyệt"]
    if user.is_province_staff:
        acting = sum(1 for _, status in queue if status == Return.Status.SUBMITTED)
        parts.append(f"trong đó {format_int(acting)} duyệt thay cấp trên")
        follow = follow_up_returns(user, year).count()
        if follow:
            parts.append(f"{format_int(follow)} báo cáo cần xem lại")
    if warned.count():
        parts.append(f"{format_int(warned.count())} báo cáo có cảnh báo chất lượng số liệu")
    return ", ".join(parts)


def _grassroots(user: User, year: int, deadline) -> str:
    ret = Return.objects.filter(unit_id=user.unit_id, year=year).first()
    if ret is None or (ret.status == Return.Status.DRAFT and ret.current_version_id is None and not ret.returned_note):
        return f"báo cáo năm {year} chưa nộp, hạn {format_date(deadline)}"
    if ret.returned_note:
        return f"báo cáo năm {year} bị trả lại: “{ret.returned_note}”"
    if ret.status == Return.Status.DRAFT:
        return f"báo cáo năm {year} đã tải lên, chưa nộp (hạn {format_date(deadline)})"
    return f"báo cáo năm {year}: {ret.get_status_display().lower()}"


def finds(user: User) -> str:
    """One line: what `user` has to do or to see in the open year."""
    year = default_year()
    settings_row = ReportingYear.for_year(year)
    if user.unit is None:
        return ""
    if user.role == User.Role.GRASSROOTS_OFFICER:
        return _grassroots(user, year, settings_row.deadline)
    if user.role == User.Role.LEADERSHIP:
        sent = Return.objects.filter(year=year, status__in=Return.SENT).count()
        return (f"bảng điều hành năm {year}: {format_int(sent)} CĐCS đã nộp; báo cáo tổng kết {year - 1} so sánh "
                "cùng phạm vi (ba tỉnh cũ)")
    text = _approver(user, year)
    missing = _missing(user.unit, year, settings_row.cutoff_date)
    return f"{text}; {format_int(missing)} CĐCS chưa nộp" if missing else text


def rows() -> list[tuple[str, str, str, str, str]]:
    """(username, password, role, unit, what the account finds) of the demo accounts that exist."""
    names = [*demo.demo_usernames(), *(row[0] for row in demo.COMMUNE_OFFICERS)]
    users = {u.username: u for u in User.objects.filter(username__in=names).select_related("unit")}
    return [(u.username, demo.DEMO_PASSWORD, u.get_role_display(), f"{u.unit.name} ({u.unit.code})", finds(u))
            for name in names if (u := users.get(name))]
