"""Bulk load: the province generator's COPY rate against Django's `bulk_create`, on the same rows.

Both samples are written inside a transaction that is rolled back, so the province stays as generated.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from benchmarks.common import Context, Figure
from unionreport.welfare.models import Disbursement

COLUMNS = ["unit_id", "date", "occasion", "form", "person_times", "amount_vnd", "source", "description", "batch_id"]
COPY_SAMPLE = 100_000
BULK_SAMPLE = 20_000


class _Rollback(Exception):
    pass


def _sample(count: int) -> list[tuple]:
    return list(Disbursement.objects.order_by("id").values_list(*COLUMNS)[:count])


def _timed_in_rollback(fn) -> float:
    start = time.perf_counter()
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - start


def _copy(rows: list[tuple]) -> None:
    names = ", ".join(COLUMNS)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {Disbursement._meta.db_table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_create(rows: list[tuple]) -> None:
    Disbursement.objects.bulk_create([Disbursement(**dict(zip(COLUMNS, row, strict=True))) for row in rows],
                                     batch_size=2000)


def run(ctx: Context) -> list[Figure]:
    generation = ctx.extra["generation"]
    bulk_rows = _sample(BULK_SAMPLE)
    bulk_rate = len(bulk_rows) / _timed_in_rollback(lambda: _bulk_create(bulk_rows))
    figures = [Figure("load.generate_province", generation["rows_per_second"], "rows/s", round(bulk_rate),
                      goal="≥ 100.000 rows/s", at_least=100_000,
                      note=f"{generation['rows']:,} rows (generated and written) in {generation['seconds']} s; "
                           f"baseline: bulk_create of {len(bulk_rows):,} welfare rows")]
    if connection.vendor == "postgresql":
        copy_rows = _sample(COPY_SAMPLE)
        copy_rate = len(copy_rows) / _timed_in_rollback(lambda: _copy(copy_rows))
        figures.append(Figure("load.copy_welfare_sample", round(copy_rate), "rows/s", round(bulk_rate),
                              note=f"COPY of {len(copy_rows):,} existing welfare rows vs bulk_create (batch 2000), "
                                   "both with every index and foreign key in place"))
    figures.append(Figure("load.generate_peak_rss", generation["peak_rss_mb"], "MB", goal="< 1024 MB", at_most=1023,
                          note="peak resident memory of the benchmark process after generating"))
    return figures
