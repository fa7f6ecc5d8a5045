"""A realistic, reproducible synthetic province, loaded fast (`manage.py generate_province`).

`generate_province(...)` builds the dated hierarchy in memory, then streams every table
through the loader (COPY on PostgreSQL). The same seed gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TextIO

from django.db import connection, models

from unionreport.core.models import ImportBatch
from unionreport.demo.province import hierarchy as hier
from unionreport.demo.province import rows
from unionreport.demo.province.extras import load_returns, load_yearly_documents, movement_indicators
from unionreport.demo.province.history import load_history
from unionreport.demo.province.loader import Loader, analyze, indexes_built_after, next_id, reset_sequences, wipe_units
from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, MemberSummary, Workforce
from unionreport.members.summary import member_summary_rebuild
from unionreport.movements.models import MovementResult
from unionreport.reports.models import AggregateFigure
from unionreport.units.models import Reorganisation, Succession, Unit, UnitPath, UnitPeriod
from unionreport.units.paths import PeriodRow, compute_paths
from unionreport.welfare.models import Disbursement, WelfareSummary
from unionreport.welfare.summary import welfare_summary_rebuild

# `generate_province --size`: today's province (before the 2025 merger) and the merged one (issue 17).
SIZES = {
    "province": {"cdcs": 5000, "members": 500_000, "welfare": 1_000_000, "years": 2, "year": 2025},
    "merged": {"cdcs": 12_000, "members": 1_200_000, "welfare": 2_500_000, "years": 2, "year": 2026,
               "merged": True, "communes": 130},
}


class ProvinceExists(Exception):
    """The database already has units; generating on top needs an explicit --wipe."""


@dataclass
class Result:
    rows: dict[str, int]
    seconds: float
    rows_per_second: float
    province_code: str
    years: list[int]
    extra: dict = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _stamp(year: int) -> dt.datetime:
    return dt.datetime(year, 11, 30, 8, 0, tzinfo=dt.UTC)


def generate_province(*, cdcs: int, members: int, welfare: int, years: int = 2, year: int = 2025, seed: int = 1,
                      wipe: bool = False, stream: TextIO | None = None, merged: bool = False,
                      communes: int | None = None) -> Result:
    """Generate and load the province; `welfare` is rows per year, `members` the whole roster.

    `merged`: two provinces absorbed on 01/07/2025 (their earlier two years as aggregate history) and eight
    sector/zone unions; `communes`: how many commune unions the CĐCS go to on 01/07/2025."""
    if Unit.objects.exists():
        if not wipe:
            raise ProvinceExists(
                "Cơ sở dữ liệu đã có đơn vị: không sinh đè lên dữ liệu thật. "
                "Dùng --wipe để xóa toàn bộ đơn vị và số liệu kèm theo trước khi sinh."
            )
        wipe_units()
    year_list = list(range(year - years + 1, year + 1))
    h = hier.build(seed=seed, cdcs=cdcs, members=members, first_year=year_list[0], last_year=year_list[-1],
                   next_id=next_id(Unit), merged=merged, communes=communes)
    grassroots_years = 4 * cdcs * len(year_list)
    loader = Loader(expected_rows=members + welfare * len(year_list) + grassroots_years + 12 * cdcs, stream=stream)
    started = time.perf_counter()
    fast = loader.fast_mode()
    try:
        with indexes_built_after([Member, Disbursement]):
            returned = _load_all(loader, h, seed, welfare, year_list)
        history = load_history(h, year_list[0]) if merged else 0
        summary_started = time.perf_counter()
        summaries = fill_summaries()
        summary_seconds = time.perf_counter() - summary_started
    finally:
        loader.normal_mode()
    seconds = time.perf_counter() - started
    loaded = [Unit, UnitPeriod, UnitPath, Reorganisation, Succession, ImportBatch, Member, Disbursement, House,
              Workforce, Activity, MovementResult, WelfareSummary, MemberSummary, AggregateFigure]
    reset_sequences(loaded + returned)
    analyze(loaded + returned)
    loader.progress(final=True)
    return Result(rows=dict(loader.per_table), seconds=seconds, rows_per_second=loader.written / seconds,
                  province_code=h.province.code, years=year_list,
                  extra={"vendor": connection.vendor, "grassroots": cdcs, "communes": len(h.communes),
                         "fk_triggers_skipped": fast, "summary_rows": summaries, "aggregate_figures": history,
                         "summary_seconds": round(summary_seconds, 2)})


def fill_summaries() -> dict[str, int]:
    """The figures' per unit-year summaries, from the loaded rows: one INSERT … SELECT … GROUP BY each."""
    welfare_summary_rebuild()
    member_summary_rebuild()
    return {"welfare_summary": WelfareSummary.objects.count(), "member_summary": MemberSummary.objects.count()}


def _load_all(loader: Loader, h: hier.Hierarchy, seed: int, welfare: int, year_list: list[int]) -> list:
    _load_hierarchy(loader, h)
    plan = rows.Plan(hierarchy=h, seed=seed, years=year_list, member_base=next_id(Member),
                     batch_base=next_id(ImportBatch), welfare_per_year=welfare)
    loader.load(ImportBatch, ["id", "unit_id", "year", "source", "description", "created_by_id", "created_at",
                              "row_count"], rows.batches(plan, lambda y: loader.timestamp(_stamp(y))))
    loader.load(Member, ["id", "unit_id", "card_number", "full_name", "sex", "birth_year", "joined_on", "left_on",
                         "left_reason", "batch_id"], rows.members(plan))
    loader.load(Disbursement, ["unit_id", "date", "occasion", "form", "person_times", "amount_vnd", "source",
                               "description", "batch_id"], rows.welfare(plan))
    loader.load(House, ["unit_id", "member_id", "member_name", "kind", "total_support_vnd", "union_fund_vnd",
                        "handover_date", "address", "batch_id"], rows.houses(plan))
    loader.load(Workforce, ["unit_id", "year", "total_workers", "female_workers", "with_contract",
                            "with_social_insurance", "underemployed", "average_income_vnd", "wage_arrears_vnd",
                            "insurance_arrears_vnd", "accidents", "accident_deaths", "collective_disputes",
                            "batch_id"], rows.workforce(plan))
    loader.load(Activity, ["unit_id", "year", "dialogues", "workers_conference", "collective_agreement",
                           "training_classes", "trainees", "party_introduced", "party_admitted", "batch_id"],
                rows.activities(plan))
    indicators = movement_indicators(year_list)
    loader.load(MovementResult, ["unit_id", "indicator_id", "year", "value", "note", "batch_id"],
                rows.results(plan, indicators))
    returned = load_returns(loader, plan, _stamp)
    load_yearly_documents(year_list)
    return returned


def _load_hierarchy(loader: Loader, h: hier.Hierarchy) -> None:
    created = loader.timestamp(_stamp(2000))
    units = h.units
    loader.load(Unit, ["id", "code", "name", "level", "kind", "valid_from", "valid_to", "origin", "closure",
                       "closure_reason", "contact_person", "phone", "email", "address", "created_at"],
                ((u.id, u.code, u.name, u.level, u.kind, u.valid_from, u.valid_to, u.origin, u.closure,
                  u.closure_reason, "", "", "", "", created) for u in units))
    loader.load(UnitPeriod, ["unit_id", "name", "parent_id", "valid_from", "valid_to"],
                ((u.id, u.name, parent, lo, hi) for u in units for parent, lo, hi in u.periods))
    periods = [PeriodRow(u.id, parent, lo, hi) for u in units for parent, lo, hi in u.periods]
    loader.load(UnitPath, ["unit_id", "ancestor_id", "depth", "valid_from", "valid_to"], compute_paths(periods))
    first = next_id(Reorganisation)
    through = Reorganisation.units.through
    loader.load(Reorganisation, ["id", "kind", "effective_date", "summary", "note", "actor_id", "created_at",
                                 "reason", "journal"],
                ((first + i, kind, day, summary, "Sắp xếp tổ chức công đoàn theo địa giới hành chính mới", None,
                  created, "khac" if kind == "close" else "", "{}") for i, (kind, day, summary, _ids)
                 in enumerate(h.events)))
    loader.load(through, ["reorganisation_id", "unit_id"],
                ((first + i, unit_id) for i, (*_, ids) in enumerate(h.events) for unit_id in dict.fromkeys(ids)))
    loader.load(Succession, ["predecessor_id", "successor_id", "kind", "effective_date", "event_id"],
                ((old, new, h.events[i][0], h.events[i][1], first + i) for old, new, i in h.successions))


def province_totals() -> dict[str, int]:
    """Totals that identify a generated province (the determinism test compares two runs)."""
    money = models.Sum("amount_vnd")
    return {
        "units": Unit.objects.count(),
        "paths": UnitPath.objects.count(),
        "members": Member.objects.count(),
        "members_left": Member.objects.filter(left_on__isnull=False).count(),
        "welfare_rows": Disbursement.objects.count(),
        "welfare_vnd": Disbursement.objects.aggregate(v=money)["v"] or 0,
        "welfare_times": Disbursement.objects.aggregate(v=models.Sum("person_times"))["v"] or 0,
        "houses_vnd": House.objects.aggregate(v=models.Sum("total_support_vnd"))["v"] or 0,
        "workers": Workforce.objects.aggregate(v=models.Sum("total_workers"))["v"] or 0,
        "results": MovementResult.objects.count(),
    }
