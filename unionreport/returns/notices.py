"""What the review workflow tells people, in Vietnamese: the bell and the email of each step, to whom.

The CĐCS's officers hear of approvals, send-backs (with the reason; nobody can turn these off) and reopen
decisions; approvers see new submissions and reopen requests in their bell (their email is the daily digest,
`returns.reminders`). Called by `returns.workflow` inside the step's transaction.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from unionreport.accounts.access import PROVINCE_STEP, UPPER_STEP, approvers_of
from unionreport.accounts.models import User
from unionreport.lib.formatting import format_date
from unionreport.notifications.models import Kind
from unionreport.notifications.services import Message, absolute_url, notify
from unionreport.returns.models import ReopenRequest, ReportingYear, Return, ReturnEvent


def return_path(ret: Return) -> str:
    """The return's page (the review app's, reversed by name: the returns app imports no page above it)."""
    return reverse("review:return", args=[ret.year, ret.unit.code])


def when(moment) -> str:
    """'09:30 ngày 05/12/2026' on Việt Nam's clock."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ngày {format_date(local)}"


def who(user: User | None) -> str:
    if user is None:
        return "hệ thống"
    name = user.get_full_name() or user.username
    return f"{name} ({user.unit.name})" if user.unit_id else name


def unit_officers(ret: Return, *also: User | None) -> list[User]:
    """The CĐCS's own officers; when it has none, the people who acted for it (who submitted, who asked)."""
    officers = list(User.objects.filter(is_active=True, role=User.Role.GRASSROOTS_OFFICER, unit_id=ret.unit_id))
    return officers or [u for u in also if u is not None]


def _greeting_text(ret: Return, lines: list[str]) -> str:
    link = absolute_url(return_path(ret))
    return "Kính gửi cán bộ công đoàn,\n\n" + "\n\n".join(lines) + f"\n\nXem báo cáo: {link}"


def _title(ret: Return, what: str) -> str:
    return f"Báo cáo năm {ret.year} của {ret.unit.name} {what}"


def notice_submitted(ret: Return, event: ReturnEvent) -> None:
    message = Message(Kind.SUBMITTED, _title(ret, "đã nộp, chờ bạn duyệt"),
                      f"Nộp lúc {when(event.at)} bởi {who(event.actor)}.", return_path(ret), unit=ret.unit)
    notify(users=approvers_of(ret.unit, UPPER_STEP, timezone.localdate(event.at)), message=message,
           key=f"event:{event.pk}", email=False)


def notice_approved(ret: Return, event: ReturnEvent) -> None:
    province = event.kind == ReturnEvent.Kind.APPROVED_PROVINCE
    step = "LĐLĐ tỉnh" if province else "cấp trên"
    next_step = ("Số liệu của báo cáo đã được tổng hợp vào báo cáo của tỉnh." if province
                 else "Báo cáo đang chờ LĐLĐ tỉnh duyệt.")
    lines = [f"Báo cáo năm {ret.year} của {ret.unit.name} ({ret.unit.code}) đã được {step} duyệt lúc "
             f"{when(event.at)}, người duyệt: {who(event.actor)}{', ' + event.acting_for if event.acting_for else ''}.",
             next_step + " Báo cáo đã duyệt chỉ được xem; muốn sửa, hãy gửi yêu cầu mở lại (kèm lý do) "
             "trên trang báo cáo."]
    message = Message(Kind.APPROVED, _title(ret, f"đã được {step} duyệt"), lines[0], return_path(ret),
                      _greeting_text(ret, lines), ret.unit)
    notify(users=unit_officers(ret, ret.submitted_by), message=message, key=f"event:{event.pk}")


def notice_sent_back(ret: Return, event: ReturnEvent, submitted_by: User | None) -> None:
    deadline = ReportingYear.for_year(ret.year).deadline
    lines = [f"Báo cáo năm {ret.year} của {ret.unit.name} ({ret.unit.code}) đã bị trả lại lúc {when(event.at)}, "
             f"người trả lại: {who(event.actor)}.",
             f"Lý do trả lại: {event.note}",
             f"Đề nghị đơn vị sửa số liệu (tải lên lại tệp đã sửa nếu cần) rồi nộp lại báo cáo; hạn nộp "
             f"{format_date(deadline)}."]
    message = Message(Kind.SENT_BACK, _title(ret, "bị trả lại để chỉnh sửa"), f"Lý do: {event.note}",
                      return_path(ret), _greeting_text(ret, lines), ret.unit)
    notify(users=unit_officers(ret, submitted_by), message=message, key=f"event:{event.pk}")


def notice_reopen_requested(request: ReopenRequest) -> None:
    ret = request.return_obj
    step = PROVINCE_STEP if ret.status == Return.Status.APPROVED_PROVINCE else UPPER_STEP
    message = Message(Kind.REOPEN_REQUESTED, _title(ret, "xin mở lại"), f"Lý do: {request.reason}",
                      reverse("returns:reopen_list"), unit=ret.unit)
    notify(users=approvers_of(ret.unit, step), message=message, key=f"reopen:{request.pk}", email=False)


def notice_reopen_decided(request: ReopenRequest) -> None:
    ret = request.return_obj
    granted = request.decision == ReopenRequest.Decision.GRANTED
    outcome = ("được đồng ý: báo cáo đã trở về trạng thái chưa nộp; hãy sửa số liệu rồi nộp lại."
               if granted else "không được đồng ý: báo cáo giữ nguyên như đã duyệt.")
    lines = [f"Yêu cầu mở lại báo cáo năm {ret.year} của {ret.unit.name} ({ret.unit.code}) gửi lúc "
             f"{when(request.requested_at)} đã {outcome}",
             f"Người xem xét: {who(request.decided_by)}, lúc {when(request.decided_at)}."
             + (f"\nGhi chú: {request.decision_note}" if request.decision_note else "")]
    title = _title(ret, "được mở lại" if granted else ": yêu cầu mở lại không được đồng ý")
    message = Message(Kind.REOPEN_DECIDED, title.replace(" :", ":"), lines[0], return_path(ret),
                      _greeting_text(ret, lines), ret.unit)
    notify(users=unit_officers(ret, request.requested_by), message=message, key=f"reopen-decided:{request.pk}")
