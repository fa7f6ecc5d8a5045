"""A 10,000-row return (5,000 members + 5,000 welfare rows) imported end to end: validation + save.

Goal: ≤ 5 s and ≥ 3,000 rows/s. Baseline, measured in the same run on the same file: openpyxl
cell by cell (normal mode), `full_clean()` and `save()` per row. The baseline runs on the first
BASELINE_ROWS rows of each sheet (it is ~30× slower) and is compared as a rate (rows/s).
Everything happens inside a transaction that is rolled back, on a throwaway unit.

Alone: `python -m benchmarks.bench_returns` (uses DATABASE_URL like the application).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import time
import tracemalloc

from benchmarks.common import Context, Figure, peak_rss_mb

ROWS_PER_SHEET = 5_000
BASELINE_ROWS = 1_000
YEAR = 2024


class _Rollback(Exception):
    pass


def _workbook(code: str, name: str) -> bytes:
    from openpyxl import Workbook

    from unionreport.returns.excel import layout as L

    wb = Workbook(write_only=True)
    info = wb.create_sheet(L.INFO.title)
    for row in (["Mã đơn vị", code], ["Tên đơn vị", name], ["Năm báo cáo", YEAR]):
        info.append(row)
    workforce = wb.create_sheet(L.WORKFORCE.title)
    for field, value in zip(L.WORKFORCE.fields, [9000, 5000, 8900, 8800, 10, 9_000_000, 0, 0, 2, 0, 0], strict=True):
        workforce.append([field.header, value])
    roster = wb.create_sheet(L.ROSTER.title)
    roster.append([f.header for f in L.ROSTER.fields])
    for i in range(ROWS_PER_SHEET):
        roster.append([i + 1, f"{i:08d}", f"Đoàn viên số {i}", "Nữ" if i % 2 else "Nam", 1970 + i % 30,
                       dt.date(2010 + i % 10, 1 + i % 12, 1 + i % 28), None])
    welfare = wb.create_sheet(L.WELFARE.title)
    welfare.append([f.header for f in L.WELFARE.fields])
    for i in range(ROWS_PER_SHEET):
        welfare.append([i + 1, dt.date(YEAR, 1 + i % 12, 1 + i % 28), "Tết Nguyên đán", "Tặng quà", 1 + i % 5,
                        500_000 + i, "Tài chính công đoàn", f"Đợt {i}"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _baseline(data: bytes, unit) -> tuple[float, int]:
    """The naive way: load everything, read cell by cell, full_clean() + save() per row."""
    from openpyxl import load_workbook

    from unionreport.lib.parsing import match_choice, parse_date
    from unionreport.members.models import Member
    from unionreport.welfare.models import Disbursement, Form, Occasion, Source

    start = time.perf_counter()
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Đoàn viên"]
    rows = 0
    for r in range(2, BASELINE_ROWS + 2):
        member = Member(unit=unit, card_number=f"B{ws.cell(r, 2).value}", full_name=ws.cell(r, 3).value,
                        sex=match_choice(ws.cell(r, 4).value, Member.Sex.choices), birth_year=ws.cell(r, 5).value,
                        joined_on=parse_date(ws.cell(r, 6).value))
        member.full_clean()
        member.save()
        rows += 1
    ws = wb["Chăm lo"]
    for r in range(2, BASELINE_ROWS + 2):
        row = Disbursement(unit=unit, date=parse_date(ws.cell(r, 2).value),
                           occasion=match_choice(ws.cell(r, 3).value, Occasion.choices),
                           form=match_choice(ws.cell(r, 4).value, Form.choices), person_times=ws.cell(r, 5).value,
                           amount_vnd=ws.cell(r, 6).value, source=match_choice(ws.cell(r, 7).value, Source.choices),
                           description=ws.cell(r, 8).value)
        row.full_clean()
        row.save()
        rows += 1
    return time.perf_counter() - start, rows


def run(ctx: Context | None = None) -> list[Figure]:
    from django.conf import settings
    from django.db import transaction

    from unionreport.returns.services import return_import_file
    from unionreport.units.models import Unit
    from unionreport.units.services import NewUnit, unit_create

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-returns-")
    figures: list[Figure] = []
    try:
        with transaction.atomic():
            stamp = str(int(time.time() * 1000))[-8:]
            unit = unit_create(actor=None, data=NewUnit(code=f"BENCH-{stamp}", name="CĐCS đo hiệu năng",
                                                        level=Unit.Level.GRASSROOTS, kind=Unit.Kind.ENTERPRISE),
                               parent=None, valid_from=dt.date(2020, 1, 1))
            baseline_unit = unit_create(actor=None, data=NewUnit(code=f"BASE-{stamp}", name="CĐCS cách làm cũ",
                                                                 level=Unit.Level.GRASSROOTS,
                                                                 kind=Unit.Kind.ENTERPRISE),
                                        parent=None, valid_from=dt.date(2020, 1, 1))
            data = _workbook(unit.code, unit.name)
            stream = io.BytesIO(data)
            stream.name = "bench.xlsx"
            savepoint = transaction.savepoint()
            tracemalloc.start()  # memory on a first run (tracemalloc slows Python down), time on a second
            return_import_file(actor=None, path_or_file=stream)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            transaction.savepoint_rollback(savepoint)
            start = time.perf_counter()
            result = return_import_file(actor=None, path_or_file=stream)
            elapsed = time.perf_counter() - start
            assert result.imported, result.lines()[:5]
            rows = 2 * ROWS_PER_SHEET
            base_time, base_rows = _baseline(data, baseline_unit)
            rate, base_rate = rows / elapsed, base_rows / base_time
            figures = [
                Figure("returns.import_10k_rows", elapsed, "s", baseline=base_time * rows / base_rows,
                       goal="≤ 5 s", note=f"baseline extrapolated from {base_rows} rows"),
                Figure("returns.import_rate", rate, "rows/s", baseline=base_rate, goal="≥ 3000 rows/s"),
                Figure("returns.import_peak_python_memory", peak / 1024 / 1024, "MB", note="tracemalloc peak"),
                Figure("returns.process_peak_rss", peak_rss_mb(), "MB"),
            ]
            raise _Rollback
    except _Rollback:
        pass
    return figures


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
    import django

    django.setup()
    for figure in run(None):
        ratio = f"{figure.ratio:.2f}×" if figure.ratio else ""
        base = f"{figure.baseline:.1f}" if figure.baseline is not None else ""
        print(f"{figure.name:38} {figure.value:10.2f} {figure.unit:7} baseline {base:>10} {ratio:>8} {figure.goal}")
