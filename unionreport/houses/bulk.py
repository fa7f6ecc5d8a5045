"""Bulk replacement of a unit's Mái ấm Công đoàn houses for a year (Excel import)."""

from __future__ import annotations

from unionreport.core.models import ImportBatch
from unionreport.houses.models import House
from unionreport.units.models import Unit

FIELDS = ("member_id", "member_name", "kind", "total_support_vnd", "union_fund_vnd", "handover_date", "address")


def houses_replace(*, unit: Unit, year: int, rows: list[dict], batch: ImportBatch | None) -> int:
    old = House.objects.filter(unit=unit, handover_date__year=year)
    old._raw_delete(old.db)
    objs = [House(unit=unit, batch=batch, **{f: row.get(f) for f in FIELDS}) for row in rows]
    for obj in objs:
        obj.address = obj.address or ""
    House.objects.bulk_create(objs, batch_size=1000)
    return len(objs)
