"""Bulk replacement of a unit's welfare rows for a year (Excel import; no per-row save)."""

from __future__ import annotations

from unionreport.core.models import ImportBatch
from unionreport.lib.db import insert_rows
from unionreport.units.models import Unit
from unionreport.welfare.models import Disbursement
from unionreport.welfare.summary import welfare_summary_refresh

FIELDS = ("date", "occasion", "form", "person_times", "amount_vnd", "source", "description")


def disbursements_replace(*, unit: Unit, year: int, rows: list[dict], batch: ImportBatch | None) -> int:
    """Delete the unit's disbursements dated in `year` and create `rows`; returns the number created.

    Run inside the caller's transaction; the unit-year's `WelfareSummary` is refreshed at the end."""
    old = Disbursement.objects.filter(unit=unit, date__year=year)
    old._raw_delete(old.db)  # no per-row signals: the batch is the audit record
    batch_id = batch.pk if batch is not None else None
    # COPY, not bulk_create: half of a 10.000-row import's time went to building instances (issue 17).
    count = insert_rows(Disbursement, ["unit_id", "batch_id", *FIELDS],
                        ((unit.pk, batch_id, *(row.get(f) for f in FIELDS[:-1]), row.get("description") or "")
                         for row in rows))
    welfare_summary_refresh(unit_ids=[unit.pk], years=[year])
    return count
