"""Writes of the shared records: an import batch, the provenance of rows written in bulk."""

from __future__ import annotations

from django.db import transaction

from unionreport.core.models import ImportBatch


@transaction.atomic
def import_batch_create(*, unit, year: int, source: str, description: str = "", actor=None,
                        row_count: int = 0) -> ImportBatch:
    """One bulk write (an Excel return, the demo data, a script): the rows it writes point to it."""
    return ImportBatch.objects.create(unit=unit, year=year, source=source, description=description[:255],
                                      created_by=actor, row_count=row_count)
