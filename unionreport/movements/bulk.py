"""Bulk replacement of a unit's emulation results for a year (Excel import)."""

from __future__ import annotations

from unionreport.core.models import ImportBatch
from unionreport.movements.models import MovementResult
from unionreport.units.models import Unit


def results_replace(*, unit: Unit, year: int, rows: list[dict], batch: ImportBatch | None) -> int:
    """Rows carry `indicator_id`, `value` (Decimal) and `note`."""
    old = MovementResult.objects.filter(unit=unit, year=year)
    old._raw_delete(old.db)
    objs = [MovementResult(unit=unit, year=year, batch=batch, indicator_id=row["indicator_id"], value=row["value"],
                           note=row.get("note") or "") for row in rows]
    MovementResult.objects.bulk_create(objs, batch_size=1000)
    return len(objs)
