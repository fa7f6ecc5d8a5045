"""Demo returns: some CĐCS's figures go out as Excel workbooks and come back through the real import; every
return then goes through the review workflow as the people of that time did it.

Most returns are approved by the province, a few wait, are late or missing (Phụ lục 3 and the returns
pages have something to show). Who acts: the CĐCS's own officer submits (else the officer of its upper
unit as of 31/12, else provincial staff); the upper unit's officer of that time approves first (else
provincial staff, acting for it); provincial staff approve last. The workflow records each step at the
demo's time (`at=`) and asks the access rule as of that day.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.utils import timezone

from unionreport.accounts.models import User
from unionreport.lib.years import year_end
from unionreport.returns import services, workflow
from unionreport.returns.excel import template
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import valid_on_q

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


def _demo_people(units: list[Unit], year: int) -> tuple[dict[int, User], dict[int, User], User | None]:
    """Each CĐCS's own officer, the officer of its upper-level unit as of 31/12 of the year, provincial staff."""
    unit_ids = [u.pk for u in units]
    users = list(User.objects.filter(is_active=True).exclude(unit=None).select_related("unit").order_by("pk"))
    own: dict[int, User] = {}
    for user in users:
        own.setdefault(user.unit_id, user)
    province = next((u for u in users if u.role == User.Role.PROVINCE_STAFF), None)
    uppers = {u.unit_id: u for u in users if u.role == User.Role.UPPER_OFFICER}
    parents = UnitPath.objects.filter(valid_on_q(year_end(year)), unit_id__in=unit_ids, depth=1,
                                      ancestor_id__in=list(uppers)).values_list("unit_id", "ancestor_id")
    return ({uid: own[uid] for uid in unit_ids if uid in own}, {uid: uppers[parent] for uid, parent in parents},
            province)


def _statuses(units: list[Unit], year: int, rng: random.Random) -> None:
    deadline = workflow.reporting_year_ensure(year).deadline
    own, upper, province = _demo_people(units, year)
    tz = timezone.get_current_timezone()
    for unit in units:
        status, timing = _status(rng)
        if status == "missing" or province is None:
            continue
        offset = -rng.randrange(1, 20) if timing == "on_time" else rng.randrange(1, 12)
        submitted = dt.datetime.combine(deadline + dt.timedelta(days=offset), dt.time(9, 30), tzinfo=tz)
        workflow.return_submit(actor=own.get(unit.pk) or upper.get(unit.pk) or province, unit=unit, year=year,
                               at=submitted)
        if status in ("approved_upper", "approved_province"):
            workflow.return_approve(actor=upper.get(unit.pk, province), unit=unit, year=year,
                                    at=submitted + dt.timedelta(days=2))
        if status == "approved_province":
            workflow.return_approve(actor=province, unit=unit, year=year, at=submitted + dt.timedelta(days=4))


def load_returns(root: Unit, units: list[Unit], *, year: int, stdout=None, excel: int = EXCEL_UNITS) -> int:
    """Import `excel` CĐCS's returns from workbooks, then take every return through the workflow; returns the
    imports done."""
    rng = random.Random(f"returns:{year}")
    chosen = sorted(rng.sample(units, min(excel, len(units))), key=lambda u: u.code) if excel else []
    done = _import_excel(chosen, year, stdout)
    _statuses(units, year, rng)
    return done
