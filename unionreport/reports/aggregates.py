"""Aggregate history: the figures of old reports of units that never used the application (reorganisation spec).

One workbook; one sheet per year named by the year, or a `Năm` column; a `Mã đơn vị` column; one column per
figure key (`doan_vien.cuoi_nam`, `cham_lo.tien`…, or the key's Vietnamese label). Rules: the unit exists;
values are whole numbers ≥ 0; keys left empty are "not reported" (nothing stored); unknown keys, and keys the
application derives from the structure or its own lists, are errors; a unit-year has either rows or
aggregates, never both (refused with the unit and year named, both ways: the lock hook refuses rows for a
unit-year with aggregates); an aggregate never doubles one of the unit's ancestors or descendants that year.

All or nothing: every error at once, with its sheet and cell; the file is kept with who imported it, and is
the figures' provenance. `aggregate_preview` checks a file and keeps it unconfirmed; `aggregate_confirm`
imports a kept file; `aggregate_import` does both (the command).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.files import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from openpyxl.utils import get_column_letter

from unionreport.accounts.access import require_staff
from unionreport.houses.models import House
from unionreport.lib.formatting import format_date
from unionreport.lib.parsing import ParseError, normalise, parse_int
from unionreport.lib.years import in_range, year_end
from unionreport.members.models import Activity, Workforce
from unionreport.movements.models import MovementResult
from unionreport.reports.measures import FIGURE_KEYS, HIDDEN, MEASURE_BY_KEY
from unionreport.reports.models import AggregateFigure, AggregateImport
from unionreport.returns.excel.checks import FileRefused, check_upload
from unionreport.returns.excel.reader import BoundedWorkbook, TooManyRows, is_empty
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import ancestors, valid_on_q
from unionreport.welfare.models import Disbursement

CODE, YEAR = normalise("Mã đơn vị"), normalise("Năm")
MAX_ROWS, MAX_COLUMNS = 20_000, 120
# Keys the application computes from the structure, its own lists or other figures: never imported.
DERIVED = ("cdcs.", "van_ban.", "chi_tieu.", "phong_trao.", "doan_vien.chuyen", "lao_dong.thu_nhap_bq")


def importable_keys() -> dict[str, str]:
    """normalised header (the key, or its label) → figure key."""
    keys = {}
    for key, info in FIGURE_KEYS.items():
        if key not in MEASURE_BY_KEY or not MEASURE_BY_KEY[key].table or key in HIDDEN or key.startswith(DERIVED):
            continue
        keys[normalise(key)] = key
        keys[normalise(info.label)] = key
    return keys


@dataclass
class AggregateRow:
    unit: Unit
    year: int
    values: dict[str, int]
    where: str  # "Sheet!row" for messages


@dataclass
class AggregateResult:
    name: str
    ok: bool = False
    errors: list[str] = field(default_factory=list)
    rows: list[AggregateRow] = field(default_factory=list)
    stored: AggregateImport | None = None

    @property
    def figures(self) -> int:
        return sum(len(r.values) for r in self.rows)

    def by_year(self) -> dict[int, int]:
        years: dict[int, int] = defaultdict(int)
        for row in self.rows:
            years[row.year] += 1
        return dict(sorted(years.items()))


def _header(book: BoundedWorkbook, sheet: str) -> tuple[int, dict[int, str], list[str]] | None:
    known = importable_keys()
    for row, values in book.rows(sheet, max_col=MAX_COLUMNS, limit=10):
        keys = [normalise(v) for v in values]
        if CODE not in keys:
            continue
        columns: dict[int, str] = {}
        errors = []
        for index, key in enumerate(keys):
            if not key or key == CODE:
                continue
            if key == YEAR:
                columns[index] = "_year"
            elif key in known:
                columns[index] = known[key]
            else:
                errors.append(f"{sheet}!{get_column_letter(index + 1)}{row}: “{values[index]}” không phải số liệu "
                              "nhập được (dùng mã số liệu như doan_vien.cuoi_nam, cham_lo.tien; các số liệu về số "
                              "CĐCS, văn bản, chỉ tiêu do hệ thống tự tính).")
        columns[keys.index(CODE)] = "_code"
        return row, columns, errors
    return None


def _read(book: BoundedWorkbook) -> tuple[list[tuple[str, int, str, int | None, dict[str, int]]], list[str]]:
    """(sheet, row, code, year, values) per data row, and the errors."""
    out, errors = [], []
    for sheet in book.sheetnames:
        found = _header(book, sheet)
        if found is None:
            if not normalise(sheet).startswith(("huong dan", "danh muc")):
                errors.append(f"Trang “{sheet}”: không tìm thấy dòng tiêu đề có cột “Mã đơn vị” (trong 10 dòng đầu).")
            continue
        header, columns, header_errors = found
        errors += header_errors
        sheet_year = int(sheet.strip()) if sheet.strip().isdigit() else None
        if "_year" not in columns.values() and sheet_year is None:
            errors.append(f"Trang “{sheet}”: cần cột “Năm”, hoặc đặt tên trang tính là năm (ví dụ 2024).")
            continue
        for row, values in book.rows(sheet, max_col=max(columns) + 1, min_row=header + 1, limit=MAX_ROWS):
            code, year, figures = "", sheet_year, {}
            for index, key in columns.items():
                raw = values[index]
                where = f"{sheet}!{get_column_letter(index + 1)}{row}"
                if key == "_code":
                    code = str(raw or "").strip().upper()
                elif key == "_year":
                    try:
                        year = parse_int(raw) if not is_empty(raw) else sheet_year
                    except ParseError:
                        errors.append(f"{where}: “{raw}” không phải năm; nhập năm bằng 4 chữ số, ví dụ 2024.")
                elif not is_empty(raw):
                    try:
                        figures[key] = parse_int(raw)
                    except ParseError as error:
                        errors.append(f"{where} ({key}): “{raw}” không hợp lệ: cần {error.expected}.")
            if not code:
                if figures:
                    errors.append(f"{sheet}!{row}: thiếu mã đơn vị.")
                continue
            out.append((sheet, row, code, year, figures))
    return out, errors


def _has_rows(unit_ids: set[int], years: set[int]) -> set[tuple[int, int]]:
    """The (unit, year) pairs among these that have row-level data (entered rows or an imported return)."""
    found: set[tuple[int, int]] = set()
    dated = ((Disbursement, "date"), (House, "handover_date"))
    for model, field_name in dated:
        for unit_id, day in (model.objects.filter(unit_id__in=unit_ids, **{f"{field_name}__year__in": years})
                             .values_list("unit_id", field_name).distinct()):
            found.add((unit_id, day.year))
    for model in (Workforce, Activity, MovementResult):
        found |= set(model.objects.filter(unit_id__in=unit_ids, year__in=years).values_list("unit_id", "year"))
    return found


def _overlaps(rows: list[AggregateRow]) -> list[str]:
    """An aggregate of a unit whose ancestor or descendant that year has one too (in the file or stored)."""
    errors = []
    for row in rows:
        related = UnitPath.objects.filter(valid_on_q(year_end(row.year)) & (Q(unit=row.unit) | Q(ancestor=row.unit)))
        others = AggregateFigure.objects.filter(year=row.year).exclude(unit=row.unit).filter(
            Exists(related.filter(Q(ancestor=OuterRef("unit_id")) | Q(unit=OuterRef("unit_id")))))
        in_file = [r for r in rows if r is not row and r.year == row.year and r.unit.pk in set(
            related.values_list("unit_id", flat=True)) | set(related.values_list("ancestor_id", flat=True))]
        other = others.select_related("unit").first()
        if other is not None or in_file:
            name = other.unit.code if other is not None else in_file[0].unit.code
            errors.append(f"{row.where}: {row.unit.code} năm {row.year} trùng với số liệu tổng hợp của {name} (đơn vị "
                          "cấp trên hoặc cấp dưới cùng năm): mỗi đoàn viên, mỗi khoản chỉ được tính một lần.")
    return errors


def _validate(raw_rows, errors: list[str]) -> list[AggregateRow]:
    codes = {code for _, _, code, _, _ in raw_rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    rows: list[AggregateRow] = []
    seen: dict[tuple[str, int], str] = {}
    today = timezone.localdate()
    for sheet, row, code, year, values in raw_rows:
        where = f"{sheet}!{row}"
        unit = units.get(code)
        if unit is None:
            errors.append(f"{where}: không có đơn vị mã {code}; tạo đơn vị (với ngày thành lập) trước khi nhập.")
            continue
        if year is None or not in_range(year) or year >= today.year:
            errors.append(f"{where}: năm {year} không hợp lệ: số liệu tổng hợp là của các năm đã qua.")
            continue
        if unit.valid_from > year_end(year) or (unit.valid_to and unit.valid_to <= dt.date(year, 1, 1)):
            errors.append(f"{where}: {code} không hoạt động trong năm {year} (hoạt động từ "
                          f"{format_date(unit.valid_from)}).")
            continue
        if (code, year) in seen:
            errors.append(f"{where}: {code} năm {year} đã có ở {seen[(code, year)]}.")
            continue
        seen[(code, year)] = where
        rows.append(AggregateRow(unit, year, values, where))
    with_rows = _has_rows({r.unit.pk for r in rows}, {r.year for r in rows})
    for row in rows:
        if (row.unit.pk, row.year) in with_rows:
            errors.append(f"{row.where}: {row.unit.code} năm {row.year} đã có số liệu chi tiết trong hệ thống: một "
                          "đơn vị, một năm chỉ có số liệu chi tiết hoặc số liệu tổng hợp.")
    errors += _overlaps(rows)
    return rows


def aggregate_check(upload: BinaryIO, *, name: str = "") -> AggregateResult:
    """Read and check a history workbook; nothing is written."""
    result = AggregateResult(name=name)
    try:
        check_upload(upload, name=name)
        book = BoundedWorkbook(upload)
    except FileRefused as refused:
        result.errors.append(refused.message)
        return result
    try:
        raw_rows, result.errors = _read(book)
    except TooManyRows as error:
        result.errors.append(f"Trang “{error.sheet}” có quá nhiều dòng (hơn {error.limit:,}).".replace(",", "."))
        return result
    except FileRefused as refused:
        result.errors.append(refused.message)
        return result
    finally:
        book.close()
    rows = _validate(raw_rows, result.errors)
    if not rows and not result.errors:
        result.errors.append("Tệp không có dòng số liệu nào.")
    result.rows, result.ok = rows, not result.errors
    return result


def _source_name(rows: list[AggregateRow]) -> str:
    """“báo cáo năm 2023, 2024 của LĐLĐ tỉnh Hà Nam”: the years, and the top unit the first row's unit was under."""
    years = sorted({r.year for r in rows})
    first = rows[0]
    top = (ancestors(first.unit, year_end(first.year)) or [first.unit])[0]
    return f"báo cáo năm {', '.join(map(str, years))} của {top.name}"


@transaction.atomic
def aggregate_preview(*, actor, upload, name: str, source: str = "") -> AggregateResult:
    """Check the file; when it is clean, keep it (unconfirmed) for `aggregate_confirm`."""
    require_staff(actor)
    result = aggregate_check(upload, name=name)
    if result.ok:
        upload.seek(0)
        data = upload.read()
        stored = AggregateImport(original_name=name[:255], sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                 source=(source or _source_name(result.rows))[:255], uploaded_by=actor,
                                 row_count=len(result.rows))
        upload.seek(0)
        stored.file.save(name or "lich-su.xlsx", File(upload), save=False)
        stored.save()
        result.stored = stored
    return result


@transaction.atomic
def aggregate_confirm(*, actor, stored: AggregateImport) -> AggregateResult:
    """Import a kept file: checked again (the data may have changed since), all or nothing."""
    require_staff(actor)
    stored = AggregateImport.objects.select_for_update().get(pk=stored.pk)
    if stored.confirmed_at is not None:
        return AggregateResult(name=stored.original_name, errors=["Tệp này đã được nhập rồi."])
    with stored.file.open("rb") as handle:
        result = aggregate_check(handle, name=stored.original_name)
    if not result.ok:
        return result
    for row in result.rows:
        AggregateFigure.objects.filter(unit=row.unit, year=row.year, key__in=list(row.values)).delete()
    AggregateFigure.objects.bulk_create([AggregateFigure(unit=row.unit, year=row.year, key=key, value=value,
                                                         source=stored)
                                         for row in result.rows for key, value in row.values.items()])
    stored.confirmed_at = timezone.now()
    stored.save(update_fields=["confirmed_at"])
    result.stored = stored
    return result


def aggregate_import(*, actor, upload, name: str, source: str = "", dry_run: bool = False) -> AggregateResult:
    """Check and (unless dry_run or any error) import a history workbook in one go (the command)."""
    if dry_run:
        require_staff(actor)
        return aggregate_check(upload, name=name)
    with transaction.atomic():
        result = aggregate_preview(actor=actor, upload=upload, name=name, source=source)
        return aggregate_confirm(actor=actor, stored=result.stored) if result.ok else result


def aggregate_lock_reasons(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Unit-years with aggregate history refuse rows (the other half of "rows or aggregates, never both")."""
    pairs = {(int(u), int(y)) for u, y in pairs}
    if not pairs:
        return {}
    found = (AggregateFigure.objects.filter(unit_id__in={u for u, _ in pairs}, year__in={y for _, y in pairs})
             .values_list("unit_id", "year", "unit__code", "source__source").distinct())
    return {(u, y): (f"Năm {y} của {code} đã có số liệu tổng hợp ({source}): không nhập số liệu chi tiết cho năm "
                     "này. Cần sửa thì nhập lại tệp số liệu tổng hợp.")
            for u, y, code, source in found if (u, y) in pairs}


def aggregate_lock_reason(unit_id: int, year: int) -> str | None:
    return aggregate_lock_reasons({(unit_id, year)}).get((unit_id, year))
