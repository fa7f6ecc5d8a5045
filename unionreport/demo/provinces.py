"""LĐLĐ tỉnh Hà Nam and LĐLĐ tỉnh Nam Định (invented units), absorbed into Ninh Bình on 01/07/2025.

They never used the application: their 2023–2024 past arrives as the figures of their old reports, one
workbook per province imported by provincial staff through the aggregate-history service (the service keeps
the file: it is the figures' provenance). Their members' rosters come with their first return (2025), with
the old joined dates. On 01/07/2025 their sector unions are absorbed into Ninh Bình's, the two provinces into
Ninh Bình, and their district federations end (their CĐCS go to the province), as Ninh Bình's did.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook

from unionreport.accounts.models import User
from unionreport.core.services import import_batch_create
from unionreport.demo.shapes import person
from unionreport.members.bulk import members_upsert
from unionreport.organisation.services import reorganise_dissolve, reorganise_merge
from unionreport.reports.aggregates import aggregate_import
from unionreport.units import services as unit_services
from unionreport.units.models import Unit

MERGER_DAY = dt.date(2025, 7, 1)
NOTE = "Nghị quyết 202/2025/QH15: hợp nhất tỉnh Hà Nam, tỉnh Nam Định và tỉnh Ninh Bình thành tỉnh Ninh Bình."
K = Unit.Kind
# (code, name, contact, phone, [(upper code, name, kind, absorbed into, [(CĐCS kind, name pattern), …] , count)])
PROVINCES = (
    ("HN", "Liên đoàn Lao động tỉnh Hà Nam", "Trần Thị Thu Hương", "0226 3852 100", (
        ("HN-PL", "LĐLĐ thành phố Phủ Lý", K.DISTRICT, None, 12),
        ("HN-DT", "LĐLĐ thị xã Duy Tiên", K.DISTRICT, None, 8),
        ("HN-GD", "Công đoàn ngành Giáo dục tỉnh Hà Nam", K.SECTOR, "NB-GD", 10),
    ), ("Lam Hạ", "Liêm Chính", "Thanh Châu", "Châu Sơn", "Quang Trung", "Đồng Văn", "Hòa Mạc", "Bạch Thượng",
        "Yên Bắc", "Tiên Nội", "Kim Bảng", "Ba Sao", "Thanh Liêm", "Bình Lục", "Lý Nhân", "Nhân Hậu")),
    ("ND", "Liên đoàn Lao động tỉnh Nam Định", "Vũ Văn Thành", "0228 3849 200", (
        ("ND-TP", "LĐLĐ thành phố Nam Định", K.DISTRICT, None, 14),
        ("ND-HH", "LĐLĐ huyện Hải Hậu", K.DISTRICT, None, 12),
        ("ND-YT", "Công đoàn ngành Y tế tỉnh Nam Định", K.SECTOR, "NB-YT", 10),
    ), ("Lộc Hạ", "Vị Xuyên", "Năng Tĩnh", "Cửa Bắc", "Yên Định", "Thịnh Long", "Hải Minh", "Xuân Trường",
        "Giao Thủy", "Nghĩa Hưng", "Trực Ninh", "Ý Yên", "Mỹ Lộc", "Vụ Bản", "Hải Đông", "Quất Lâm")),
)
NAMES = {
    K.SCHOOL: ("Công đoàn Trường Tiểu học {p}", "Công đoàn Trường THCS {p}", "Công đoàn Trường Mầm non {p}"),
    K.HEALTH: ("Công đoàn Trung tâm Y tế {p}", "Công đoàn Bệnh viện Đa khoa {p}"),
    K.ENTERPRISE: ("Công đoàn Công ty TNHH May {p}", "Công đoàn Công ty Cổ phần Dệt {p}",
                   "Công đoàn Công ty TNHH Cơ khí {p}", "Công đoàn Công ty Cổ phần Thực phẩm {p}"),
    K.ADMINISTRATIVE: ("Công đoàn cơ quan UBND xã {p}",),
}
KINDS = {"HN-GD": (K.SCHOOL,), "ND-YT": (K.HEALTH,)}
DISTRICT_KINDS = (K.ENTERPRISE, K.ENTERPRISE, K.ENTERPRISE, K.SCHOOL, K.ADMINISTRATIVE, K.HEALTH)
YEARS = (2023, 2024)


def loaded() -> bool:
    return Unit.objects.filter(code="HN").exists()


def _seeds(rng: random.Random) -> list[unit_services.UnitSeed]:
    seeds = []
    for code, name, contact, phone, uppers, places in PROVINCES:
        seeds.append(unit_services.UnitSeed(
            data=unit_services.NewUnit(code=code, name=name, level=Unit.Level.PROVINCE, kind=K.FEDERATION,
                                       contact_person=contact, phone=phone),
            parent_code=None, valid_from=dt.date(2015, 6, 1), valid_to=None))  # after Ninh Bình: it stays the root
        number = 0
        for upper_code, upper_name, kind, _into, count in uppers:
            seeds.append(unit_services.UnitSeed(
                data=unit_services.NewUnit(code=upper_code, name=upper_name, level=Unit.Level.UPPER, kind=kind,
                                           contact_person=person(rng, "", None)["full_name"],
                                           phone=f"{phone[:9]}{rng.randrange(100, 999)}"),
                parent_code=code, valid_from=dt.date(2015, 6, 1), valid_to=None))
            for _ in range(count):
                number += 1
                cdcs_kind = rng.choice(KINDS.get(upper_code, DISTRICT_KINDS))
                place = places[(number * 7) % len(places)]
                cdcs_name = rng.choice(NAMES[cdcs_kind]).format(p=place)
                seeds.append(unit_services.UnitSeed(
                    data=unit_services.NewUnit(code=f"{code}-CS{number:03d}", name=cdcs_name,
                                               level=Unit.Level.GRASSROOTS, kind=cdcs_kind,
                                               contact_person=person(rng, "", None)["full_name"],
                                               phone=f"{phone[:9]}{rng.randrange(100, 999)}"),
                    parent_code=upper_code, valid_from=dt.date(rng.randrange(2016, 2022), 1, 1), valid_to=None))
    return seeds


def _rosters(rng: random.Random, units: list[Unit], staff: User) -> dict[int, list[dict]]:
    """The rosters their first return (2025) brings: members with their old joined dates, a few who left."""
    rosters = {}
    for unit in units:
        rows = []
        for n in range(1, rng.randrange(25, 140) + 1):
            joined = dt.date(rng.randrange(max(unit.valid_from.year, 2015), 2025), rng.randrange(1, 13), 1)
            left = None
            if rng.random() < 0.06:
                left = max(joined + dt.timedelta(days=60), dt.date(rng.choice(YEARS), rng.randrange(1, 12), 15))
            rows.append(person(rng, f"{unit.code}-{n:04d}", joined, left))
        members_upsert(unit=unit, rows=rows, batch=import_batch_create(
            unit=unit, year=2025, source="demo", actor=staff, description="Danh sách đoàn viên (dữ liệu mẫu)"))
        rosters[unit.pk] = rows
    return rosters


def _active(rows: list[dict], day: dt.date) -> int:
    return sum(1 for r in rows if r["joined_on"] <= day and (r["left_on"] is None or r["left_on"] > day))


KEYS = ("doan_vien.cuoi_nam", "doan_vien.moi", "doan_vien.giam", "cham_lo.luot", "cham_lo.tien",
        "cham_lo.tet.luot", "cham_lo.tet.tien", "mai_am.so_nha", "mai_am.tien", "lao_dong.tong", "lao_dong.nu",
        "lao_dong.bhxh", "lao_dong.hop_dong", "lao_dong.thieu_viec", "hoat_dong.doi_thoai",
        "hoat_dong.hoi_nghi_nld", "hoat_dong.thoa_uoc", "hoat_dong.lop_tap_huan", "hoat_dong.luot_tap_huan",
        "dang.gioi_thieu", "dang.ket_nap")


def _figures(rng: random.Random, rows: list[dict], year: int) -> list[int]:
    """One unit-year of an old report: members from the roster, the rest in the shapes of Ninh Bình's."""
    members = _active(rows, dt.date(year, 12, 31))
    joined = sum(1 for r in rows if r["joined_on"].year == year)
    left = sum(1 for r in rows if r["left_on"] and r["left_on"].year == year)
    tet = int(members * rng.uniform(0.8, 1.0))
    tet_money = tet * rng.randrange(40, 100) * 10_000
    luot = tet + int(members * rng.uniform(0.5, 1.5))
    money = tet_money + (luot - tet) * rng.randrange(15, 60) * 10_000
    houses = 1 if rng.random() < 0.08 else 0
    workers = int(members * rng.uniform(1.05, 1.5)) + 1
    introduced = rng.choice((0, 0, 1, 1, 2))
    return [members, joined, left, luot, money, tet, tet_money, houses, houses * rng.randrange(40, 61) * 1_000_000,
            workers, int(workers * rng.uniform(0.3, 0.75)), int(workers * rng.uniform(0.8, 0.98)),
            int(workers * rng.uniform(0.9, 1.0)), int(workers * rng.uniform(0, 0.03)), rng.choice((1, 1, 2, 3)),
            int(rng.random() < 0.85), int(rng.random() < 0.4), rng.choice((0, 1, 1, 2)), rng.randrange(10, 80),
            introduced, min(introduced, rng.choice((0, 1)))]


def _workbook(rng: random.Random, units: list[Unit], rosters: dict[int, list[dict]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu tổng hợp"
    sheet.append(["Mã đơn vị", "Năm", *KEYS])
    for year in YEARS:
        for unit in units:
            sheet.append([unit.code, year, *_figures(rng, rosters[unit.pk], year)])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def load_provinces(*, staff: User, stdout=None) -> int:
    """Hà Nam and Nam Định: units, rosters, 2023–2024 aggregates, then the 01/07/2025 merger; returns the
    number of CĐCS created (0 when already there)."""
    if loaded():
        return 0
    rng = random.Random("provinces")
    unit_services.unit_create_many(actor=staff, seeds=_seeds(rng), note="Cơ cấu tổ chức trước 01/07/2025 (dữ liệu mẫu)")
    created = 0
    for code, name, _contact, _phone, uppers, _places in PROVINCES:
        units = list(Unit.objects.filter(code__startswith=f"{code}-CS").order_by("code"))
        rosters = _rosters(rng, units, staff)
        result = aggregate_import(actor=staff, upload=_workbook(rng, units, rosters),
                                  name=f"so-lieu-tong-hop-{code}-2023-2024.xlsx")
        if not result.ok:
            raise RuntimeError("\n".join(result.errors[:5]))
        created += len(units)
        province = Unit.objects.get(code="NB")
        for upper_code, _upper_name, kind, into, _count in uppers:  # what it carries goes first, then it joins
            if into:
                reorganise_merge(actor=staff, sources=[Unit.objects.get(code=upper_code)], effective_date=MERGER_DAY,
                                 into=Unit.objects.get(code=into), note=NOTE)
            elif kind == K.DISTRICT:
                reorganise_dissolve(actor=staff, unit=Unit.objects.get(code=upper_code), effective_date=MERGER_DAY,
                                    reason=Unit.Reason.OTHER, move_children_to=province,
                                    note="Công đoàn cấp huyện ngừng hoạt động từ 01/07/2025.")
        reorganise_merge(actor=staff, sources=[Unit.objects.get(code=code)], effective_date=MERGER_DAY,
                         into=province, note=NOTE)
        if stdout is not None:
            stdout.write(f"Đã nạp {name}: {len(units)} CĐCS, số liệu tổng hợp 2023–2024, sáp nhập vào LĐLĐ tỉnh "
                         "Ninh Bình từ 01/07/2025.")
    return created
