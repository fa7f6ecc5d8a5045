"""What the checks look at, for one CĐCS-year: built from an uploaded workbook (with its sheet, row and column)
or from the stored rows (many units at once, in a constant number of queries). The same checks run on both.

Members are counted as the roster will stand after the import (the file's rows, plus the unit's members
the file does not list, which the import keeps), last year's figures are the stored ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from openpyxl.utils import get_column_letter

from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, MemberSummary, Workforce
from unionreport.members.selectors import members_current_q
from unionreport.returns.excel import layout as L
from unionreport.units.models import Unit
from unionreport.welfare.models import BREAKDOWN_COLUMNS, Disbursement, Occasion, WelfareSummary, breakdown_column
from unionreport.welfare.summary import summary_values

WORKFORCE_FIELDS = [f.name for f in L.WORKFORCE.fields]
ACTIVITY_FIELDS = [f.name for f in L.ACTIVITIES.fields]
WelfareColumns = dict[str, int]  # a unit-year's welfare summary, column by column (`welfare.summary.summary_values`)


@dataclass
class Welfare:
    luot: int = 0
    money: int = 0
    rows: list[int] = field(default_factory=list)  # Excel rows (uploads only)


@dataclass(frozen=True)
class Duplicate:
    date: dt.date
    occasion: str
    amount: int
    count: int
    rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class HouseFact:
    member_name: str
    handover_date: dt.date | None
    total: int
    row: int | None = None


@dataclass
class ReturnFacts:
    unit_id: int
    year: int
    opened: dt.date
    members_end: int | None = None
    members_prev: int | None = None
    joined_before_year: int = 0
    welfare_by_occasion: dict[str, Welfare] = field(default_factory=dict)
    welfare_duplicates: list[Duplicate] = field(default_factory=list)
    welfare_groups: WelfareColumns = field(default_factory=dict)  # {} without any disbursement
    welfare_groups_prev: WelfareColumns = field(default_factory=dict)
    workforce: dict | None = None
    workforce_prev: dict | None = None
    activities: dict | None = None
    activities_prev: dict | None = None
    houses: list[HouseFact] = field(default_factory=list)
    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # sheet -> field -> column (uploads only)
    label_rows: dict[str, int] = field(default_factory=dict)  # workforce field -> Excel row (uploads only)

    @property
    def open_before_year(self) -> bool:
        return self.opened < dt.date(self.year, 1, 1)

    @property
    def welfare_money_prev(self) -> int:
        return self.welfare_groups_prev.get("amount_vnd", 0)

    def column(self, sheet: str, name: str) -> str:
        index = self.columns.get(sheet, {}).get(name)
        return get_column_letter(index) if index else ""

    def label_row(self, name: str) -> int | None:
        return self.label_rows.get(name)


def _active(joined: dt.date | None, left: dt.date | None, day: dt.date) -> bool:
    return joined is not None and joined <= day and (left is None or left > day)


def _roster(facts: ReturnFacts, rows: list[tuple[dt.date | None, dt.date | None]]) -> None:
    year = facts.year
    end, prev_end, start = dt.date(year, 12, 31), dt.date(year - 1, 12, 31), dt.date(year, 1, 1)
    facts.members_end = sum(1 for joined, left in rows if _active(joined, left, end))
    facts.members_prev = sum(1 for joined, left in rows if _active(joined, left, prev_end))
    facts.joined_before_year = sum(1 for joined, _ in rows if joined is not None and joined < start)


def _duplicates(keyed: dict[tuple[dt.date, str, int], list[int]]) -> list[Duplicate]:
    return [Duplicate(day, occasion, amount, len(rows), tuple(rows))
            for (day, occasion, amount), rows in sorted(keyed.items()) if len(rows) > 1]


def facts_from_upload(parsed) -> ReturnFacts:
    """The facts of a valid parsed workbook (`returns.excel.workbook.ParsedReturn`), as the data will be once
    imported; last year's from the stored rows (a few queries)."""
    unit, year = parsed.unit, parsed.year
    facts = ReturnFacts(unit_id=unit.pk, year=year, opened=unit.valid_from, columns=dict(parsed.columns),
                        label_rows=dict(parsed.label_rows.get(L.WORKFORCE.title, {})))
    in_file = {r["card_number"] for r in parsed.members if r.get("card_number")}
    kept = [(joined, left) for card, joined, left in Member.objects.filter(unit=unit)
            .values_list("card_number", "joined_on", "left_on") if card not in in_file]
    _roster(facts, kept + [(r.get("joined_on"), r.get("left_on")) for r in parsed.members])
    dupes: dict[tuple[dt.date, str, int], list[int]] = defaultdict(list)
    for r in parsed.welfare:
        agg = facts.welfare_by_occasion.setdefault(r["occasion"], Welfare())
        agg.luot += r["person_times"] or 0
        agg.money += r["amount_vnd"] or 0
        agg.rows.append(r["_row"])
        dupes[(r["date"], r["occasion"], r["amount_vnd"])].append(r["_row"])
    if parsed.welfare:
        facts.welfare_groups = summary_values((r["occasion"], r["form"], r["source"], r["person_times"],
                                               r["amount_vnd"]) for r in parsed.welfare)
    facts.welfare_duplicates = _duplicates(dupes)
    facts.workforce = {name: (parsed.workforce or {}).get(name) for name in WORKFORCE_FIELDS}
    if parsed.activities is not None:
        facts.activities = {name: parsed.activities.get(name) for name in ACTIVITY_FIELDS}
    facts.houses = [HouseFact(r["member_name"], r["handover_date"], r["total_support_vnd"] or 0, r["_row"])
                    for r in parsed.houses]
    previous = _previous_years([unit.pk], year)
    facts.welfare_groups_prev = previous.welfare.get(unit.pk, {})
    facts.workforce_prev = previous.workforce.get(unit.pk)
    facts.activities_prev = previous.activities.get(unit.pk)
    if parsed.activities is None:  # no sheet "Hoạt động khác": the stored rows stay as they are
        facts.activities = _stored_values(Activity, [unit.pk], year, ACTIVITY_FIELDS).get(unit.pk)
    return facts


@dataclass
class _Previous:
    welfare: dict[int, WelfareColumns]
    workforce: dict[int, dict]
    activities: dict[int, dict]


def _stored_values(model, unit_ids, year: int, names: list[str]) -> dict[int, dict]:
    return {row.pop("unit_id"): row for row in model.objects.filter(unit_id__in=unit_ids, year=year)
            .values("unit_id", *names)}


def _welfare_groups(unit_ids, year: int) -> dict[int, WelfareColumns]:
    columns = ["person_times", "amount_vnd", *(column for *_, column in BREAKDOWN_COLUMNS)]
    return {row.pop("unit_id"): row for row in WelfareSummary.objects.filter(unit_id__in=unit_ids, year=year)
            .values("unit_id", *columns)}


def _previous_years(unit_ids, year: int) -> _Previous:
    return _Previous(welfare=_welfare_groups(unit_ids, year - 1),
                     workforce=_stored_values(Workforce, unit_ids, year - 1, WORKFORCE_FIELDS),
                     activities=_stored_values(Activity, unit_ids, year - 1, ACTIVITY_FIELDS))


def facts_from_stored(unit_ids, year: int) -> dict[int, ReturnFacts]:
    """The facts of many CĐCS-years from the stored rows: `unit_ids` a list or a subquery of unit ids; nine
    queries whatever their number."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    facts = {pk: ReturnFacts(unit_id=pk, year=year, opened=opened)
             for pk, opened in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "valid_from")}
    if not facts:
        return facts
    ids = unit_ids if isinstance(unit_ids, QuerySet) else list(facts)  # a subquery joins better than 5.000 ids
    # As the roster counts them (`_roster`): members at the end of the year (moved in by a reorganisation
    # included: the summary's running stock), the same rows active at the end of last year (moved in this year
    # with their first joining date: they count there too; who left this year, moved away included, counted
    # back), and whether anyone joined before the year.
    this_year = Q(year=year)
    members = (MemberSummary.objects.filter(unit_id__in=ids, year__lte=year).values("unit_id").order_by()
               .annotate(end=Coalesce(Sum("members_end", filter=members_current_q(year)), 0),
                         joined_now=Coalesce(Sum("joined", filter=this_year), 0),
                         left_now=Coalesce(Sum(F("left") + F("left_moved"), filter=this_year), 0),
                         before=Coalesce(Sum("joined", filter=Q(year__lt=year)), 0)
                         + Coalesce(Sum("joined_moved"), 0)))
    for row in members:
        f = facts[row["unit_id"]]
        f.members_end, f.joined_before_year = row["end"], row["before"]
        f.members_prev = row["end"] - row["joined_now"] + row["left_now"]
    for unit_id, groups in _welfare_groups(ids, year).items():
        f = facts[unit_id]
        f.welfare_groups = groups
        for occasion in Occasion.values:
            luot = groups[breakdown_column("occasion", occasion, "person_times")]
            money = groups[breakdown_column("occasion", occasion, "amount_vnd")]
            if luot or money:
                f.welfare_by_occasion[occasion] = Welfare(luot, money)
    dupes = (Disbursement.objects.filter(unit_id__in=ids, date__gte=start, date__lte=end).order_by()
             .values("unit_id", "date", "occasion", "amount_vnd").annotate(n=Count("id")).filter(n__gt=1))
    for row in dupes.order_by("unit_id", "date", "occasion", "amount_vnd"):
        facts[row["unit_id"]].welfare_duplicates.append(
            Duplicate(row["date"], row["occasion"], row["amount_vnd"], row["n"]))
    for unit_id, values in _stored_values(Workforce, ids, year, WORKFORCE_FIELDS).items():
        facts[unit_id].workforce = values
    for unit_id, values in _stored_values(Activity, ids, year, ACTIVITY_FIELDS).items():
        facts[unit_id].activities = values
    previous = _previous_years(ids, year)
    for unit_id, f in facts.items():
        f.welfare_groups_prev = previous.welfare.get(unit_id, {})
        f.workforce_prev = previous.workforce.get(unit_id)
        f.activities_prev = previous.activities.get(unit_id)
    for unit_id, name, day, total in (House.objects.filter(unit_id__in=ids, handover_date__gte=start,
                                                           handover_date__lte=end)
                                      .order_by("unit_id", "handover_date", "id")
                                      .values_list("unit_id", "member_name", "handover_date", "total_support_vnd")):
        facts[unit_id].houses.append(HouseFact(name, day, total))
    return facts
