"""Aggregate history of the absorbed provinces (merged size): their 2023–2024 as their old reports stated them.

The same tables the history import writes (`reports.AggregateImport` + `AggregateFigure`), one kept
workbook per absorbed province in the import's layout (a sheet per year, `Mã đơn vị`, one column per
figure key), so that `reports.aggregates.aggregate_check` accepts the file and its figures are the
provenance shown. Values scale with the CĐCS the province held at each year end; every breakdown adds up
to its total. Written with `bulk_create` (a few hundred figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import Workbook

from unionreport.demo.province.hierarchy import GenUnit, Hierarchy
from unionreport.reports.aggregates import importable_keys
from unionreport.reports.measures import FORM_SLUGS, OCCASION_SLUGS, SOURCE_SLUGS
from unionreport.reports.models import AggregateFigure, AggregateImport

HISTORY_YEARS = 2  # the two years before the first generated year
OCCASION_WEIGHTS = {"tet": 35, "workers_month": 20, "union_day": 10, "union_programme": 10, "hardship": 20,
                    "other": 5}
FORM_WEIGHTS = {"gift": 50, "cash": 15, "visit": 10, "meal": 20, "other": 5}
SOURCE_WEIGHTS = {"union_funds": 12, "employer": 5, "socialised": 2, "other": 1}


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` over the weights, largest remainder: the parts add up to the total exactly."""
    whole = sum(weights.values())
    shares = {k: total * w / whole for k, w in weights.items()}
    parts = {k: int(v) for k, v in shares.items()}
    for k in sorted(shares, key=lambda k: parts[k] - shares[k])[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


def _breakdown(prefix: str, slugs: dict, weights: dict[str, float], times: int, money: int) -> dict[str, int]:
    out = {}
    by_times, by_money = _split(times, weights), _split(money, weights)
    for value, slug in slugs.items():
        out[f"cham_lo.{slug}.luot"] = by_times.get(str(value), 0)
        out[f"cham_lo.{slug}.tien"] = by_money.get(str(value), 0)
    return out


def province_figures(cdcs: int, members: int, year: int) -> dict[str, int]:
    """Plausible yearly figures of a province of `cdcs` CĐCS and `members` members at the year end."""
    times = members * 2 + year % 7 * 101
    money = times * 420_000
    workers = members * 5 // 4
    with_contract = workers * 95 // 100
    houses = max(1, cdcs // 25)
    figures = {
        "doan_vien.cuoi_nam": members, "doan_vien.moi": members * 8 // 100, "doan_vien.giam": members * 5 // 100,
        "doan_vien.giam_giai_the": members // 100,
        "cham_lo.luot": times, "cham_lo.tien": money,
        **_breakdown("occasion", OCCASION_SLUGS, OCCASION_WEIGHTS, times, money),
        **_breakdown("form", FORM_SLUGS, FORM_WEIGHTS, times, money),
        **_breakdown("source", SOURCE_SLUGS, SOURCE_WEIGHTS, times, money),
        "lao_dong.tong": workers, "lao_dong.nu": workers * 55 // 100, "lao_dong.hop_dong": with_contract,
        "lao_dong.bhxh": with_contract * 93 // 100, "lao_dong.thieu_viec": workers // 100,
        "lao_dong.no_luong": cdcs * 3 * 1_000_000, "lao_dong.no_bhxh": cdcs * 1_000_000,
        "lao_dong.tai_nan": cdcs * 3 // 100, "lao_dong.chet": cdcs // 400, "lao_dong.tranh_chap": cdcs // 500,
        "hoat_dong.doi_thoai": cdcs * 2, "hoat_dong.hoi_nghi_nld": cdcs * 9 // 10,
        "hoat_dong.thoa_uoc": cdcs * 6 // 10, "hoat_dong.lop_tap_huan": cdcs * 3 // 2,
        "hoat_dong.luot_tap_huan": cdcs * 40, "dang.gioi_thieu": cdcs, "dang.ket_nap": cdcs // 2,
        "mai_am.so_nha": houses, "mai_am.xay_moi": houses * 4 // 10, "mai_am.sua_chua": houses - houses * 4 // 10,
        "mai_am.tien": houses * 45_000_000, "mai_am.tien_cong_doan": houses * 30_000_000,
    }
    keys = set(importable_keys().values())
    return {key: value for key, value in figures.items() if key in keys}


def _held(h: Hierarchy, unit: GenUnit, day: dt.date) -> tuple[int, int]:
    """(CĐCS, members) directly under `unit` on `day`."""
    cdcs = members = 0
    for g in h.grassroots:
        if any(parent == unit.id and lo <= day and (hi is None or day < hi) for parent, lo, hi in g.unit.periods):
            cdcs += 1
            members += g.members
    return cdcs, members


def _workbook(code: str, years: dict[int, dict[str, int]]) -> bytes:
    book = Workbook(write_only=True)
    for year, figures in years.items():
        sheet = book.create_sheet(str(year))
        sheet.append(["Mã đơn vị", *figures])
        sheet.append([code, *figures.values()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load_history(h: Hierarchy, first_year: int) -> int:
    """Aggregate history of each absorbed province for the HISTORY_YEARS before `first_year`; figures written."""
    written = 0
    years = list(range(first_year - HISTORY_YEARS, first_year))
    for unit in h.absorbed:
        per_year = {}
        for year in years:
            cdcs, members = _held(h, unit, dt.date(year, 12, 31))
            per_year[year] = province_figures(cdcs, members * 96 // 100, year)
        data = _workbook(unit.code, per_year)
        stored = AggregateImport(original_name=f"so-lieu-tong-hop-{unit.code}.xlsx",
                                 sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                 source=f"báo cáo năm {', '.join(map(str, years))} của {unit.name}",
                                 row_count=len(years), confirmed_at=timezone.now())
        stored.file.save(stored.original_name, ContentFile(data), save=False)
        stored.save()
        figures = [AggregateFigure(unit_id=unit.id, year=year, key=key, value=value, source=stored)
                   for year, values in per_year.items() for key, value in values.items()]
        AggregateFigure.objects.bulk_create(figures)
        written += len(figures)
    return written
