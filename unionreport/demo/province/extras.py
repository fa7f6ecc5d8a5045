"""The small tables of the province: movements and indicators, yearly documents, returns with statuses."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection

from unionreport.demo.province.rows import MOVEMENTS, Plan
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, YearTheme

THEMES = {2024: "Năm nâng cao chất lượng hoạt động công đoàn cơ sở",
          2025: "Năm đổi mới tổ chức, hoạt động công đoàn theo mô hình chính quyền địa phương hai cấp"}
DOCUMENTS = [("action_programme", "Chương trình hành động thực hiện Nghị quyết Đại hội Công đoàn tỉnh")] + [
    ("plan", f"Kế hoạch số {i} về tổ chức các hoạt động chăm lo cho đoàn viên") for i in range(1, 7)] + [
    ("breakthrough", f"Chương trình đột phá số {i} về phát triển đoàn viên") for i in range(1, 4)]
# Statuses of the returns of the last year (still being reviewed); earlier years are closed.
LAST_YEAR_STATUSES = (("approved_province", 55), ("approved_upper", 15), ("submitted", 15), ("draft", 15))


def movement_indicators(years: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The year's movements and indicators (created if missing): {year: [(indicator id, kind)]}."""
    found: dict[int, list[tuple[int, str]]] = {}
    for year in years:
        found[year] = []
        for order, (name, indicators) in enumerate(MOVEMENTS, start=1):
            movement, _ = Movement.objects.get_or_create(year=year, name=name, defaults={"order": order})
            for position, (label, kind, measure) in enumerate(indicators, start=1):
                indicator, _ = Indicator.objects.get_or_create(
                    movement=movement, name=label, defaults={"kind": kind, "measure": measure, "order": position})
                found[year].append((indicator.id, indicator.kind))
    return found


def load_yearly_documents(years: list[int]) -> None:
    for year in years:
        YearTheme.objects.get_or_create(year=year, defaults={"theme": THEMES.get(year, f"Chủ đề năm {year}")})
        if DirectiveDocument.objects.filter(year=year).exists():
            continue
        DirectiveDocument.objects.bulk_create(
            DirectiveDocument(year=year, kind=kind, number=f"{i + 1:02d}/{'CTr' if kind != 'plan' else 'KH'}-LĐLĐ",
                              issued_on=dt.date(year, 1 + i, 15), title=title)
            for i, (kind, title) in enumerate(DOCUMENTS)
        )


def _returns_models():
    """The returns app's models, when that app and its tables exist (it is built in parallel)."""
    try:
        from unionreport.returns.models import ReportingYear, Return
    except ImportError:
        return None
    if Return._meta.db_table not in connection.introspection.table_names():
        return None
    return ReportingYear, Return


def _status(rng, last: bool) -> str:
    if not last:
        return "approved_province" if rng.random() < 0.97 else "approved_upper"
    x = rng.random() * 100
    for status, weight in LAST_YEAR_STATUSES:
        x -= weight
        if x < 0:
            return status
    return "draft"


def load_returns(loader, plan: Plan, stamp) -> list:
    """One Return per active CĐCS-year with mixed statuses; [] when the returns app has no tables yet."""
    found = _returns_models()
    if found is None:
        return []
    reporting_year, return_model = found
    for year in plan.years:
        reporting_year.objects.get_or_create(
            year=year, defaults={"cutoff_date": dt.date(year, 11, 30), "deadline": dt.date(year, 12, 10)})
    fields = [f for f in return_model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]

    def values():
        for year in plan.years:
            rng = plan.rng(f"returns:{year}")
            moment = loader.timestamp(stamp(year))
            for g in plan.hierarchy.grassroots:
                if g.unit.window(year) is None:
                    continue
                status = _status(rng, year == plan.years[-1])
                sent = status != "draft"
                given = {
                    "unit": g.unit.id, "year": year, "status": status,
                    "nothing_to_report": sent and rng.random() < 0.02,
                    "preparer_name": "Nguyễn Thị Hoa" if sent else "",
                    "preparer_phone": "0229 3871 000" if sent else "",
                    "prepared_on": dt.date(year, 11, 25) if sent else None,
                    "submitted_at": moment if sent else None,
                    "approved_upper_at": moment if status.startswith("approved") else None,
                    "approved_province_at": moment if status == "approved_province" else None,
                    "updated_at": moment,
                }
                yield tuple(given[f.name] if f.name in given else _default(f) for f in fields)

    loader.load(return_model, columns, values())
    return [return_model]


def _default(field):
    if field.null:
        return None
    value = field.get_default()
    return json.dumps(value) if isinstance(value, dict | list) else value
