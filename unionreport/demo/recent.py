"""The demo's years after 2024, up to the demo's today (load_demo calls this after the 2023–2024 figures).

2025: Hà Nam and Nam Định join on 01/07/2025 with their past as aggregates, the commune unions get their
officers, a few budget-paid CĐCS are dissolved with their members under the 2025 policy, every open CĐCS has
its rows, every return is approved and the year is locked. 2026: the season as of `today` (`seasons`), with a
merger CS0094 + CS0095 → CS0400 on 01/09/2026 through the reorganisation service. Each part is written through
the services a person would have used, and each checks whether it was done: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.db.models import F

from unionreport.accounts.models import User
from unionreport.demo import flows, provinces, seasons
from unionreport.demo import targets as demo_targets
from unionreport.demo.structure import load_commune_officers
from unionreport.lib.years import year_end
from unionreport.notifications.models import Email, Notification
from unionreport.notifications.services import notifications_mark_read
from unionreport.organisation.services import reorganise_dissolve, reorganise_merge
from unionreport.returns import services as return_services
from unionreport.returns.excel import template
from unionreport.returns.models import ReportingYear
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids
from unionreport.units.services import NewUnit
from unionreport.welfare.bulk import disbursements_replace
from unionreport.welfare.models import Disbursement

POLICY_DAY = dt.date(2025, 9, 1)  # after the 01/07/2025 mergers: Hà Nam's and Nam Định's agencies are Ninh Bình's
# The 2025 policy ends the CĐCS of state administrative agencies (cơ quan hành chính: the offices of the pre-2025
# communes' UBND, the province's departments, office and inspectorate), whose staff are paid 100 % from the budget.
# The demo names each such CĐCS "Công đoàn cơ quan …"; two of those are public-service units (đơn vị sự nghiệp:
# the Tràng An heritage board, the radio and television station) and keep theirs, as schools and hospitals do.
AGENCY = "công đoàn cơ quan "
PUBLIC_SERVICE = ("CS0284", "CS0287")
POLICY_NOTE = "Kết luận 121-KL/TW, CV 4173/TLĐ-ToC: CĐCS cơ quan hưởng lương 100 % từ ngân sách ngừng hoạt động."
MERGE_DAY = dt.date(2026, 9, 1)
MERGED, MERGED_INTO = ("CS0094", "CS0095"), "CS0400"
MERGE_NOTE = "Quyết định của UBND xã Gia Viễn: sáp nhập Trường Mầm non Gia Hòa và Trường Tiểu học Gia Hưng."
SENT_BACK_UPPER, DRAFT_UNIT = "CS0096", "CS0288"  # the two grassroots logins: sent back, and not sent yet
EXCEL_2026 = 6


def _grassroots(root: Unit, day: dt.date) -> list[Unit]:
    return list(Unit.objects.filter(id__in=subtree_ids(root, day), level=Unit.Level.GRASSROOTS).order_by("code"))


def budget_paid(root: Unit, day: dt.date) -> list[Unit]:
    """The CĐCS below `root` on `day` that the 2025 policy dissolves."""
    return [u for u in _grassroots(root, day)
            if u.name.casefold().startswith(AGENCY) and u.code not in PUBLIC_SERVICE]


def load_2025(*, staff: User, stdout=None) -> bool:
    if ReportingYear.objects.filter(year=2025, locked=True).exists():
        return False
    root = Unit.objects.get(code="NB")
    provinces.load_provinces(staff=staff, stdout=stdout)
    load_commune_officers(staff=staff, stdout=stdout)
    dissolved = budget_paid(root, POLICY_DAY)
    for unit in dissolved:
        reorganise_dissolve(actor=staff, unit=unit, effective_date=POLICY_DAY, reason=Unit.Reason.BUDGET_2025,
                            note=POLICY_NOTE)
    units = _grassroots(root, year_end(2025))
    flows.write_year(random.Random("rows:2025"), root=root, year=2025, staff=staff, units=units, houses=22)
    demo_targets.load_targets_for(root, 2026, actor=staff)
    seasons.complete_2025(units, staff)
    if stdout is not None:
        stdout.write(f"Đã nạp năm 2025: {len(units)} CĐCS, {len(dissolved)} CĐCS giải thể theo chủ trương, "
                     "mọi báo cáo đã duyệt, đã khóa sổ.")
    return True


def _history_read() -> None:
    """The seasons before 2026 were read and delivered at their time: the bell and the outbox start with 2026."""
    for user in User.objects.filter(pk__in=Notification.objects.filter(read_at__isnull=True).values("user_id")):
        notifications_mark_read(user=user)
    Email.objects.filter(status=Email.Status.PENDING).update(status=Email.Status.SENT, sent_at=F("created_at"))


def _outlier(unit: Unit, today: dt.date) -> None:
    """Welfare money 20× last year's: the same occasions and lượt, each amount multiplied by 20."""
    rows = [{"date": min(row.date.replace(year=2026), today), "occasion": row.occasion, "form": row.form,
             "person_times": row.person_times, "amount_vnd": row.amount_vnd * 20, "source": row.source,
             "description": row.description}
            for row in Disbursement.objects.filter(unit=unit, date__year=2025).order_by("date", "pk")]
    disbursements_replace(unit=unit, year=2026, rows=rows, batch=None)


def _import_workbooks(units: list[Unit], officers: dict[int, User]) -> None:
    for unit in units:
        upload = io.BytesIO(template.workbook_bytes(template.build_return_workbook(unit=unit, year=2026,
                                                                                    with_data=True)))
        upload.name = f"bao-cao-2026-{unit.code}.xlsx"
        result = return_services.return_import_file(actor=officers.get(unit.pk), path_or_file=upload)
        if not result.ok:
            raise RuntimeError("\n".join(result.lines()[:5]))


def _specials(units: list[Unit]) -> dict[str, Unit]:
    by_code = {u.code: u for u in units}
    below = {code: set(Unit.objects.filter(id__in=subtree_ids(Unit.objects.get(code=code), year_end(2026)))
                       .values_list("pk", flat=True)) for code in ("NB-GD", "NB-KCN")}
    education = [u for u in units if u.pk in below["NB-GD"]]
    zone = [u for u in units if u.pk in below["NB-KCN"] and u.code != DRAFT_UNIT]
    return {"sent_back_upper": by_code[SENT_BACK_UPPER], "sent_back_province": education[3],
            "outlier": education[7], "follow_up": zone[2]}


def load_2026(*, staff: User, today: dt.date, stdout=None) -> bool:
    if ReportingYear.objects.filter(year=2026, opened_at__isnull=False).exists():
        return False
    _history_read()
    root = Unit.objects.get(code="NB")
    before = [u for u in _grassroots(root, year_end(2026)) if u.code not in MERGED]
    specials = _specials(before)
    plan = seasons.plan_2026(before, today)
    plan.update({u.pk: "sent" for u in specials.values()} | {specials["sent_back_upper"].pk: "sent"})
    plan[next(u.pk for u in before if u.code == DRAFT_UNIT)] = "draft"
    merged = list(Unit.objects.filter(code__in=MERGED).order_by("code"))
    flows.write_year(random.Random(f"rows:2026:{today.isoformat()}"), root=root, year=2026, staff=staff,
                     units=[u for u in before if plan[u.pk] != "missing"], houses=14, until=today,
                     closing={u.pk: min(MERGE_DAY - dt.timedelta(days=1), today) for u in merged})
    _outlier(specials["outlier"], today)
    reorganise_merge(actor=staff, sources=merged, effective_date=MERGE_DAY,
                     parent=Unit.objects.get(code="NB-X-GIAVIEN"),
                     new_unit=NewUnit(code=MERGED_INTO, name="Công đoàn Trường Mầm non và Tiểu học Gia Hưng",
                                      level=Unit.Level.GRASSROOTS, kind=Unit.Kind.SCHOOL,
                                      contact_person="Lê Thị Quyết", phone="0229 3806 582"), note=MERGE_NOTE)
    new = Unit.objects.get(code=MERGED_INTO)
    units, plan[new.pk] = sorted([*before, new], key=lambda u: u.code), "missing"
    officers = {u.unit_id: u for u in User.objects.filter(unit__in=before, is_active=True)}
    rng = random.Random("excel:2026")
    sent = [u for u in before if plan[u.pk] == "sent" and u not in specials.values()]
    _import_workbooks([next(u for u in before if u.code == DRAFT_UNIT), *rng.sample(sent, EXCEL_2026)], officers)
    seasons.in_progress_2026(units, plan, staff, today, specials=specials)
    if stdout is not None:
        stdout.write(f"Đã nạp mùa báo cáo 2026 đến sáng {today:%d/%m/%Y}: {seasons.sent_count(2026)}/{len(units)} CĐCS "
                     "đã nộp; hạn nộp 10/12/2026.")
    return True
