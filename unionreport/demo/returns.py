"""Demo returns: some CĐCS's 2024 figures go out as Excel workbooks and come back through the real import.

The rest of the returns get a status (most approved, a few late, a few missing) so that
Phụ lục 3 and the returns pages have something to show.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from unionreport.returns import services
from unionreport.returns.excel import template
from unionreport.units.models import Unit

EXCEL_UNITS = 15


def _import_excel(units: list[Unit], year: int, stdout) -> int:
    done = 0
    for unit in units:
        data = template.workbook_bytes(template.build_return_workbook(unit=unit, year=year, with_data=True))
        upload = io.BytesIO(data)
        upload.name = f"bao-cao-{year}-{unit.code}.xlsx"
        result = services.return_import_file(actor=None, path_or_file=upload)
        if result.ok and (result.imported or result.unchanged):
            done += 1
        elif stdout is not None:
            stdout.write("\n".join(result.lines()[:5]) or f"{upload.name}: không nhập được.")
    return done


def _status(rng: random.Random) -> tuple[str, str]:
    """(status, timing): most approved by the province, a few waiting, late or missing."""
    draw = rng.random()
    if draw < 0.04:
        return "missing", ""
    if draw < 0.08:
        return "submitted", "late"
    if draw < 0.12:
        return "approved_upper", "on_time"
    if draw < 0.18:
        return "approved_province", "late"
    return "approved_province", "on_time"


@transaction.atomic
def _statuses(units: list[Unit], year: int, rng: random.Random) -> None:
    Return = apps.get_model("returns", "Return")
    ReportingYear = apps.get_model("returns", "ReportingYear")
    reporting_year, _ = ReportingYear.objects.get_or_create(
        year=year, defaults={"cutoff_date": dt.date(year, 11, 30), "deadline": dt.date(year, 12, 10)})
    existing = set(Return.objects.filter(year=year, unit__in=units).values_list("unit_id", flat=True))
    Return.objects.bulk_create([Return(unit=u, year=year) for u in units if u.pk not in existing])
    returns = {r.unit_id: r for r in Return.objects.filter(year=year, unit__in=units)}
    submitters, upper_approvers, province_approver = _demo_people(units, year)
    tz = timezone.get_current_timezone()
    for unit in units:
        status, timing = _status(rng)
        ret = returns[unit.pk]
        if status == "missing":
            continue
        offset = -rng.randrange(1, 20) if timing == "on_time" else rng.randrange(1, 12)
        submitted = dt.datetime.combine(reporting_year.deadline + dt.timedelta(days=offset), dt.time(9, 30),
                                        tzinfo=tz)
        ret.status, ret.submitted_at = status, submitted
        ret.submitted_by = submitters.get(unit.pk)
        if status in ("approved_upper", "approved_province"):
            ret.approved_upper_at = submitted + dt.timedelta(days=2)
            ret.approved_upper_by = upper_approvers.get(unit.pk, province_approver)
        if status == "approved_province":
            ret.approved_province_at = submitted + dt.timedelta(days=4)
            ret.approved_province_by = province_approver
    Return.objects.bulk_update(returns.values(), ["status", "submitted_at", "submitted_by", "approved_upper_at",
                                                  "approved_upper_by", "approved_province_at",
                                                  "approved_province_by"], batch_size=500)


def _demo_people(units: list[Unit], year: int):
    """Who submitted and approved in the demo: the CĐCS's own officer, the officer of its upper-level
    unit as of 31/12 of the year (else provincial staff), and provincial staff."""
    User = apps.get_model("accounts", "User")
    UnitPath = apps.get_model("units", "UnitPath")
    from unionreport.units.selectors import valid_on_q

    unit_ids = [u.pk for u in units]
    users = list(User.objects.filter(is_active=True).exclude(unit=None).order_by("pk"))
    by_unit: dict[int, object] = {}
    for user in users:
        by_unit.setdefault(user.unit_id, user)
    submitters = {uid: by_unit[uid] for uid in unit_ids if uid in by_unit}
    province = next((u for u in users if u.role == User.Role.PROVINCE_STAFF), None)
    uppers = {u.unit_id: u for u in users if u.role == User.Role.UPPER_OFFICER}
    parents = UnitPath.objects.filter(valid_on_q(dt.date(year, 12, 31)), unit_id__in=unit_ids, depth=1,
                                      ancestor_id__in=list(uppers)).values_list("unit_id", "ancestor_id")
    return submitters, {uid: uppers[parent] for uid, parent in parents}, province


def load_returns(root: Unit, units: list[Unit], *, year: int, stdout=None, excel: int = EXCEL_UNITS) -> int:
    """Import `excel` CĐCS's returns from workbooks, then give every return a status; returns the imports done."""
    try:
        apps.get_model("returns", "Return")
    except LookupError:
        return 0
    rng = random.Random(f"returns:{year}")
    chosen = sorted(rng.sample(units, min(excel, len(units))), key=lambda u: u.code) if excel else []
    done = _import_excel(chosen, year, stdout)
    _statuses(units, year, rng)
    return done
