"""List exports: 100.000 rows of the members list as XLSX, against the CSV of the same rows (issue 16).

The rows go through the list's own path (`MemberTable`, `lib.exports.table_export_response`) and the whole
response is read, as a browser would. Goals: the XLSX of 100.000 rows ≤ 10 s; time linear in the rows (the
in-memory workbook read `max_row` for every row: 8.000 rows took 23 s); memory bounded whatever the rows.
Baselines, measured in the same run on the same rows: the CSV (what reading and formatting the rows costs);
the XLSX of a quarter of the rows (ratio ≈ 4 for linear time); the peak allocation of that quarter (ratio ≈ 1
for bounded memory). Nothing is asserted; everything is printed.
"""

from __future__ import annotations

import time
import tracemalloc

from benchmarks.common import Context, Figure
from unionreport.lib.exports import table_export_response
from unionreport.members.models import Member
from unionreport.members.tables import MemberTable

ROWS = 100_000


def _export(rows: int, fmt: str) -> int:
    """Export the first `rows` members as the list does; the number of bytes sent."""
    table = MemberTable(Member.objects.select_related("unit").order_by("pk")[:rows])
    response = table_export_response(table, filename="bench", fmt=fmt)
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size


def _seconds(rows: int, fmt: str) -> tuple[float, int]:
    started = time.perf_counter()
    size = _export(rows, fmt)
    return time.perf_counter() - started, size


def _peak_mb(rows: int, fmt: str) -> float:
    tracemalloc.start()
    try:
        _export(rows, fmt)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def run(ctx: Context) -> list[Figure]:
    rows = min(ROWS, Member.objects.count())
    quarter = rows // 4
    _export(1000, "xlsx")  # imports, styles, the first query: not part of the figures
    xlsx, xlsx_bytes = _seconds(rows, "xlsx")
    csv, csv_bytes = _seconds(rows, "csv")
    xlsx_quarter, _ = _seconds(quarter, "xlsx")
    peak, peak_quarter = _peak_mb(rows, "xlsx"), _peak_mb(quarter, "xlsx")
    note = f"{rows:,} members"
    return [
        Figure("export_xlsx_100k_rows", xlsx, "s", baseline=csv, goal="≤ 10 s",
               note=f"{note}, {xlsx_bytes / 1e6:.1f} MB; baseline: the CSV of the same rows"),
        Figure("export_csv_100k_rows", csv, "s", note=f"{note}, {csv_bytes / 1e6:.1f} MB"),
        Figure("export_xlsx_growth", xlsx, "s", baseline=xlsx_quarter, goal="ratio ≈ 4 (linear)",
               note=f"baseline: the XLSX of {quarter:,} rows"),
        Figure("export_xlsx_peak_alloc", peak, "MB", baseline=peak_quarter, goal="ratio ≈ 1 (bounded)",
               note=f"tracemalloc peak; baseline: the XLSX of {quarter:,} rows"),
    ]
