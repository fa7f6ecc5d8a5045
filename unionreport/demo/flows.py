"""The rows of a year after 2024 (2025, and 2026 up to the demo's today), on the structure of that year.

Members join and leave through the roster (a few per cent a year, as in the specs' ranges), the workforce
drifts from last year's sheet (so the data-quality checks stay quiet where nothing unusual happened), and the
welfare, houses, activities and movements are drawn in the shapes of 2023–2024 (`demo.data`). Units closing
during the year (`closing`: unit id → its last day) get their flows up to that day and no year-end sheets.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from unionreport.demo import data
from unionreport.demo.shapes import person
from unionreport.lib.years import year_end
from unionreport.members.bulk import activity_replace, members_upsert, workforce_replace
from unionreport.members.models import Member, Workforce
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids

WORKFORCE_COUNTS = ("total_workers", "female_workers", "with_contract", "with_social_insurance", "underemployed")


def _member_row(member: Member, left_on: dt.date) -> dict:
    return {"card_number": member.card_number, "full_name": member.full_name, "sex": member.sex,
            "birth_year": member.birth_year, "joined_on": member.joined_on, "left_on": left_on}


def members_flow(rng: random.Random, units: list[Unit], year: int, batches, last_day: dict[int, dt.date]) -> None:
    """Joiners (3–9 %) and leavers (2–6 %) of the members active on 1/1 of `year`, dated up to the unit's last day."""
    start = dt.date(year, 1, 1)
    by_unit: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(unit__in=units, joined_on__lt=start).exclude(left_on__lt=start):
        by_unit[member.unit_id].append(member)
    for unit in units:
        active = sorted(by_unit[unit.pk], key=lambda m: m.card_number)
        until = last_day[unit.pk]
        span = max(1, (until - start).days)
        rows = [_member_row(m, start + dt.timedelta(days=rng.randrange(span)))
                for m in rng.sample(active, round(len(active) * rng.uniform(0.02, 0.06)))]
        joiners = round(len(active) * rng.uniform(0.03, 0.09)) + (len(active) < 30)
        rows += [person(rng, f"{unit.code}-{year % 100}{n:03d}", start + dt.timedelta(days=rng.randrange(span)))
                 for n in range(1, joiners + 1)]
        members_upsert(unit=unit, rows=rows, batch=batches[unit.pk], year=year)


def _workforce(rng: random.Random, unit: Unit, last: Workforce | None, members: int) -> dict:
    if last is None:
        total = int(members * rng.uniform(1.05, 1.5)) + 1
        values = {"total_workers": total, "female_workers": int(total * rng.uniform(0.3, 0.75)),
                  "with_contract": int(total * rng.uniform(0.9, 1.0)),
                  "with_social_insurance": int(total * rng.uniform(0.8, 0.98)),
                  "underemployed": int(total * rng.uniform(0, 0.03)),
                  "average_income_vnd": rng.randrange(62, 115) * 100_000}
    else:
        change = rng.uniform(0.94, 1.08)
        values = {key: int(getattr(last, key) * change) for key in WORKFORCE_COUNTS}
        values["total_workers"] = max(values["total_workers"], members)
        values["average_income_vnd"] = int(last.average_income_vnd * rng.uniform(1.02, 1.09)) // 10_000 * 10_000
    accidents = 1 if rng.random() < 0.05 else 0
    values.update({"wage_arrears_vnd": rng.choice([0] * 30 + [rng.randrange(50, 400) * 1_000_000]),
                   "insurance_arrears_vnd": rng.choice([0] * 20 + [rng.randrange(20, 300) * 1_000_000]),
                   "accidents": accidents, "accident_deaths": 1 if accidents and rng.random() < 0.2 else 0,
                   "collective_disputes": 1 if rng.random() < 0.01 else 0})
    return values


def write_year(rng: random.Random, *, root: Unit, year: int, staff, units: list[Unit], houses: int,
               until: dt.date | None = None, closing: dict[int, dt.date] | None = None) -> None:
    """Every row of `year` for `units` (open at the year's end) and `closing` units, up to `until`."""
    closing = closing or {}
    until = until or year_end(year)
    closed = list(Unit.objects.filter(pk__in=closing).order_by("code"))
    uppers = list(Unit.objects.filter(id__in=subtree_ids(root, min(until, year_end(year))),
                                      level__in=[Unit.Level.UPPER, Unit.Level.COMMUNE]).order_by("code"))
    batches = data._batches([root, *uppers, *units, *closed], year, staff)
    members_flow(rng, [*units, *closed], year, batches,
                 {**{u.pk: until for u in units}, **closing})
    data._welfare(rng, units, root, uppers, year, batches, until)
    for unit in closed:
        data._welfare(rng, [unit], None, [], year, batches, closing[unit.pk])
    members = {}
    for member in Member.objects.filter(unit__in=units, left_on__isnull=True).only("id", "unit_id", "full_name"):
        members.setdefault(member.unit_id, []).append(member)
    data._houses(rng, units, members, year, houses, batches, until)
    last = {w.unit_id: w for w in Workforce.objects.filter(unit__in=units, year=year - 1)}
    for unit in units:
        workforce_replace(unit=unit, year=year, batch=batches[unit.pk],
                          values=_workforce(rng, unit, last.get(unit.pk), len(members.get(unit.pk, []))))
        activity_replace(unit=unit, year=year, values=data.activity_values(rng, unit), batch=batches[unit.pk])
    data._movements(rng, units, year, staff, batches)
    data._documents(year, staff)
