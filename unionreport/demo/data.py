"""Demo figures for 2023 and 2024 on whatever structure is loaded (load_demo calls this after it).

Deterministic (fixed seed) and idempotent (a second run finds the 2024 targets and stops).
Shaped so that the 2024 province report reads, from the data: "hơn 65.000 lượt" and
"trên 31.529 triệu đồng" (the last welfare rows are adjusted to exact totals), 16 Mái ấm
houses, six movements, 1 action programme, 6 plans and 3 breakthrough programmes. Part of
2024 arrives as Excel returns through the returns app's real import (`demo_returns`).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

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
from unionreport.houses.models import House
from unionreport.lib.years import year_end
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.summary import member_summary_refresh
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme
from unionreport.reports.models import Target
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root, subtree_ids
from unionreport.welfare.models import Disbursement, Occasion, Source
from unionreport.welfare.summary import welfare_summary_refresh

SEED = 2024
YEARS = (2023, 2024)
DOCUMENTS = {2023: (1, 5, 2), 2024: (1, 6, 3)}  # action programme, plans, breakthrough programmes
THEMES = {2023: "Năm vận động “Bữa cơm công đoàn” và tăng cường đối thoại tại nơi làm việc",
          2024: "Năm nâng cao chất lượng đoàn viên và phát triển đoàn viên bền vững"}


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _grassroots(root: Unit, year: int) -> list[Unit]:
    return list(Unit.objects.filter(id__in=subtree_ids(root, year_end(year)), level=Unit.Level.GRASSROOTS)
                .order_by("code"))


def _day(rng: random.Random, year: int, start: dt.date, month_from: int = 1, month_to: int = 12) -> dt.date:
    first = max(dt.date(year, month_from, 1), start)
    last = dt.date(year, month_to, 28)
    if first > last:
        first = last
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _members(rng: random.Random, units: list[Unit]) -> dict[int, list[Member]]:
    rows = []
    for unit in units:
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
            rows.append(Member(unit=unit, card_number=f"{unit.code}-{n:04d}", full_name=name, sex=sex,
                               birth_year=rng.randrange(1968, 2004), joined_on=joined, left_on=left))
    bulk_create_with_history(rows, Member, batch_size=2000)
    by_unit: dict[int, list[Member]] = {}
    for member in Member.objects.filter(unit__in=units).only("id", "unit_id", "full_name", "card_number"):
        by_unit.setdefault(member.unit_id, []).append(member)
    return by_unit


def _welfare(rng: random.Random, units: list[Unit], root: Unit, uppers: list[Unit], year: int) -> None:
    rows = []
    for unit in units:
        for occasion, form, lo, hi, chance, per_from, per_to in OCCASION_PLAN:
            if rng.random() > chance:
                continue
            luot = rng.randrange(lo, hi)
            per = rng.randrange(per_from, per_to, 10_000)
            month_from, month_to = {Occasion.TET: (1, 2), Occasion.WORKERS_MONTH: (5, 5),
                                    Occasion.UNION_DAY: (7, 7)}.get(occasion, (1, 12))
            source = rng.choice([Source.UNION_FUNDS] * 6 + [Source.EMPLOYER] * 3 + [Source.SOCIALISED])
            rows.append(Disbursement(unit=unit, date=_day(rng, year, unit.valid_from, month_from, month_to),
                                     occasion=occasion, form=form, person_times=luot, amount_vnd=luot * per,
                                     source=source, description=""))
    for upper in [root, *uppers]:  # programmes run by the province and the upper-level unions themselves
        luot = rng.randrange(80, 400)
        rows.append(Disbursement(unit=upper, date=dt.date(year, 1, rng.randrange(10, 28)),
                                 occasion=Occasion.UNION_PROGRAMME, form="gift", person_times=luot,
                                 amount_vnd=luot * 500_000, source=Source.SOCIALISED,
                                 description="Chương trình “Tết Sum vầy”"))
    target = WELFARE_TOTALS.get(year)
    if target:
        adjust_to_total(rows, "person_times", target[0])
        adjust_to_total(rows, "amount_vnd", target[1], step=10_000)
    bulk_create_with_history(rows, Disbursement, batch_size=2000)


def _houses(rng: random.Random, units: list[Unit], members: dict[int, list[Member]], year: int, count: int) -> None:
    rows = []
    candidates = [u for u in units if members.get(u.pk)]
    chosen = rng.sample(candidates, count) if len(candidates) >= count else rng.choices(candidates, k=count)
    for index, unit in enumerate(chosen if candidates else []):
        member = rng.choice(members[unit.pk])
        new = index % 8 < 5
        total = rng.randrange(40, 61) * 1_000_000 if new else rng.randrange(20, 31) * 1_000_000
        rows.append(House(unit=unit, member=member, member_name=member.full_name,
                          kind=House.Kind.NEW if new else House.Kind.REPAIR, total_support_vnd=total,
                          union_fund_vnd=total * rng.choice((50, 60, 70)) // 100,
                          handover_date=_day(rng, year, unit.valid_from, 3, 12), address=""))
    bulk_create_with_history(rows, House, batch_size=500)


def _workforce_and_activities(rng: random.Random, units: list[Unit], members: dict[int, list[Member]],
                              year: int) -> None:
    workforce, activities = [], []
    growth = 1.0 if year == 2024 else 0.96
    for unit in units:
        total = int(len(members.get(unit.pk, [])) * rng.uniform(1.05, 1.6) * growth) + 1
        accidents = 1 if rng.random() < 0.05 else 0
        workforce.append(Workforce(
            unit=unit, year=year, total_workers=total, female_workers=int(total * rng.uniform(0.3, 0.75)),
            with_contract=int(total * rng.uniform(0.9, 1.0)), with_social_insurance=int(total * rng.uniform(0.8, 0.98)),
            underemployed=int(total * rng.uniform(0, 0.03)), average_income_vnd=rng.randrange(62, 115) * 100_000,
            wage_arrears_vnd=rng.choice([0] * 30 + [rng.randrange(50, 400) * 1_000_000]),
            insurance_arrears_vnd=rng.choice([0] * 20 + [rng.randrange(20, 300) * 1_000_000]), accidents=accidents,
            accident_deaths=1 if accidents and rng.random() < 0.2 else 0,
            collective_disputes=1 if rng.random() < 0.01 else 0))
        introduced = rng.choice((0, 0, 1, 1, 2, 3))
        activities.append(Activity(
            unit=unit, year=year, dialogues=rng.choice((1, 1, 2, 2, 3)), workers_conference=rng.random() < 0.85,
            collective_agreement=unit.kind == Unit.Kind.ENTERPRISE and rng.random() < 0.6,
            training_classes=rng.choice((0, 1, 1, 2)), trainees=rng.randrange(10, 80),
            party_introduced=introduced, party_admitted=min(introduced, rng.choice((0, 1, 1)))))
    bulk_create_with_history(workforce, Workforce, batch_size=2000)
    bulk_create_with_history(activities, Activity, batch_size=2000)


def _movements(rng: random.Random, units: list[Unit], year: int) -> None:
    results = []
    for order, (name, indicators) in enumerate(MOVEMENTS, start=1):
        movement = Movement.objects.create(year=year, name=name, order=order)
        for i_order, (i_name, kind, measure, lo, hi) in enumerate(indicators, start=1):
            indicator = Indicator.objects.create(movement=movement, name=i_name, kind=kind, measure=measure,
                                                 order=i_order)
            for unit in rng.sample(units, len(units) // 3):
                results.append(MovementResult(unit=unit, indicator=indicator, year=year,
                                              value=Decimal(rng.randrange(lo, hi))))
    bulk_create_with_history(results, MovementResult, batch_size=2000)


def _documents(year: int) -> None:
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
            DirectiveDocument.objects.create(year=year, kind=kind, number=f"{number:02d}/{suffix}-LĐLĐ",
                                             issued_on=dt.date(year, 1 + number % 11, 5 + number), title=title)
    YearTheme.objects.update_or_create(year=year, defaults={"theme": THEMES[year]})


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
    with transaction.atomic():
        rng = random.Random(SEED)
        units_2024 = _grassroots(root, 2024)
        units_2023 = _grassroots(root, 2023)
        everyone = sorted({u.pk: u for u in units_2023 + units_2024}.values(), key=lambda u: u.code)
        uppers = list(Unit.objects.filter(id__in=subtree_ids(root, year_end(2024)), level=Unit.Level.UPPER))
        members = _members(rng, everyone)
        for year, units in ((2023, units_2023), (2024, units_2024)):
            _welfare(rng, units, root, uppers, year)
            _houses(rng, units, members, year, 16 if year == 2024 else 12)
            _workforce_and_activities(rng, units, members, year)
            _movements(rng, units, year)
            _documents(year)
        # bulk_create skips the services: bring the figures' summaries up to date (set-based)
        welfare_summary_refresh(unit_ids=[u.pk for u in [root, *uppers, *everyone]], years=[2023, 2024])
        member_summary_refresh(unit_ids=[u.pk for u in everyone])
        demo_targets.load_targets(root)
    imported = demo_returns.load_returns(root, units_2024, year=2024, stdout=stdout)
    demo_returns.load_returns(root, units_2023, year=2023, stdout=None, excel=0)
    _say(stdout, f"Đã nạp số liệu mẫu 2023–2024 cho {len(everyone)} CĐCS ({imported} báo cáo qua tệp Excel).")
