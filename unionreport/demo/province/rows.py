"""Row streams of the synthetic province: generators of tuples, one table at a time.

Each stream has its own random generator seeded from (seed, stream name), so the
rows of one table do not depend on how many rows another table drew. Nothing is
kept in memory beyond the hierarchy: rows go straight to the loader.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from unionreport.demo.province import names
from unionreport.demo.province.hierarchy import Grassroots, Hierarchy

OCCASIONS = (("tet", 35), ("workers_month", 20), ("union_day", 10), ("union_programme", 10), ("hardship", 20),
             ("other", 5))
FORMS = {"tet": ("gift", "gift", "gift", "cash"), "workers_month": ("gift", "meal", "cash"), "union_day": ("gift",),
         "union_programme": ("meal", "meal", "gift"), "hardship": ("visit", "cash"), "other": ("other",)}
PER_PERSON = {"gift": (300_000, 1_000_000), "cash": (500_000, 2_000_000), "visit": (300_000, 1_000_000),
              "meal": (50_000, 120_000), "other": (200_000, 800_000)}
SOURCES = ("union_funds",) * 12 + ("employer",) * 5 + ("socialised",) * 2 + ("other",)
DESCRIPTIONS = {"tet": "Quà Tết cho đoàn viên", "hardship": "Thăm hỏi đoàn viên ốm đau, hoàn cảnh khó khăn",
                "union_programme": "Bữa cơm công đoàn", "workers_month": "Hoạt động Tháng Công nhân",
                "union_day": "Kỷ niệm ngày thành lập Công đoàn Việt Nam", "other": ""}
MOVEMENTS = (
    ("Lao động giỏi, lao động sáng tạo", (("Sáng kiến được công nhận", "count", "sáng kiến"),
                                          ("Giá trị làm lợi", "money", "đồng"))),
    ("Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động", (("Cây xanh được trồng", "count", "cây"),
                                                              ("Người tham gia", "count", "người"))),
    ("Giỏi việc nước, đảm việc nhà", (("Nữ đoàn viên đạt danh hiệu", "count", "người"),)),
    ("Dạy tốt - Học tốt", (("Giáo viên dạy giỏi các cấp", "count", "người"), ("Đề tài khoa học", "number", "đề tài"))),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", (("Đơn vị đạt chuẩn văn hóa", "count",
                                                                         "đơn vị"),)),
)


@dataclass
class Plan:
    """What the streams share: the hierarchy, the years, id bases and per-(CĐCS, year) counts."""

    hierarchy: Hierarchy
    seed: int
    years: list[int]
    member_base: int  # member number n has id member_base + n
    batch_base: int
    welfare_per_year: int

    def batch_id(self, g: Grassroots, year: int) -> int:
        return self.batch_base + self.years.index(year) * len(self.hierarchy.grassroots) + g.index

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    def welfare_counts(self, year: int) -> list[int]:
        """Welfare rows of each CĐCS in `year` (98 % of the year's rows; largest remainder, exact)."""
        gs = self.hierarchy.grassroots
        weights = []
        for g in gs:
            window = g.unit.window(year)
            weights.append(0.0 if window is None else (g.members + 1) * (window[1] - window[0]))
        total_rows = self.welfare_per_year - self.upper_welfare(year)
        total_weight = sum(weights) or 1.0
        shares = [total_rows * w / total_weight for w in weights]
        counts = [int(s) for s in shares]
        order = sorted(range(len(gs)), key=lambda i: (counts[i] - shares[i], i))
        for i in order[: total_rows - sum(counts)]:
            counts[i] += 1
        return counts

    def upper_welfare(self, year: int) -> int:
        return self.welfare_per_year // 50

    def houses_per_year(self) -> int:
        return max(1, round(len(self.hierarchy.grassroots) / 25))


def _day(rng: random.Random, lo: int, hi: int) -> dt.date:
    return dt.date.fromordinal(lo + int(rng.random() * (hi - lo)))


def batches(plan: Plan, created_at) -> Iterator[tuple]:
    for year in plan.years:
        counts = plan.welfare_counts(year)
        for g in plan.hierarchy.grassroots:
            if g.unit.window(year) is not None:
                rows = counts[g.index] + 4  # welfare + workforce + activity + ~2 movement results
                yield (plan.batch_id(g, year), g.unit.id, year, "excel",
                       f"Báo cáo năm {year} của {g.unit.code} (dữ liệu sinh tự động)", None, created_at(year), rows)


def members(plan: Plan) -> Iterator[tuple]:
    rng = plan.rng("members")
    first, last = plan.years[0], plan.years[-1]
    data_start, data_end = dt.date(first, 1, 1).toordinal(), dt.date(last + 1, 1, 1).toordinal()
    leave_rate = 0.04 * len(plan.years)
    for g in plan.hierarchy.grassroots:
        unit = g.unit
        lo = unit.valid_from.toordinal()
        hi = min(unit.valid_to or dt.date(last + 1, 1, 1), dt.date(last + 1, 1, 1)).toordinal()
        closes = unit.valid_to
        for n in range(g.first_number, g.first_number + g.members):
            if lo < data_start and rng.random() < 0.85:
                joined = _day(rng, lo, data_start)
            else:
                joined = _day(rng, max(lo, data_start), hi)
            left, reason = None, ""
            if closes is not None:
                left, reason = closes, "dissolved"  # the CĐCS was dissolved: its members left on that day
            elif rng.random() < leave_rate:
                start = max(joined.toordinal() + 1, data_start)
                if start < data_end:
                    left = _day(rng, start, data_end)
            name, sex = names.person(n, plan.seed)
            born = max(1960, joined.year - 18 - int(rng.random() * 30))
            batch = plan.batch_id(g, joined.year) if joined.year in plan.years else None
            yield (plan.member_base + n, unit.id, f"NB{n + 1:08d}", name, sex, born, joined, left, reason, batch)


def _occasion(rng: random.Random) -> str:
    x = rng.random() * 100
    for occasion, weight in OCCASIONS:
        x -= weight
        if x < 0:
            return occasion
    return "other"


def _welfare_row(rng: random.Random, year: int, lo: int, hi: int) -> tuple:
    occasion = _occasion(rng)
    if occasion == "tet":
        day = _day(rng, dt.date(year, 1, 10).toordinal(), dt.date(year, 2, 10).toordinal())
    elif occasion == "workers_month":
        day = _day(rng, dt.date(year, 5, 1).toordinal(), dt.date(year, 6, 1).toordinal())
    elif occasion == "union_day":
        day = _day(rng, dt.date(year, 7, 20).toordinal(), dt.date(year, 8, 1).toordinal())
    else:
        day = _day(rng, lo, hi)
    if not lo <= day.toordinal() < hi:
        day = _day(rng, lo, hi)
    forms = FORMS[occasion]
    form = forms[int(rng.random() * len(forms))]
    if occasion == "hardship" or form == "cash":
        people = 1
    elif form == "meal":
        people = 10 + int(rng.random() * 90)
    else:
        people = 1 + int(rng.expovariate(0.12))
    low, high = PER_PERSON[form]
    each = (low + int(rng.random() * (high - low))) // 10_000 * 10_000
    source = SOURCES[int(rng.random() * len(SOURCES))]
    return day, occasion, form, people, people * each, source, DESCRIPTIONS[occasion]


def welfare(plan: Plan) -> Iterator[tuple]:
    h = plan.hierarchy
    for year in plan.years:
        rng = plan.rng(f"welfare:{year}")
        counts = plan.welfare_counts(year)
        for g in h.grassroots:
            window = g.unit.window(year)
            if window is None:
                continue
            batch = plan.batch_id(g, year)
            for _ in range(counts[g.index]):
                yield (g.unit.id, *_welfare_row(rng, year, *window), batch)
        uppers = [(u, u.window(year)) for u in [h.province, *h.uppers, *h.communes]]
        uppers = [(u, w) for u, w in uppers if w is not None]
        for _ in range(plan.upper_welfare(year)):
            unit, window = uppers[int(rng.random() * len(uppers))]
            day, occasion, form, people, _amount, source, text = _welfare_row(rng, year, *window)
            people *= 20  # a programme the upper level ran for many members
            yield (unit.id, day, occasion, form, people, people * 500_000, source, text, None)


def houses(plan: Plan) -> Iterator[tuple]:
    h = plan.hierarchy
    for year in plan.years:
        rng = plan.rng(f"houses:{year}")
        active = [g for g in h.grassroots if g.unit.window(year) is not None and g.members > 0]
        for _ in range(plan.houses_per_year() if active else 0):
            g = active[int(rng.random() * len(active))]
            number = g.first_number + int(rng.random() * g.members)
            new = rng.random() < 0.4
            total = (50 + 5 * int(rng.random() * 7)) * 1_000_000 if new else (20 + int(rng.random() * 11)) * 1_000_000
            union = None if rng.random() < 0.1 else total * (5 + int(rng.random() * 6)) // 10
            day = _day(rng, *g.unit.window(year))
            yield (g.unit.id, plan.member_base + number, names.person(number, plan.seed)[0], "new" if new else "repair",
                   total, union, day, f"Thôn {1 + int(rng.random() * 12)}, {names.place(g.index % 48)}",
                   plan.batch_id(g, year))


def workforce(plan: Plan) -> Iterator[tuple]:
    for year in plan.years:
        rng = plan.rng(f"workforce:{year}")
        for g in plan.hierarchy.grassroots:
            if g.unit.window(year) is None:
                continue
            total = g.members + int(g.members * 0.3 * rng.random()) + 1
            female = int(total * (0.3 + 0.5 * rng.random()))
            contract = total - int(total * 0.05 * rng.random())
            insured = contract - int(contract * 0.08 * rng.random())
            income = (6_000_000 + int(rng.random() * 6_000_000)) // 100_000 * 100_000
            arrears = 0 if rng.random() < 0.97 else int(rng.random() * 500) * 1_000_000
            accidents = 1 if rng.random() < 0.03 else 0
            yield (g.unit.id, year, total, female, contract, insured, int(total * 0.02 * rng.random()), income,
                   arrears, arrears // 3, accidents, 1 if accidents and rng.random() < 0.1 else 0,
                   1 if rng.random() < 0.002 else 0, plan.batch_id(g, year))


def activities(plan: Plan) -> Iterator[tuple]:
    for year in plan.years:
        rng = plan.rng(f"activities:{year}")
        for g in plan.hierarchy.grassroots:
            if g.unit.window(year) is None:
                continue
            classes = int(rng.random() * 4)
            yield (g.unit.id, year, 1 + int(rng.random() * 4), rng.random() < 0.9, rng.random() < 0.6, classes,
                   classes * (10 + int(rng.random() * 40)), int(rng.random() * 3), int(rng.random() * 2),
                   plan.batch_id(g, year))


def results(plan: Plan, indicators: dict[int, list[tuple[int, str]]]) -> Iterator[tuple]:
    """Two indicator results per active CĐCS-year; `indicators[year]` = [(id, kind)]."""
    for year in plan.years:
        rng = plan.rng(f"results:{year}")
        choices = indicators[year]
        for g in plan.hierarchy.grassroots:
            if g.unit.window(year) is None:
                continue
            for indicator_id, kind in rng.sample(choices, 2):
                if kind == "money":
                    value = Decimal(int(rng.random() * 500) * 1_000_000)
                elif kind == "number":
                    value = Decimal(int(rng.random() * 1000)) / 100
                else:
                    value = Decimal(1 + int(rng.random() * 50))
                yield (g.unit.id, indicator_id, year, value, "", plan.batch_id(g, year))
