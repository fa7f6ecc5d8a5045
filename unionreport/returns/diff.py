"""What an import would change: per sheet rows read, to add and to replace, and key totals old → new."""

from __future__ import annotations

from django.db.models import Count, Sum

from unionreport.houses.models import House
from unionreport.lib.formatting import format_int
from unionreport.members.bulk import members_diff
from unionreport.members.models import Activity, Workforce
from unionreport.movements.models import MovementResult
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.workbook import ParsedReturn
from unionreport.welfare.models import Disbursement


def _int(value) -> int:
    return int(value or 0)


def return_diff(parsed: ParsedReturn) -> dict:
    """A JSON-able summary of the difference between `parsed` and the unit's current data for the year."""
    unit, year = parsed.unit, parsed.year
    if unit is None or year is None:
        return {"sheets": [], "members": {}, "totals": [], "workforce": []}
    welfare = Disbursement.objects.filter(unit=unit, date__year=year).aggregate(
        n=Count("id"), luot=Sum("person_times"), tien=Sum("amount_vnd"))
    houses = House.objects.filter(unit=unit, handover_date__year=year).aggregate(n=Count("id"),
                                                                                  tien=Sum("total_support_vnd"))
    results = MovementResult.objects.filter(unit=unit, year=year).count()
    members = members_diff(unit=unit, year=year, rows=parsed.members)
    sheets = [
        {"title": L.ROSTER.title, "rows": len(parsed.members), "add": members.created, "replace": members.updated,
         "note": f"{members.unchanged} không đổi; {members.missing} đoàn viên của năm {year} có trong hệ thống "
                 "nhưng không có trong tệp (được giữ nguyên)"},
        {"title": L.WELFARE.title, "rows": len(parsed.welfare), "add": len(parsed.welfare), "replace": welfare["n"],
         "note": ""},
        {"title": L.HOUSES.title, "rows": len(parsed.houses), "add": len(parsed.houses), "replace": houses["n"],
         "note": "" if L.HOUSES.title in parsed.present else "không có trang tính này"},
        {"title": L.MOVEMENTS.title, "rows": len(parsed.results), "add": len(parsed.results), "replace": results,
         "note": "" if L.MOVEMENTS.title in parsed.present else "không có trang tính này"},
    ]
    totals = [
        {"label": "Số lượt đoàn viên được chăm lo", "current": _int(welfare["luot"]),
         "new": sum(_int(r.get("person_times")) for r in parsed.welfare)},
        {"label": "Số tiền chăm lo (đồng)", "current": _int(welfare["tien"]),
         "new": sum(_int(r.get("amount_vnd")) for r in parsed.welfare)},
        {"label": "Kinh phí Mái ấm Công đoàn (đồng)", "current": _int(houses["tien"]),
         "new": sum(_int(r.get("total_support_vnd")) for r in parsed.houses)},
    ]
    changes = []
    for spec, model, new in ((L.WORKFORCE, Workforce, parsed.workforce), (L.ACTIVITIES, Activity, parsed.activities)):
        old = model.objects.filter(unit=unit, year=year).values().first() or {}
        for field in spec.fields:
            before, after = old.get(field.name), (new or {}).get(field.name)
            if before != after:
                changes.append({"label": field.header, "current": _shown(before), "new": _shown(after)})
    return {"sheets": sheets, "members": vars(members), "totals": totals, "workforce": changes}


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return format_int(value) if isinstance(value, int) else str(value)
