"""Demo figures for 2023 and 2024 on whatever structure is loaded (load_demo calls this after it).

Deterministic (fixed seed) and idempotent (a second run finds the 2024 targets and stops). Every row
is written by the domain apps' services (the bulk ones the Excel import uses, one import batch per
unit and year marked as demo data), the province's lists by provincial staff through theirs.
Shaped so that the 2024 province report reads, from the data: "hơn 65.000 lượt" and
"trên 31.529 triệu đồng" (the last welfare rows are adjusted to exact totals), 16 Mái ấm
houses, six movements, 1 action programme, 6 plans and 3 breakthrough programmes. Part of
2024 arrives as Excel returns through the returns app's real import (`demo_returns`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from unionreport.core.models import ImportBatch
from unionreport.core.services import import_batch_create
from unionreport.demo import returns as demo_returns
from unionreport.demo import targets as demo_targets
from unionreport.demo.shapes import (
    FAMILY,
    GIVEN,
    MIDDLE,
    MOVEMENTS,
    OCCASION_PLAN,
    WELFARE_TOTALS,
    adjust_to_total,
)
from unionreport.demo.structure import demo_staff
from unionreport.houses.bulk import houses_replace
from unionreport.houses.models import House
from unionreport.lib.years import year_end
from unionreport.members.bulk import activity_replace, members_upsert, workforce_replace
from unionreport.members.models import Member
from unionreport.movements.bulk import results_replace
from unionreport.movements.models import DirectiveDocument
from unionreport.movements.services import (
    DirectiveData,
    IndicatorData,
    MovementData,
    YearThemeData,
    directive_create,
    indicator_create,
    movement_create,
    year_theme_create,
)
from unionreport.reports.models import Target
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root, subtree_ids
from unionreport.welfare.bulk import disbursements_replace
from unionreport.welfare.models import Occasion, Source

SEED = 2024
YEARS = (2023, 2024)
DOCUMENTS = {2023: (1, 5, 2), 2024: (1, 6, 3), 2025: (1, 5, 2), 2026: (1, 6, 2)}  # programme, plans, breakthroughs
THEMES = {2023: "Năm vận động “Bữa cơm công đoàn” và tăng cường đối thoại tại nơi làm việc",
          2024: "Năm nâng cao chất lượng đoàn viên và phát triển đoàn viên bền vững",
          2025: "Năm sắp xếp tổ chức bộ máy công đoàn tinh gọn, hoạt động hiệu lực, hiệu quả",
          2026: "Năm đổi mới nội dung, phương thức hoạt động công đoàn sau sắp xếp"}


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _grassroots(root: Unit, year: int) -> list[Unit]:
    return list(Unit.objects.filter(id__in=subtree_ids(root, year_end(year)), level=Unit.Level.GRASSROOTS)
                .order_by("code"))


def _day(rng: random.Random, year: int, start: dt.date, month_from: int = 1, month_to: int = 12,
         until: dt.date | None = None) -> dt.date:
    """A day of the year between the months, not before `start` nor after `until` (a year still running)."""
    first = max(dt.date(year, month_from, 1), start)
    last = min(dt.date(year, month_to, 28), until or dt.date(year, 12, 31))
    if first > last:
        first = last
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _batches(units: list[Unit], year: int, actor) -> dict[int, ImportBatch]:
    """One import batch per unit for the year's demo rows (the provenance pages name it)."""
    return {unit.pk: import_batch_create(unit=unit, year=year, source="demo", actor=actor,
                                         description=f"Dữ liệu mẫu năm {year}") for unit in units}


def _by_unit(rows: list[tuple[Unit, dict]]) -> dict[Unit, list[dict]]:
    grouped: dict[Unit, list[dict]] = defaultdict(list)
    for unit, row in rows:
        grouped[unit].append(row)
    return grouped


def _members(rng: random.Random, units: list[Unit], batches: dict[int, ImportBatch]) -> dict[int, list[Member]]:
    for unit in units:
        rows = []
        size = rng.randrange(25, 140)
        for n in range(1, size + 1):
            female = rng.random() < 0.55
            sex = Member.Sex.FEMALE if female else Member.Sex.MALE
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[female])} {rng.choice(GIVEN[female])}"
            earliest = max(unit.valid_from, dt.date(2010, 1, 1))
            joined = earliest + dt.timedelta(days=rng.randrange(max(1, (dt.date(2024, 11, 30) - earliest).days)))
            if n <= size * 0.7 and joined.year >= 2023:  # most members joined years ago
                joined = max(earliest, dt.date(rng.randrange(2010, 2023), rng.randrange(1, 13), 1))
            left = None
            if rng.random() < 0.06:
                left = max(joined + dt.timedelta(days=30), dt.date(rng.choice(YEARS), rng.randrange(1, 12), 15))
            if unit.valid_to is not None:  # a CĐCS dissolved in 2023–2024: its members left with it
                joined = min(joined, unit.valid_to - dt.timedelta(days=60))
                left = min(left or unit.valid_to, unit.valid_to)
            rows.append({"card_number": f"{unit.code}-{n:04d}", "full_name": name, "sex": sex,
                         "birth_year": rng.randrange(1968, 2004), "joined_on": joined, "left_on": left})
        members_upsert(unit=unit, rows=rows, batch=batches[unit.pk])
    by_unit: dict[int, list[Member]] = {}
    for member in Member.objects.filter(unit__in=units).only("id", "unit_id", "full_name", "card_number"):
        by_unit.setdefault(member.unit_id, []).append(member)
    return by_unit


def _welfare(rng: random.Random, units: list[Unit], root: Unit | None, uppers: list[Unit], year: int,
             batches: dict[int, ImportBatch], until: dt.date | None = None) -> None:
    rows: list[tuple[Unit, dict]] = []
    for unit in units:
        for occasion, form, lo, hi, chance, per_from, per_to in OCCASION_PLAN:
            if rng.random() > chance:
                continue
            luot = rng.randrange(lo, hi)
            per = rng.randrange(per_from, per_to, 10_000)
            month_from, month_to = {Occasion.TET: (1, 2), Occasion.WORKERS_MONTH: (5, 5),
                                    Occasion.UNION_DAY: (7, 7)}.get(occasion, (1, 12))
            source = rng.choice([Source.UNION_FUNDS] * 6 + [Source.EMPLOYER] * 3 + [Source.SOCIALISED])
            rows.append((unit, {"date": _day(rng, year, unit.valid_from, month_from, month_to, until),
                                "occasion": occasion,
                                "form": form, "person_times": luot, "amount_vnd": luot * per, "source": source,
                                "description": ""}))
    for upper in [root, *uppers] if root else []:  # programmes run by the province and the upper-level unions
        luot = rng.randrange(80, 400)
        rows.append((upper, {"date": dt.date(year, 1, rng.randrange(10, 28)), "occasion": Occasion.UNION_PROGRAMME,
                             "form": "gift", "person_times": luot, "amount_vnd": luot * 500_000,
                             "source": Source.SOCIALISED, "description": "Chương trình “Tết Sum vầy”"}))
    target = WELFARE_TOTALS.get(year)
    if target:
        adjust_to_total([row for _, row in rows], "person_times", target[0])
        adjust_to_total([row for _, row in rows], "amount_vnd", target[1], step=10_000)
    for unit, unit_rows in _by_unit(rows).items():
        disbursements_replace(unit=unit, year=year, rows=unit_rows, batch=batches[unit.pk])


def _houses(rng: random.Random, units: list[Unit], members: dict[int, list[Member]], year: int, count: int,
            batches: dict[int, ImportBatch], until: dt.date | None = None) -> None:
    rows: list[tuple[Unit, dict]] = []
    candidates = [u for u in units if members.get(u.pk)]
    chosen = rng.sample(candidates, count) if len(candidates) >= count else rng.choices(candidates, k=count)
    for index, unit in enumerate(chosen if candidates else []):
        member = rng.choice(members[unit.pk])
        new = index % 8 < 5
        total = rng.randrange(40, 61) * 1_000_000 if new else rng.randrange(20, 31) * 1_000_000
        rows.append((unit, {"member_id": member.pk, "member_name": member.full_name,
                            "kind": House.Kind.NEW if new else House.Kind.REPAIR, "total_support_vnd": total,
                            "union_fund_vnd": total * rng.choice((50, 60, 70)) // 100,
                            "handover_date": _day(rng, year, unit.valid_from, 3, 12, until), "address": ""}))
    for unit, unit_rows in _by_unit(rows).items():
        houses_replace(unit=unit, year=year, rows=unit_rows, batch=batches[unit.pk])


def _workforce_and_activities(rng: random.Random, units: list[Unit], members: dict[int, list[Member]],
                              year: int, batches: dict[int, ImportBatch]) -> None:
    growth = 1.0 if year == 2024 else 0.96
    for unit in units:
        total = int(len(members.get(unit.pk, [])) * rng.uniform(1.05, 1.6) * growth) + 1
        accidents = 1 if rng.random() < 0.05 else 0
        workforce = {
            "total_workers": total, "female_workers": int(total * rng.uniform(0.3, 0.75)),
            "with_contract": int(total * rng.uniform(0.9, 1.0)),
            "with_social_insurance": int(total * rng.uniform(0.8, 0.98)),
            "underemployed": int(total * rng.uniform(0, 0.03)), "average_income_vnd": rng.randrange(62, 115) * 100_000,
            "wage_arrears_vnd": rng.choice([0] * 30 + [rng.randrange(50, 400) * 1_000_000]),
            "insurance_arrears_vnd": rng.choice([0] * 20 + [rng.randrange(20, 300) * 1_000_000]),
            "accidents": accidents, "accident_deaths": 1 if accidents and rng.random() < 0.2 else 0,
            "collective_disputes": 1 if rng.random() < 0.01 else 0}
        workforce_replace(unit=unit, year=year, values=workforce, batch=batches[unit.pk])
        activity_replace(unit=unit, year=year, values=activity_values(rng, unit), batch=batches[unit.pk])


def activity_values(rng: random.Random, unit: Unit) -> dict:
    """A CĐCS-year's activities: dialogues, workers' conference, agreement, training, Party."""
    introduced = rng.choice((0, 0, 1, 1, 2, 3))
    return {"dialogues": rng.choice((1, 1, 2, 2, 3)), "workers_conference": rng.random() < 0.85,
            "collective_agreement": unit.kind == Unit.Kind.ENTERPRISE and rng.random() < 0.6,
            "training_classes": rng.choice((0, 1, 1, 2)), "trainees": rng.randrange(10, 80),
            "party_introduced": introduced, "party_admitted": min(introduced, rng.choice((0, 1, 1)))}


def _movements(rng: random.Random, units: list[Unit], year: int, actor, batches: dict[int, ImportBatch]) -> None:
    results: list[tuple[Unit, dict]] = []
    for order, (name, indicators) in enumerate(MOVEMENTS, start=1):
        movement = movement_create(actor=actor, data=MovementData(year=year, name=name, order=order))
        for i_order, (i_name, kind, measure, lo, hi) in enumerate(indicators, start=1):
            indicator = indicator_create(actor=actor, data=IndicatorData(movement=movement, name=i_name, kind=kind,
                                                                         measure=measure, order=i_order))
            for unit in rng.sample(units, len(units) // 3):
                results.append((unit, {"indicator_id": indicator.pk, "value": Decimal(rng.randrange(lo, hi))}))
    for unit, unit_rows in _by_unit(results).items():
        results_replace(unit=unit, year=year, rows=unit_rows, batch=batches[unit.pk])


def _documents(year: int, actor) -> None:
    kinds = DirectiveDocument.Kind
    counts = dict(zip((kinds.ACTION_PROGRAMME, kinds.PLAN, kinds.BREAKTHROUGH), DOCUMENTS[year], strict=True))
    number = 0
    for kind, count in counts.items():
        for i in range(1, count + 1):
            number += 1
            suffix = {"plan": "KH", "action_programme": "CTr", "breakthrough": "CTr"}[kind]
            title = {"plan": f"Kế hoạch số {i} năm {year} về tổ chức các hoạt động công đoàn",
                     "action_programme": f"Chương trình hành động năm {year} thực hiện Nghị quyết Đại hội",
                     "breakthrough": f"Chương trình đột phá số {i} năm {year}"}[kind]
            directive_create(actor=actor, data=DirectiveData(
                year=year, kind=kind, number=f"{number:02d}/{suffix}-LĐLĐ",
                issued_on=dt.date(year, 1 + number % 11, 5 + number), title=title))
    year_theme_create(actor=actor, data=YearThemeData(year=year, theme=THEMES[year]))


def already_loaded() -> bool:
    return Target.objects.filter(year=2024).exists()


def load_demo_data(*, stdout=None) -> None:
    """2023 and 2024 figures for the province (skips when they are already there)."""
    root = Unit.objects.filter(code="NB").first() or province_root()
    if root is None:
        _say(stdout, "Chưa có cơ cấu tổ chức: bỏ qua số liệu mẫu.")
        return
    if already_loaded():
        _say(stdout, "Số liệu mẫu 2023–2024 đã có.")
        return
    staff = demo_staff()
    if staff is None:
        _say(stdout, "Chưa có tài khoản cán bộ LĐLĐ tỉnh (người nhập số liệu mẫu): bỏ qua số liệu mẫu.")
        return
    with transaction.atomic():
        rng = random.Random(SEED)
        units_2024 = _grassroots(root, 2024)
        units_2023 = _grassroots(root, 2023)
        everyone = sorted({u.pk: u for u in units_2023 + units_2024}.values(), key=lambda u: u.code)
        uppers = list(Unit.objects.filter(id__in=subtree_ids(root, year_end(2024)), level=Unit.Level.UPPER))
        members = _members(rng, everyone, _batches(everyone, 2024, staff))
        for year, units in ((2023, units_2023), (2024, units_2024)):
            batches = _batches([root, *uppers, *units], year, staff)
            _welfare(rng, units, root, uppers, year, batches)
            _houses(rng, units, members, year, 16 if year == 2024 else 12, batches)
            _workforce_and_activities(rng, units, members, year, batches)
            _movements(rng, units, year, staff, batches)
            _documents(year, staff)
        demo_targets.load_targets(root, actor=staff)
    imported = demo_returns.load_returns(root, units_2024, year=2024, stdout=stdout)
    demo_returns.load_returns(root, units_2023, year=2023, stdout=None, excel=0)
    _say(stdout, f"Đã nạp số liệu mẫu 2023–2024 cho {len(everyone)} CĐCS ({imported} báo cáo qua tệp Excel).")
