"""The whole workbook: find the sheets, read them, apply every rule; collect every error at once.

`parse_return` never writes. Domain rules come from each app's rules.py (the same the
browser forms use); this module only maps their messages onto cells.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils import timezone

from unionreport.accounts.access import can_change
from unionreport.houses.rules import house_errors
from unionreport.lib.parsing import normalise
from unionreport.members.models import Member
from unionreport.members.rules import activity_errors, member_errors, workforce_errors
from unionreport.movements.models import Movement
from unionreport.movements.rules import result_errors
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.cells import Issue
from unionreport.returns.excel.checks import check_upload
from unionreport.returns.excel.reader import BoundedWorkbook, SheetProblem
from unionreport.returns.excel.sheets import SheetReader, read_table
from unionreport.units.models import Unit
from unionreport.welfare.rules import disbursement_errors


@dataclass
class ParsedReturn:
    unit: Unit | None = None
    year: int | None = None
    info: dict = field(default_factory=dict)
    workforce: dict | None = None
    activities: dict | None = None
    members: list[dict] = field(default_factory=list)
    welfare: list[dict] = field(default_factory=list)
    houses: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # sheet title -> field -> column index
    label_rows: dict[str, dict[str, int]] = field(default_factory=dict)  # label sheet title -> field -> row
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def rows_read(self) -> dict[str, int]:
        return {L.ROSTER.title: len(self.members), L.WELFARE.title: len(self.welfare),
                L.HOUSES.title: len(self.houses), L.MOVEMENTS.title: len(self.results)}


def parse_return(stream: BinaryIO, *, name: str = "", actor=None, unit: Unit | None = None,
                 year: int | None = None) -> ParsedReturn:
    """Check, read and validate a return workbook. Raises checks.FileRefused for an unacceptable file."""
    check_upload(stream, name=name)
    book = BoundedWorkbook(stream)
    try:
        return _Validator(book, actor=actor, expect_unit=unit, expect_year=year).run()
    finally:
        book.close()


def _split_ref(ref: str) -> tuple[str, int | None]:
    """“B7” → ("B", 7); a malformed reference (“1B”) stays whole, as the file has it."""
    found = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    return (found.group(1), int(found.group(2))) if found else (ref, None)


class _Validator:
    def __init__(self, book: BoundedWorkbook, *, actor, expect_unit, expect_year):
        self.book, self.actor = book, actor
        self.expect_unit, self.expect_year = expect_unit, expect_year
        self.out = ParsedReturn()

    def reader(self, spec: L.Sheet, title: str) -> SheetReader:
        return SheetReader(self.book, title, spec, self.out.errors, self.out.warnings)

    def run(self) -> ParsedReturn:
        titles = self._titles()
        steps = [(L.INFO, self._info), (L.WORKFORCE, self._workforce), (L.ROSTER, self._roster),
                 (L.WELFARE, self._welfare), (L.HOUSES, self._houses), (L.MOVEMENTS, self._movements),
                 (L.ACTIVITIES, self._activities)]
        for spec, step in steps:
            title = titles.get(spec.key)
            if title is None:
                if spec.required:
                    self.out.errors.append(Issue(spec.title, None, "", "", "", f"thiếu trang tính “{spec.title}”",
                                                 "Dùng tệp mẫu tải về từ hệ thống, không đổi tên trang tính."))
                continue
            self.out.present.add(spec.title)
            try:
                step(self.reader(spec, title))
            except SheetProblem as problem:  # the sheet cannot be read on: say where, and read no further sheet
                column, row = _split_ref(problem.ref)
                self.out.errors.append(Issue(spec.title, row, column, "", "", problem.problem, problem.expected))
                break
        return self.out

    def _titles(self) -> dict[str, str]:
        known = {spec.key for spec in L.SHEETS}
        titles: dict[str, str] = {}
        for title in self.book.sheetnames:
            key = normalise(title)
            if key in known and key not in titles:
                titles[key] = title
            elif key not in L.IGNORED_SHEETS:
                self.out.warnings.append(Issue(title, None, "", "", "", "không phải trang tính của mẫu, được bỏ qua"))
        return titles

    # --- Thông tin -------------------------------------------------------------------------------------------
    def _info(self, reader: SheetReader) -> None:
        info = reader.labels()
        rows = info.pop("_rows")
        self.out.info = info
        code, year = info.get("unit_code"), info.get("year")
        if code:
            self.out.unit = self._unit(reader, rows["unit_code"], code, info.get("unit_name"), rows.get("unit_name"))
        if year is not None:
            row = rows["year"]
            if year > timezone.localdate().year:
                reader.error(row, 2, "Năm báo cáo", year, "là năm trong tương lai", "Nhập năm đã hoặc đang báo cáo.",
                             kind=L.YEAR)
            elif year < 2000:
                reader.error(row, 2, "Năm báo cáo", year, "không hợp lệ", "Nhập năm bằng 4 chữ số, ví dụ 2024.",
                             kind=L.YEAR)
            elif self.expect_year and year != self.expect_year:
                reader.error(row, 2, "Năm báo cáo", year, f"khác năm đang tải lên ({self.expect_year})",
                             "Tải tệp lên đúng năm báo cáo, hoặc sửa năm trong tệp.", kind=L.YEAR)
            else:
                self.out.year = year

    def _unit(self, reader, row, code, name, name_row) -> Unit | None:
        unit = Unit.objects.filter(code=code).first() or Unit.objects.filter(code__iexact=code).first()
        if unit is None or (self.actor is not None and not can_change(self.actor, unit)):
            reader.error(row, 2, "Mã đơn vị", code,
                         "không có trong hệ thống hoặc bạn không được báo cáo cho đơn vị này",
                         "Nhập đúng mã đơn vị như trong tệp mẫu tải về.")
            return None
        if not unit.is_grassroots:
            reader.error(row, 2, "Mã đơn vị", code, "không phải mã của một công đoàn cơ sở",
                         "Báo cáo năm do từng CĐCS lập; nhập mã của CĐCS.")
            return None
        if self.expect_unit is not None and unit.pk != self.expect_unit.pk:
            reader.error(row, 2, "Mã đơn vị", code, f"khác đơn vị đang tải lên ({self.expect_unit.code})",
                         "Tải tệp lên đúng trang của đơn vị, hoặc dùng tệp mẫu của đơn vị này.")
            return None
        if name and normalise(name) != normalise(unit.name):
            reader.warn(name_row, 2, "Tên đơn vị", name, f"khác tên trong hệ thống (“{unit.name}”)",
                        "Số liệu vẫn được nhận theo mã đơn vị.")
        return unit

    # --- label sheets with rules --------------------------------------------------------------------------------
    def _labelled_rules(self, reader: SheetReader, spec: L.Sheet, values: dict, rows: dict, errors: dict) -> None:
        by_name = {f.name: f for f in spec.fields}
        for name, message in errors.items():
            reader.error(rows.get(name), 2, by_name[name].header, values.get(name), "không hợp lệ", message,
                         kind=by_name[name].kind)

    def _workforce(self, reader: SheetReader) -> None:
        values = reader.labels()
        rows = values.pop("_rows")
        self.out.label_rows[L.WORKFORCE.title] = rows
        if all(values.get(f.name) is not None for f in L.WORKFORCE.fields):
            self._labelled_rules(reader, L.WORKFORCE, values, rows, workforce_errors(**values))
        self.out.workforce = values

    def _activities(self, reader: SheetReader) -> None:
        values = reader.labels()
        rows = values.pop("_rows")
        for f in L.ACTIVITIES.fields:
            if values.get(f.name) is None:
                values[f.name] = False if f.kind == L.YESNO else 0
        self._labelled_rules(reader, L.ACTIVITIES, values, rows, activity_errors(**values))
        self.out.activities = values

    # --- table sheets -----------------------------------------------------------------------------------------
    def _rules(self, reader: SheetReader, spec: L.Sheet, columns: dict, record: dict, errors: dict) -> None:
        by_name = {f.name: f for f in spec.fields}
        for name, message in errors.items():
            value = record["_raw"].get(name, record.get(name))
            reader.error(record["_row"], columns.get(name), by_name[name].header, value, "không hợp lệ", message,
                         kind=by_name[name].kind)

    def _roster(self, reader: SheetReader) -> None:
        records, columns = read_table(reader)
        seen: dict[str, int] = {}
        year = self.out.year
        for record in records:
            card = record.get("card_number")
            if card:
                if card in seen:
                    reader.error(record["_row"], columns["card_number"], "Số thẻ đoàn viên", card,
                                 f"bị trùng với dòng {seen[card]}", "Mỗi đoàn viên chỉ ghi một dòng.")
                else:
                    seen[card] = record["_row"]
            if year:
                self._rules(reader, L.ROSTER, columns, record, member_errors(
                    birth_year=record.get("birth_year"), joined_on=record.get("joined_on"),
                    left_on=record.get("left_on"), year=year))
        self.out.members, self.out.columns[L.ROSTER.title] = records, columns

    def _welfare(self, reader: SheetReader) -> None:
        records, columns = read_table(reader)
        for record in records:
            self._rules(reader, L.WELFARE, columns, record, disbursement_errors(
                date=record.get("date"), person_times=record.get("person_times"),
                amount_vnd=record.get("amount_vnd"), year=self.out.year))
        self.out.welfare, self.out.columns[L.WELFARE.title] = records, columns

    def _houses(self, reader: SheetReader) -> None:
        records, columns = read_table(reader)
        cards = {r["card_number"] for r in records if r.get("card_number")}
        known = {m["card_number"] for m in self.out.members if m.get("card_number")}
        if self.out.unit is not None and cards - known:
            known |= set(Member.objects.filter(unit=self.out.unit, card_number__in=cards - known)
                         .values_list("card_number", flat=True))
        for record in records:
            card = record.get("card_number")
            if card and card not in known and L.ROSTER.title in self.out.present:
                reader.error(record["_row"], columns["card_number"], "Số thẻ đoàn viên", card,
                             "không có trong danh sách đoàn viên của đơn vị",
                             "Ghi đúng số thẻ như ở trang “Đoàn viên”, hoặc để trống.")
            self._rules(reader, L.HOUSES, columns, record, house_errors(
                total_support_vnd=record.get("total_support_vnd"), union_fund_vnd=record.get("union_fund_vnd"),
                handover_date=record.get("handover_date"), year=self.out.year))
        self.out.houses, self.out.columns[L.HOUSES.title] = records, columns

    def _movements(self, reader: SheetReader) -> None:
        year = self.out.year or self.expect_year or timezone.localdate().year
        movements = list(Movement.objects.filter(year=year, active=True).prefetch_related("indicators"))
        spec = dataclasses.replace(L.MOVEMENTS, fields=tuple(
            dataclasses.replace(f, choices=tuple((str(m.pk), m.name) for m in movements)) if f.name == "movement"
            else dataclasses.replace(f, kind=L.TEXT) if f.name == "indicator" else f
            for f in L.MOVEMENTS.fields))
        reader.spec = spec
        if not movements:  # nothing to choose from: say so once per row instead of “Chọn một trong: .”
            spec = dataclasses.replace(spec, fields=tuple(dataclasses.replace(f, kind=L.TEXT) if f.name == "movement"
                                                          else f for f in spec.fields))
            reader.spec = spec
        records, columns = read_table(reader, spec)
        by_id = {str(m.pk): m for m in movements}
        for record in records:
            if not movements and record.get("movement"):
                reader.error(record["_row"], columns["movement"], "Phong trào", record["movement"],
                             "không có trong danh sách", f"Năm {year} chưa có phong trào thi đua nào; "
                             "liên hệ LĐLĐ tỉnh.")
            movement = by_id.get(record.get("movement") or "")
            indicator = None
            if movement is not None and record.get("indicator"):
                indicator = next((i for i in movement.indicators.all()
                                  if normalise(i.name) == normalise(record["indicator"])), None)
                if indicator is None:
                    names = "; ".join(i.name for i in movement.indicators.all())
                    reader.error(record["_row"], columns["indicator"], "Chỉ tiêu", record["indicator"],
                                 "không phải chỉ tiêu của phong trào này", f"Chọn một trong: {names}.")
            record["indicator_obj"] = indicator
            self._rules(reader, spec, columns, record, result_errors(indicator=indicator, value=record.get("value")))
        self.out.results = records
