"""Hostile workbooks at full size through `import_returns`' service path (`return_import_file`, issue 16).

Each file is the real template rebuilt by `tests.returns.hostile` (the tests' builders, at the probe's sizes):
the probe's 6,7 million `<c r="ABAB2"/>` cells in row 2 of “Đoàn viên”, 200.000 rows, 1.000 rows × 4.000 empty
cells, and each odd cell of the probe. Goal for each: refused (or read) in < 1 s and < 200 MB. Memory is the
process's peak resident memory during the import above what it held before (the kernel's high-water mark,
reset through /proc/self/clear_refs, so lxml's C memory counts too); the Python heap's peak (tracemalloc, on a
second run: it slows Python down) is a note. Baseline, in the same run: a legitimate 10.000-row return
(`bench_returns`' file) imported the same way. Everything happens in a transaction that is rolled back.

Alone: `python -m benchmarks.bench_hostile` (uses DATABASE_URL like the application; exits 1 on a missed goal).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from unittest import mock

from benchmarks.common import Context, Figure

YEAR = 2024
SECONDS, MEGABYTES = 1.0, 200.0
ODD = "Thông tin", "Đoàn viên"
READER_ONLY = ".reader"  # measured without the zip check's ratio refusal (see _measure)
READ = {"odd_utf16"}  # allowed by the format: read and imported like its UTF-8 original


class _Rollback(Exception):
    pass


def _figure(**fields) -> Figure:
    """A Figure with its checked goal (`at_most`, issue 17's common.Figure); a Figure without the field (before
    issue 17 is merged) keeps the printed goal and the standalone run checks it."""
    known = {f.name for f in dataclasses.fields(Figure)}
    return Figure(**{name: value for name, value in fields.items() if name in known})


def _memory_kb() -> dict[str, int]:
    status = Path("/proc/self/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith(("VmHWM", "VmRSS"))}


def _template(unit):
    """The unit's template with the labels and three members filled (the hostile builders edit row 2 on)."""
    from unionreport.returns.excel import layout as L
    from unionreport.returns.excel.template import build_return_workbook

    wb = build_return_workbook(unit=unit, year=YEAR, with_data=False)
    for row, value in enumerate([120, 80, 118, 115, 2, 8_500_000, 0, 0, 1, 0, 0], start=1):
        wb[L.WORKFORCE.title].cell(row=row, column=2, value=value)
    roster = wb[L.ROSTER.title]
    for r, member in enumerate([[1, "001234", "Nguyễn Thị Hoa", "Nữ", 1990, "05/03/2015"],
                                [2, "001235", "Trần Văn Bình", "Nam", 1985, "05/03/2016"],
                                [3, "001236", "Lê Văn Cường", "Nam", 1979, "20/01/2010"]], start=2):
        for col, value in enumerate(member, start=1):
            roster.cell(row=r, column=col, value=value)
    return wb


def _odd_files(wb) -> dict[str, bytes]:
    from tests.returns.hostile import rewrite, set_cell, sheet_path

    info, roster = (sheet_path(wb, title) for title in ODD)
    bomb = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    edits = {
        "odd_shared_string": (info, lambda x: set_cell(x, "B1", '<c r="B1" t="s"><v>99</v></c>')),
        "odd_year_1e400": (info, lambda x: set_cell(x, "B3", '<c r="B3"><v>1e400</v></c>')),
        "odd_birth_year_1e400": (roster, lambda x: set_cell(x, "E2", '<c r="E2"><v>1e400</v></c>')),
        "odd_nan": (roster, lambda x: set_cell(x, "E2", '<c r="E2"><v>NaN</v></c>')),
        "odd_reference_1B": (roster, lambda x: set_cell(x, "C2", '<c r="1B" t="inlineStr"><is><t>x</t></is></c>')),
        "odd_style_999": (roster, lambda x: set_cell(x, "E2", '<c r="E2" s="999"><v>1990</v></c>')),
        "odd_type_zz": (roster, lambda x: set_cell(x, "E2", '<c r="E2" t="zz"><v>1990</v></c>')),
        "odd_utf16": (roster, lambda x: ('<?xml version="1.0" encoding="UTF-16"?>' + x.split("?>", 1)[-1])
                      .encode("utf-16")),
        "odd_xml_1_1": (roster, lambda x: '<?xml version="1.1" encoding="UTF-8"?>' + x.split("?>", 1)[-1]),
        "odd_control_character": (roster, lambda x: set_cell(
            x, "C3", '<c r="C3" t="inlineStr"><is><t>Trần&#1;Bình</t></is></c>')),
        "odd_truncated": (roster, lambda x: x[: x.index('<c r="D3"') + 12]),
        "odd_doctype": (info, lambda x: x.replace("<worksheet", bomb + "<worksheet", 1)),
        "odd_rows_out_of_order": (roster, lambda x: x.replace('<row r="3"', '<row r="2"', 1)),
    }
    return {name: rewrite(wb, {path: edit}) for name, (path, edit) in edits.items()}


def _cases(unit) -> dict[str, bytes]:
    from tests.returns.hostile import hostile_workbook

    wb = _template(unit)
    wide, cells = hostile_workbook(wb, "wide_row", 6_700_000), hostile_workbook(wb, "many_cells", 1_000)
    return {"wide_row_6_7m_cells": wide, "wide_row_6_7m_cells" + READER_ONLY: wide,
            "wide_row_in_range_6_7m_cells" + READER_ONLY: hostile_workbook(wb, "wide_row_in_range", 6_700_000),
            "many_rows_200k": hostile_workbook(wb, "many_rows", 200_000),
            "many_cells_1000x4000": cells, "many_cells_1000x4000" + READER_ONLY: cells,
            **_odd_files(wb)}


def _measure(path: Path, *, reader_only: bool = False) -> tuple[float, float, float, object]:
    """(seconds, peak resident MB above the start, Python heap peak MB, result) of importing the file.

    `reader_only`: without the zip check's compression-ratio refusal. Repeated empty cells compress 1000×, so the
    zip check refuses the rebuilt files first; the probe's own file compressed 14,8× and reached the reader, which
    is what these figures measure."""
    from django.db import transaction

    from unionreport.returns.excel import checks
    from unionreport.returns.services import return_import_file

    def once():
        savepoint = transaction.savepoint()
        try:
            with mock.patch.object(checks, "MAX_RATIO", 10**9 if reader_only else checks.MAX_RATIO):
                return return_import_file(actor=None, path_or_file=path)
        finally:
            transaction.savepoint_rollback(savepoint)

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again from the current size
    before = _memory_kb()["VmRSS"]
    start = time.perf_counter()
    result = once()
    seconds = time.perf_counter() - start
    resident = (_memory_kb()["VmHWM"] - before) / 1024
    tracemalloc.start()
    once()
    heap = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return seconds, resident, heap, result


def run(ctx: Context | None = None) -> list[Figure]:
    from django.conf import settings
    from django.db import transaction

    from benchmarks.bench_returns import _workbook
    from unionreport.units.models import Unit
    from unionreport.units.services import NewUnit, unit_create

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-hostile-")
    folder = Path(tempfile.mkdtemp(prefix="bench-hostile-files-"))
    figures: list[Figure] = []
    try:
        with transaction.atomic():
            stamp = str(int(time.time() * 1000))[-8:]
            unit = unit_create(actor=None, data=NewUnit(code=f"HOSTILE-{stamp}", name="CĐCS tệp khó",
                                                        level=Unit.Level.GRASSROOTS, kind=Unit.Kind.ENTERPRISE),
                               parent=None, valid_from=dt.date(2020, 1, 1))
            legit = folder / "legit.xlsx"
            legit.write_bytes(_workbook(unit.code, unit.name))
            files = {"legit": legit}
            for name, data in _cases(unit).items():
                files[name] = folder / f"{name}.xlsx"
                files[name].write_bytes(data)
                del data
            base_s, base_mb, base_heap, result = _measure(legit)
            assert result.imported, result.lines()[:5]
            figures += [_figure(name="hostile.baseline_10k_rows", value=base_s, unit="s",
                                note=f"a legitimate 10.000-row return imported; +{base_mb:.0f} MB resident, "
                                     f"heap peak {base_heap:.0f} MB")]
            for name, path in files.items():
                if name == "legit":
                    continue
                seconds, resident, heap, result = _measure(path, reader_only=name.endswith(READER_ONLY))
                size = f"{path.stat().st_size / 1024 / 1024:.1f} MB file"
                outcome = "imported!" if result.imported else (result.refused or (result.errors[0].text()
                                                                                  if result.errors else "read"))
                time_figure = _figure(name=f"hostile.{name}", value=seconds, unit="s", baseline=base_s,
                                      goal=f"< {SECONDS:g} s", at_most=SECONDS, note=f"{size}; {outcome[:90]}")
                if result.imported and name not in READ:  # a hostile file that gets in is a missed goal
                    time_figure.note, time_figure.at_most = f"IMPORTED! {time_figure.note}", -1
                figures += [time_figure,
                            _figure(name=f"hostile.{name}.memory", value=resident, unit="MB", baseline=base_mb,
                                    goal=f"< {MEGABYTES:g} MB", at_most=MEGABYTES,
                                    note=f"peak resident above the start; Python heap peak {heap:.0f} MB")]
            raise _Rollback
    except _Rollback:
        pass
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return figures


def _missed(figure: Figure) -> bool:
    if figure.note.startswith("IMPORTED!"):
        return True
    limit = SECONDS if figure.unit == "s" else MEGABYTES
    return bool(figure.goal) and figure.value >= limit


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
    import django

    django.setup()
    measured = run(None)
    for figure in measured:
        base = f"{figure.baseline:.2f}" if figure.baseline is not None else "–"
        flag = "MISSED" if _missed(figure) else ""
        print(f"{figure.name:<40} {figure.value:9.2f} {figure.unit:<3} baseline {base:>7}  {figure.goal:<9} {flag:<6} "
              f"{figure.note}")
    sys.exit(1 if any(_missed(f) for f in measured) else 0)
