"""The day's reminders and digests (`manage.py send_reminders`), written to the outbox through `notifications`.

- CĐCS that are expected and have not sent their return: their officers, 7, 3 and 1 days before the deadline
  and on the day after it; the people they report to (officers of their upper unit, or provincial staff where
  that unit has no officer) get the list of their missing CĐCS on the same days.
- Every approver (upper officers, provincial staff) with returns waiting at their step: a daily digest of what
  arrived since yesterday and what waits (users may turn digests off).

Keys (year, day before the deadline, unit or person) make each reminder unique: running the command twice on
a day, or on a later day, never sends one twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from unionreport.accounts.access import approver_units
from unionreport.accounts.models import User
from unionreport.lib.formatting import format_date, format_int
from unionreport.notifications.models import Kind
from unionreport.notifications.services import Message, absolute_url
from unionreport.returns.models import ReportingYear, Return
from unionreport.returns.notices import when
from unionreport.returns.selectors import approvals_queue
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import province_root, valid_on_q

# days after the deadline (negative: before) -> how the reminder says it
REMINDER_DAYS = {-7: "còn 7 ngày", -3: "còn 3 ngày", -1: "còn 1 ngày", 1: "đã quá hạn 1 ngày"}
DIGEST_LIST = 30


@dataclass
class Outgoing:
    users: list[User]
    message: Message
    key: str


def _queue_url(year: int) -> str:
    return absolute_url(reverse("review:index") + f"?year={year}")


def _missing(year: int, cutoff: dt.date, today: dt.date) -> list[Unit]:
    """Expected CĐCS (the tree of the year's cut-off) still open today that have not sent the year's return."""
    root = province_root()
    if root is None:
        return []
    expected = UnitPath.objects.filter(valid_on_q(cutoff), ancestor=root).values("unit_id")
    sent = Return.objects.filter(year=year, status__in=Return.SENT).values("unit_id")
    return list(Unit.objects.filter(valid_on_q(today), id__in=expected, level=Unit.Level.GRASSROOTS)
                .exclude(id__in=sent).order_by("code"))


def _officers_by_unit(unit_ids) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(is_active=True, unit_id__in=unit_ids).filter(
            Q(role=User.Role.GRASSROOTS_OFFICER) | Q(role=User.Role.UPPER_OFFICER)).select_related("unit"):
        out[user.unit_id].append(user)
    return out


def _reminders(settings_row: ReportingYear, today: dt.date) -> list[Outgoing]:
    year, deadline = settings_row.year, settings_row.deadline
    offset = (today - deadline).days
    if offset not in REMINDER_DAYS:
        return []
    when_text = REMINDER_DAYS[offset]
    missing = _missing(year, settings_row.cutoff_date, today)
    if not missing:
        return []
    out: list[Outgoing] = []
    officers = _officers_by_unit([u.pk for u in missing])
    late = offset > 0
    for unit in missing:
        title = (f"Báo cáo năm {year} của {unit.name} đã quá hạn nộp (hạn {format_date(deadline)})" if late else
                 f"Nhắc nộp báo cáo năm {year}: {when_text} (hạn {format_date(deadline)})")
        link = absolute_url(reverse("review:return", args=[year, unit.code]))
        text = (f"Kính gửi cán bộ công đoàn,\n\n{unit.name} ({unit.code}) chưa nộp báo cáo năm {year}. Hạn nộp: "
                f"{format_date(deadline)} ({when_text}).\n\n"
                + ("Đề nghị đơn vị nộp ngay; báo cáo nộp muộn vẫn được nhận và ghi là nộp muộn.\n\n" if late else "")
                + "Tải tệp mẫu, nhập số liệu, tải lên và nộp tại trang báo cáo của đơn vị. Đơn vị không có số liệu "
                "phát sinh thì chọn “Báo cáo không phát sinh” trên trang đó.\n\n"
                f"Trang báo cáo: {link}")
        message = Message(Kind.REMINDER, title, f"{unit.name} chưa nộp báo cáo năm {year} ({when_text}).",
                          reverse("review:return", args=[year, unit.code]), text, unit)
        out.append(Outgoing(officers.get(unit.pk, []), message, f"reminder:{year}:{offset}:{unit.code}"))
    out.extend(_upper_lists(settings_row, today, missing, when_text, offset))
    return out


def _upper_lists(settings_row: ReportingYear, today: dt.date, missing: list[Unit], when_text: str,
                 offset: int) -> list[Outgoing]:
    """To the people each missing CĐCS reports to: the list of theirs."""
    year, deadline = settings_row.year, settings_row.deadline
    routes = approver_units([u.pk for u in missing], today)
    by_approver: dict[int, list[Unit]] = defaultdict(list)
    for unit in missing:
        if unit.pk in routes:
            by_approver[routes[unit.pk]].append(unit)
    staff = list(User.objects.filter(is_active=True, role=User.Role.PROVINCE_STAFF).select_related("unit"))
    officers = _officers_by_unit(list(by_approver))
    out = []
    for approver_id, units in sorted(by_approver.items()):
        people = [u for u in officers.get(approver_id, []) if u.role == User.Role.UPPER_OFFICER] or \
            [u for u in staff if u.unit_id == approver_id]
        if not people:
            continue
        lines = "\n".join(f"- {u.code} · {u.name}" + (f" · {u.contact_person}" if u.contact_person else "")
                          + (f" · {u.phone}" if u.phone else "") for u in units)
        title = f"{format_int(len(units))} CĐCS chưa nộp báo cáo năm {year} ({when_text}, hạn {format_date(deadline)})"
        text = (f"Kính gửi cán bộ công đoàn,\n\nĐến ngày {format_date(today)}, {format_int(len(units))} "
                f"công đoàn cơ sở mà đơn vị duyệt báo cáo chưa nộp báo cáo năm {year} "
                f"(hạn {format_date(deadline)}, {when_text}):\n\n"
                f"{lines}\n\nCác CĐCS này cũng đã nhận thư nhắc (nếu có email). Tình hình nộp báo cáo: "
                f"{absolute_url(reverse('returns:completeness', args=[year]))}")
        message = Message(Kind.REMINDER_UPPER, title, ", ".join(u.code for u in units[:20]),
                          reverse("returns:completeness", args=[year]), text, people[0].unit)
        out.append(Outgoing(people, message, f"reminder-upper:{year}:{offset}:{approver_id}"))
    return out


def _digests(years: list[int], today: dt.date) -> list[Outgoing]:
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time()))
    out = []
    approvers = User.objects.filter(is_active=True, role__in=[User.Role.UPPER_OFFICER, User.Role.PROVINCE_STAFF])
    for user in approvers.select_related("unit").order_by("pk"):
        parts, total, new_total = [], 0, 0
        for year in years:
            queue = approvals_queue(user, year, today)
            count = queue.count()
            if not count:
                continue
            new = list(queue.filter(submitted_at__gte=since)[:DIGEST_LIST])
            total, new_total = total + count, new_total + len(new)
            listed = "\n".join(f"- {r.unit.code} · {r.unit.name} · nộp {when(r.submitted_at)}"
                               + (f" · {r.warnings} cảnh báo" if r.warnings else "") for r in new)
            parts.append(f"Năm {year}: {format_int(count)} báo cáo đang chờ bạn duyệt"
                         + (f", trong đó mới nộp từ hôm qua:\n{listed}" if new else ".")
                         + f"\nDuyệt tại: {_queue_url(year)}")
        if not total:
            continue
        title = f"Tổng hợp ngày {format_date(today)}: {format_int(total)} báo cáo chờ bạn duyệt"
        text = "Kính gửi cán bộ công đoàn,\n\n" + "\n\n".join(parts)
        message = Message(Kind.DIGEST, title, f"{format_int(new_total)} báo cáo mới nộp từ hôm qua.",
                          reverse("review:index"), text, user.unit)
        out.append(Outgoing([user], message, f"digest:{today.isoformat()}"))
    return out


def day_messages(today: dt.date) -> list[Outgoing]:
    """Everything to write for `today`: reminders of each open year on its reminder days, and the digests."""
    open_years = list(ReportingYear.objects.filter(locked=False).order_by("year"))
    out: list[Outgoing] = []
    for settings_row in open_years:
        out.extend(_reminders(settings_row, today))
    out.extend(_digests([r.year for r in open_years], today))
    return out
