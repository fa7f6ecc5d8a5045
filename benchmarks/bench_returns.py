"""A return of 10.000 welfare rows imported end to end (validation + save), against django-import-export.

Goals (issue 17): ≥ 15.000 rows/s, ≥ 10 × django-import-export's best mode measured in the same run on the
same rows and the same PostgreSQL, ≤ 150 MB (tracemalloc peak of the import). django-import-export (the
bench-only dependency group of pyproject.toml, `make bench` installs it) imports the same 10.000 welfare
rows, read from the same workbook, through a `ModelResource` with its defaults and with `use_bulk` +
`skip_diff` (its best mode). Everything happens in transactions rolled back, on throwaway units.

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

ROWS = 10_000
YEAR = 2024
GOAL_RATE, GOAL_RATIO, GOAL_MB = 15_000, 10, 150


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
    welfare = wb.create_sheet(L.WELFARE.title)
    welfare.append([f.header for f in L.WELFARE.fields])
    for i in range(ROWS):
        welfare.append([i + 1, dt.date(YEAR, 1 + i % 12, 1 + i % 28), "Tết Nguyên đán", "Tặng quà", 1 + i % 5,
                        500_000 + i, "Tài chính công đoàn", f"Đợt {i}"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _resource_class(unit, *, best: bool):
    """A ModelResource for welfare rows as a Django team would write it: the sheet's headers, labels → choices."""
    from import_export import fields, resources, widgets

    from unionreport.lib.parsing import match_choice
    from unionreport.returns.excel import layout as L
    from unionreport.welfare.models import Disbursement, Form, Occasion, Source

    class ChoiceWidget(widgets.Widget):
        def __init__(self, choices):
            super().__init__()
            self.choices = choices

        def clean(self, value, row=None, **kwargs):
            return match_choice(value, self.choices)

    header = {f.name: f.header for f in L.WELFARE.fields}

    class WelfareResource(resources.ModelResource):
        date = fields.Field(attribute="date", column_name=header["date"], widget=widgets.DateWidget())
        occasion = fields.Field(attribute="occasion", column_name=header["occasion"],
                                widget=ChoiceWidget(Occasion.choices))
        form = fields.Field(attribute="form", column_name=header["form"], widget=ChoiceWidget(Form.choices))
        person_times = fields.Field(attribute="person_times", column_name=header["person_times"],
                                    widget=widgets.IntegerWidget())
        amount_vnd = fields.Field(attribute="amount_vnd", column_name=header["amount_vnd"],
                                  widget=widgets.IntegerWidget())
        source = fields.Field(attribute="source", column_name=header["source"], widget=ChoiceWidget(Source.choices))
        description = fields.Field(attribute="description", column_name=header["description"])

        class Meta:
            model = Disbursement
            fields = ("date", "occasion", "form", "person_times", "amount_vnd", "source", "description")
            import_id_fields = []  # every row is new (a return adds rows)
            clean_model_instances = True  # validation, as ours validates: full_clean() per row
            use_bulk = best
            skip_diff = best
            batch_size = 1000

        def init_instance(self, row=None):
            return Disbursement(unit=unit)

    return WelfareResource


def _dataset(data: bytes):
    """The welfare sheet of the workbook as a tablib Dataset (reading the file is part of the import)."""
    import tablib
    from openpyxl import load_workbook

    from unionreport.returns.excel import layout as L

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book[L.WELFARE.title].iter_rows(values_only=True)
    headers = [str(h) for h in next(rows)]
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    book.close()
    return dataset


def _import_export(data: bytes, unit, *, best: bool) -> float:
    start = time.perf_counter()
    result = _resource_class(unit, best=best)().import_data(_dataset(data), dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors() and result.totals["new"] == ROWS, result.totals
    return elapsed


def _unit(prefix: str, stamp: str):
    from unionreport.units.models import Unit
    from unionreport.units.services import NewUnit, unit_create

    return unit_create(actor=None, data=NewUnit(code=f"{prefix}-{stamp}", name=f"CĐCS đo hiệu năng {prefix}",
                                                level=Unit.Level.GRASSROOTS, kind=Unit.Kind.ENTERPRISE),
                       parent=None, valid_from=dt.date(2020, 1, 1))


def run(ctx: Context | None = None) -> list[Figure]:
    from django.conf import settings
    from django.db import transaction

    from unionreport.returns.services import return_import_file

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-returns-")
    measured: dict[str, float] = {}
    try:
        with transaction.atomic():
            stamp = str(int(time.time() * 1000))[-8:]
            unit = _unit("BENCH", stamp)
            data = _workbook(unit.code, unit.name)
            stream = io.BytesIO(data)
            stream.name = "bench.xlsx"
            savepoint = transaction.savepoint()
            tracemalloc.start()  # memory on a first run (tracemalloc slows Python down), time on the next ones
            return_import_file(actor=None, path_or_file=stream)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            transaction.savepoint_rollback(savepoint)
            timings = []
            for _ in range(2):
                savepoint = transaction.savepoint()
                stream.seek(0)
                start = time.perf_counter()
                result = return_import_file(actor=None, path_or_file=stream)
                timings.append(time.perf_counter() - start)
                assert result.imported, result.lines()[:5]
                transaction.savepoint_rollback(savepoint)
            measured["ours"] = min(timings)
            measured["peak"] = peak
            for mode, best in (("ie_default", False), ("ie_best", True)):
                savepoint = transaction.savepoint()
                measured[mode] = _import_export(data, _unit(mode.upper()[:6], stamp), best=best)
                transaction.savepoint_rollback(savepoint)
            raise _Rollback
    except _Rollback:
        pass
    rate = ROWS / measured["ours"]
    best_rate, default_rate = ROWS / measured["ie_best"], ROWS / measured["ie_default"]
    return [
        Figure("returns.import_rate", round(rate), "rows/s", round(best_rate), f"≥ {GOAL_RATE:,} rows/s",
               at_least=GOAL_RATE, note=f"{ROWS:,} welfare rows, validation + save, {measured['ours']:.2f} s; "
                                        "baseline: django-import-export, use_bulk + skip_diff"),
        Figure("returns.import_vs_import_export", round(rate / best_rate, 1), "×", None,
               f"≥ {GOAL_RATIO} × django-import-export's best mode", at_least=GOAL_RATIO,
               note=f"ours {rate:,.0f} rows/s; django-import-export best mode {best_rate:,.0f} rows/s, "
                    f"defaults {default_rate:,.0f} rows/s (same rows, same PostgreSQL, same run)"),
        Figure("returns.import_export_default_rate", round(default_rate), "rows/s", round(best_rate),
               note="django-import-export with its defaults; baseline: its best mode"),
        Figure("returns.import_peak_python_memory", round(measured["peak"] / 1024 / 1024, 1), "MB",
               goal=f"≤ {GOAL_MB} MB", at_most=GOAL_MB, note="tracemalloc peak of our import"),
        Figure("returns.process_peak_rss", round(peak_rss_mb(), 1), "MB", note="the benchmark process so far"),
    ]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
    import django

    django.setup()
    for figure in run(None):
        print(f"{figure.name:38} {figure.value:10} {figure.unit:7} baseline {figure.baseline} {figure.goal} "
              f"{figure.missed or ''} {figure.note}")
