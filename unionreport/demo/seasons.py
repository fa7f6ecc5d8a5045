"""The returns seasons after 2024, every step through the review workflow at the time it happened (`at=`).

2025: the province opened the year on 03/11/2025 with a deadline of 10/12/2025; every expected CĐCS sent its
return (a few late), both levels approved them, and the year was locked. 2026: opened on 02/11/2026 with a
deadline of 10/12/2026, in progress as of the demo's today: most returns sent, some late (after the deadline),
some missing, approvals under way at both steps, two sent back with a reason, one planted outlier (welfare money
20× last year's) explained by its CĐCS and waiting for the upper level, one marked "cần xem lại".
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from unionreport.accounts.models import User
from unionreport.demo.returns import _demo_people
from unionreport.returns import workflow
from unionreport.returns.models import QualityWarning, Return, default_cutoff
from unionreport.returns.quality.store import quality_recheck
from unionreport.units.models import Unit

OPENED = {2025: dt.datetime(2025, 11, 3, 8, 0), 2026: dt.datetime(2026, 11, 2, 8, 0)}
DEADLINE = {2025: dt.date(2025, 12, 10), 2026: dt.date(2026, 12, 10)}
FIRST_SUBMISSION = {2025: dt.date(2025, 11, 12), 2026: dt.date(2026, 11, 9)}
SENT_BACK_UPPER = ("Số đoàn viên kết nạp mới trên trang Đoàn viên chưa khớp với danh sách kèm theo; đề nghị kiểm "
                   "tra lại ngày vào công đoàn của các đoàn viên mới rồi nộp lại.")
SENT_BACK_PROVINCE = ("Thiếu số liệu chăm lo Tháng Công nhân 2026 (đơn vị đã tổ chức theo kế hoạch); đề nghị bổ "
                      "sung trang Chăm lo và nộp lại.")
FOLLOW_UP = "Số lao động và thu nhập bình quân cần đối chiếu với báo cáo của doanh nghiệp trước khi tổng hợp."
OUTLIER_EXPLANATION = "Năm 2026 doanh nghiệp hỗ trợ thêm quà Tết và quà Tháng Công nhân cho toàn bộ đoàn viên."


# What a CĐCS writes when the checks find something it knows about (the demo's officers explain every warning,
# as the submit page requires: the approver reads the warning and the explanation side by side).
EXPLANATIONS = {"CL_TIEN_NAM_TRUOC": "Chênh lệch do số dịp chăm lo của đơn vị thay đổi giữa hai năm, theo kế "
                                     "hoạch của ban chấp hành.",
                "CL_TIEN_MOI_LUOT": "Mức chăm lo theo quy chế chi tiêu nội bộ của đơn vị.",
                "CL_LUOT_TREN_DV": "Tính cả người lao động chưa là đoàn viên được chăm lo."}


def _explanations(units: list[Unit], year: int) -> dict[int, dict[str, str]]:
    """For each unit, an explanation of each of its warnings (one recheck for all of them)."""
    found = quality_recheck(unit_ids=[u.pk for u in units], year=year)
    return {unit_id: {f.key: EXPLANATIONS.get(f.code, "Số liệu đúng thực tế của đơn vị.") for f in findings}
            for unit_id, findings in found.items()}


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(rng.randrange(7, 17), rng.choice((0, 15, 30, 45))), tzinfo=tz)


def _open(staff: User, year: int) -> None:
    workflow.reporting_year_update(actor=staff, year=year, deadline=DEADLINE[year], cutoff_date=default_cutoff(year),
                                   at=timezone.make_aware(OPENED[year]))


def complete_2025(units: list[Unit], staff: User) -> None:
    """Every expected CĐCS sent its 2025 return and both levels approved it; then the year is locked."""
    rng = random.Random("season:2025")
    _open(staff, 2025)
    own, upper, _ = _demo_people(units, 2025)
    explained = _explanations(units, 2025)
    for unit in units:
        late = rng.random() < 0.07
        offset = rng.randrange(1, 8) if late else -rng.randrange(1, 26)
        submitted = _at(DEADLINE[2025] + dt.timedelta(days=offset), rng)
        workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk) or staff, unit=unit, year=2025,
                               at=submitted, explanations=explained.get(unit.pk, {}))
        approved = submitted + dt.timedelta(days=rng.randrange(1, 4), hours=rng.randrange(0, 5))
        workflow.return_approve(actor=upper.get(unit.pk, staff), unit=unit, year=2025, at=approved)
        workflow.return_approve(actor=staff, unit=unit, year=2025,
                                at=approved + dt.timedelta(days=rng.randrange(1, 5), hours=rng.randrange(0, 5)))
    workflow.reporting_year_lock(actor=staff, year=2025)


def plan_2026(units: list[Unit], today: dt.date) -> dict[int, str]:
    """What each CĐCS has done by `today`: 'missing' (nothing entered), 'draft' (entered, not sent), 'sent'
    (then the workflow goes as far as the days allow)."""
    rng = random.Random(f"plan:2026:{today.isoformat()}")
    plan = {}
    for unit in units:
        draw = rng.random()
        plan[unit.pk] = "missing" if draw < 0.13 else "draft" if draw < 0.21 else "sent"
    return plan


def _morning(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today, dt.time(7, 30), tzinfo=timezone.get_current_timezone())


def _outlier_explanations(unit: Unit) -> dict[str, str]:
    quality_recheck(unit_ids=[unit.pk], year=2026)
    keys = QualityWarning.objects.filter(unit=unit, year=2026).values_list("key", flat=True)
    return dict.fromkeys(keys, OUTLIER_EXPLANATION)


def in_progress_2026(units: list[Unit], plan: dict[int, str], staff: User, today: dt.date, *,
                     specials: dict[str, Unit]) -> None:
    """The 2026 season as it stands on the morning of `today`. `specials`: the units the demo's roles find
    something on (sent_back_upper, sent_back_province, outlier, follow_up)."""
    rng = random.Random(f"season:2026:{today.isoformat()}")
    _open(staff, 2026)
    own, upper, _ = _demo_people(units, 2026)
    morning = _morning(today)
    first = FIRST_SUBMISSION[2026]
    span = max(1, (today - first).days)
    special_ids = {unit.pk for unit in specials.values()}
    explained = _explanations([u for u in units if plan[u.pk] == "sent" and u.pk not in special_ids], 2026)
    for unit in units:
        if plan[unit.pk] != "sent" or unit.pk in special_ids:
            continue
        submitted = _at(first + dt.timedelta(days=rng.randrange(span)), rng)
        if submitted >= morning:
            continue
        workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk) or staff, unit=unit, year=2026,
                               at=submitted, explanations=explained.get(unit.pk, {}))
        if rng.random() < 0.3:  # the upper level has not come to it yet
            continue
        approved = submitted + dt.timedelta(days=rng.randrange(0, 4), hours=rng.randrange(2, 8))
        if approved >= morning:
            continue
        workflow.return_approve(actor=upper.get(unit.pk, staff), unit=unit, year=2026, at=approved)
        approved = approved + dt.timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 5))
        if approved < morning and rng.random() < 0.6:
            workflow.return_approve(actor=staff, unit=unit, year=2026, at=approved)
    _specials(specials, own, upper, staff, morning)


def _specials(specials: dict[str, Unit], own: dict[int, User], upper: dict[int, User], staff: User,
              morning: dt.datetime) -> None:
    day = dt.timedelta(days=1)
    unit = specials["sent_back_upper"]  # the CĐCS officer's return: sent back by its commune union
    workflow.return_submit(actor=own.get(unit.pk, staff), unit=unit, year=2026, at=morning - 6 * day)
    workflow.return_send_back(actor=upper.get(unit.pk, staff), unit=unit, year=2026, note=SENT_BACK_UPPER,
                              at=morning - 5 * day + dt.timedelta(hours=2))
    unit = specials["sent_back_province"]  # approved by its sector union, sent back by the province
    workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk, staff), unit=unit, year=2026,
                           at=morning - 9 * day)
    workflow.return_approve(actor=upper.get(unit.pk, staff), unit=unit, year=2026, at=morning - 7 * day)
    workflow.return_send_back(actor=staff, unit=unit, year=2026, note=SENT_BACK_PROVINCE,
                              at=morning - 3 * day + dt.timedelta(hours=3))
    unit = specials["outlier"]  # explained by the CĐCS, waiting for its sector union
    workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk, staff), unit=unit, year=2026,
                           at=morning - day, explanations=_outlier_explanations(unit))
    unit = specials["follow_up"]  # at the province's step, marked by the province
    workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk, staff), unit=unit, year=2026,
                           at=morning - 8 * day)
    workflow.return_approve(actor=upper.get(unit.pk, staff), unit=unit, year=2026, at=morning - 4 * day)
    workflow.return_follow_up(actor=staff, unit=unit, year=2026, mark=True, note=FOLLOW_UP)


def sent_count(year: int) -> int:
    return Return.objects.filter(year=year, status__in=Return.SENT).count()
