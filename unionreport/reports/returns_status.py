"""Phụ lục 3: returns expected, on time, late, missing and approved, per child unit (two queries).

Reads the returns app's tables when they exist; until then the appendix says "Chưa có dữ liệu".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Q

from unionreport.reports.figures import by_child_q, child_units, run_table
from unionreport.reports.measures import Table
from unionreport.units.models import Unit
from unionreport.units.selectors import year_end

NO_DATA = "Chưa có dữ liệu"


@dataclass
class StatusRow:
    code: str
    name: str
    expected: int
    on_time: int
    late: int
    missing: int
    approved: int
    is_total: bool = False


def _models():
    try:
        return apps.get_model("returns", "Return"), apps.get_model("returns", "ReportingYear")
    except LookupError:
        return None, None


def _deadline(reporting_year_model, year: int) -> dt.date:
    deadline = reporting_year_model.objects.filter(year=year).values_list("deadline", flat=True).first()
    return deadline or dt.date(year, 12, 10)


def by_child(unit: Unit, year: int) -> list[StatusRow] | None:
    return_model, reporting_year_model = _models()
    if return_model is None:
        return None
    deadline = _deadline(reporting_year_model, year)
    table = Table("returns", return_model, lambda y: Q(year=y))
    q, group = by_child_q(table, unit, year_end(year))
    sent = Q(status__in=return_model.SENT)
    on_time = sent & Q(submitted_at__date__lte=deadline)
    rows = {
        r.pop("group"): r
        for r in return_model.objects.filter(q, year=year).order_by().values(group=F(group)).annotate(
            sent=Count("pk", filter=sent), on_time=Count("pk", filter=on_time),
            approved=Count("pk", filter=Q(status__in=return_model.APPROVED)))
    }
    expected = {k: v["cdcs.so_luong"] for k, v in run_table("units", unit, year, by_child=True).items()}
    if not rows and not any(expected.values()):
        return None
    result = []
    for child, name in child_units(unit, year):
        r = rows.get(child.pk, {"sent": 0, "on_time": 0, "approved": 0})
        exp = expected.get(child.pk, 0)
        result.append(StatusRow(child.code, name, exp, r["on_time"], r["sent"] - r["on_time"],
                                max(exp - r["sent"], 0), r["approved"]))
    total = StatusRow("", "Tổng cộng", *(sum(getattr(r, f) for r in result)
                                         for f in ("expected", "on_time", "late", "missing", "approved")),
                      is_total=True)
    return [*result, total]
