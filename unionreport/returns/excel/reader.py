"""Bounded reading of a checked workbook: cells streamed one by one, cached values only.

Work and memory follow the data the caller asks for, whatever the file declares: a sheet's
dimension is never trusted; columns beyond `max_col` (the header's width) are counted, never
turned into values; a row is dropped as soon as it has been read; reading stops after
`EMPTY_RUN` empty rows in a row and at the end of <sheetData>. A sheet is refused the moment it
passes a limit: more than `max_rows()` rows (counted first on the raw bytes, at C speed, like its cells
and tags: `MAX_SHEET_CELLS`, `MAX_SHEET_TAGS`), more than `MAX_ROW_CELLS` cells in one row, more
than `MAX_ELEMENTS` XML elements in all the sheets read, rows out of order (`SheetProblem`, with the cell where it
happened). A cell that cannot be read (a shared string that does not exist, a number such as
1e400 or NaN, a style that does not exist, a date that is not one) reads as a `BadCell` naming
the problem, so that the parser reports it at its cell like any other wrong value.

A formula cell without a cached value (a file written by a program and never opened in Excel)
reads as `NO_CACHED_VALUE` so that the parser can say so.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from unionreport.lib.formatting import format_int
from unionreport.returns.excel.checks import SAVE_AS, FileRefused
from unionreport.returns.excel.xmlparts import (
    MAIN,
    MAX_TEXT,
    PartCount,
    Relationships,
    SharedStrings,
    StopReading,
    Styles,
    Target,
    WorkbookPart,
    XmlProblem,
    read_part,
    stream_part,
)

EMPTY_RUN = 200
DEFAULT_MAX_ROWS = 60_000
MAX_ROW_CELLS = 5_000            # the widest real sheet has a few dozen; Excel itself stops at 16.384
MAX_ELEMENTS = 3_000_000         # of all sheets together; a 60.000-row roster with its values has ~1.000.000
MAX_SHEET_CELLS = 1_000_000      # counted before parsing: 60.000 rows × 16 columns
MAX_SHEET_TAGS = 4_000_000       # counted before parsing: a 60.000-row roster written with inline strings: 2.600.000
EXCEL_ROWS = 1_048_576
WORKBOOK = "xl/workbook.xml"
RESAVE = f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại."


def max_rows() -> int:
    return getattr(settings, "RETURN_MAX_ROWS", DEFAULT_MAX_ROWS)


class _NoCachedValue:
    def __repr__(self) -> str:
        return "<công thức chưa có giá trị>"

    def __bool__(self) -> bool:
        return True


NO_CACHED_VALUE = _NoCachedValue()


class BadCell:
    """A cell whose content cannot be read; `problem` says why (Vietnamese); `raw`, when the value itself is
    wrong (1e400, not a number), is what the file holds, and is empty when the cell points at what the file
    does not have (a shared string, a style)."""

    __slots__ = ("problem", "raw")

    def __init__(self, problem: str, raw: str = ""):
        self.problem, self.raw = problem, raw[:60]

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"<BadCell {self.problem}>"


class SheetProblem(FileRefused):
    """The sheet cannot be read past `ref` (a cell, or "" for the whole sheet); a FileRefused for other callers."""

    def __init__(self, sheet: str, ref: str, problem: str, expected: str = RESAVE):
        where = f"{sheet}!{ref}" if ref else f"Trang tính “{sheet}”"
        super().__init__(f"{where}: {problem[:1].upper() + problem[1:]}. {expected}")
        self.sheet, self.ref, self.problem, self.expected = sheet, ref, problem, expected


class TooManyRows(SheetProblem):
    def __init__(self, sheet: str, limit: int):
        super().__init__(sheet, "", f"có quá nhiều dòng (hơn {format_int(limit)})",
                         "Xóa các dòng thừa; mỗi báo cáo chỉ gồm số liệu của một đơn vị.")
        self.limit = limit


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letters_to_column(letters: str) -> int:
    """1 for A … 16384 for XFD; 0 when `letters` is not a column."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        return 0
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number if number <= 16_384 else 0


_COLUMNS = {get_column_letter(i): i for i in range(1, 703)}  # A..ZZ: every real sheet's, one lookup per cell
DIGITS = "0123456789"
ROW, CELL, VALUE, FORMULA, INLINE_TEXT, PHONETIC, SHEET_DATA = (
    MAIN + t for t in ("row", "c", "v", "f", "t", "rPh", "sheetData"))


class BoundedWorkbook:
    """The workbook's sheet list, shared strings and date styles; sheets are streamed on demand."""

    def __init__(self, stream: BinaryIO):
        try:
            self._archive = zipfile.ZipFile(stream)
            names = set(self._archive.namelist())
            rels = read_part(self._archive, "xl/_rels/workbook.xml.rels", Relationships(WORKBOOK)).found
            book = read_part(self._archive, WORKBOOK, WorkbookPart())
            by_type = {kind.rsplit("/", 1)[-1]: path for kind, path in rels.values()}
            self._paths = {}
            for name, rid in book.sheets:
                kind, path = rels.get(rid, ("", ""))
                if kind.endswith("/worksheet") and path in names and name not in self._paths:
                    self._paths[name] = path
            styles = by_type.get("styles")
            self._styles = read_part(self._archive, styles, Styles()).dates() if styles in names else {}
        except (XmlProblem, zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise FileRefused("Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng). "
                              f"{RESAVE}") from None
        strings = by_type.get("sharedStrings")
        self._strings = SharedStrings(self._archive, strings if strings in names else None)
        self._epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
        self.budget = MAX_ELEMENTS  # XML elements left for the sheets
        self._counts: dict[str, PartCount] = {}

    @property
    def sheetnames(self) -> list[str]:
        return list(self._paths)

    def close(self) -> None:
        self._archive.close()

    def string(self, text: str) -> object:
        index = int(text) if text.isdigit() else -1
        try:
            value = self._strings.get(index) if index >= 0 else None
        except XmlProblem as problem:
            raise FileRefused(f"Bảng chuỗi dùng chung của tệp {problem.problem}. {RESAVE}") from None
        if value is None:
            return BadCell(f"ô tham chiếu chuỗi không tồn tại (số {text[:12]}) trong bảng chuỗi của tệp")
        return value

    def number(self, text: str, style: str | None) -> object:
        try:
            number = int(text) if text.isdigit() else float(text)
        except ValueError:
            return BadCell("ô kiểu số có nội dung không phải số", text)
        if not math.isfinite(number):
            return BadCell("không phải số hợp lệ", text)
        if style is not None and style != "0":
            is_date = self._styles.get(style)
            if is_date is None:
                return BadCell(f"ô dùng kiểu định dạng không tồn tại (số {style[:12]})")
            if is_date:
                try:
                    return from_excel(number, self._epoch)
                except (OverflowError, ValueError):
                    return text
        return number

    def value(self, kind: str | None, text: str | None, style: str | None, formula: bool) -> object:
        if kind == "inlineStr":
            return text
        if not text:
            return NO_CACHED_VALUE if formula else None
        if kind is None or kind == "n":
            return self.number(text, style)
        if kind == "s":
            return self.string(text)
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        if kind == "d":
            try:
                return from_ISO8601(text)
            except (ValueError, TypeError):
                return BadCell("ô kiểu ngày có nội dung không phải ngày", text)
        return BadCell(f"ô có kiểu dữ liệu “{kind[:12]}” không hợp lệ")

    def _precount(self, title: str, cap: int | None) -> None:
        """Refuse a sheet past a limit before parsing it (`cap`: the rows limit of a sheet read in full)."""
        path = self._paths[title]
        if path not in self._counts:
            self._counts[path] = PartCount(self._archive, path, rows=max_rows(), cells=MAX_SHEET_CELLS,
                                           tags=MAX_SHEET_TAGS)
        count = self._counts[path]
        if cap is not None and count.rows > cap:
            raise TooManyRows(title, cap)
        if count.cells > MAX_SHEET_CELLS or count.tags > MAX_SHEET_TAGS:
            raise SheetProblem(title, "", f"có quá nhiều ô và thành phần XML (hơn {format_int(MAX_SHEET_CELLS)} ô "
                               f"hoặc {format_int(MAX_SHEET_TAGS)} thẻ), phần lớn là ô trống ngoài bảng")

    def rows(self, title: str, *, max_col: int, min_row: int = 1, limit: int | None = None
             ) -> Iterator[tuple[int, tuple]]:
        """(Excel row number, values[0:max_col]) of each non-empty row from `min_row`.

        Stops after EMPTY_RUN consecutive empty rows; raises SheetProblem (TooManyRows past the cap).
        """
        cap = limit if limit is not None else max_rows()
        self._precount(title, cap if limit is None else None)
        sheet = _SheetTarget(self, title, max_col=max_col, min_row=min_row, cap=cap)
        try:
            for _ in stream_part(self._archive, self._paths[title], sheet):
                if sheet.ready:
                    yield from sheet.ready
                    sheet.ready = []
        except XmlProblem as problem:
            raise SheetProblem(title, sheet.where(), problem.problem) from None
        finally:
            self.budget -= sheet.elements
        yield from sheet.ready
        if sheet.over:  # only now: a caller that stops early (the header scan) never reaches it
            raise TooManyRows(title, cap)


class _SheetTarget(Target):
    """Parser callbacks for one sheet: keeps the values of the current row's first `max_col` cells only.

    Written for speed (it runs per XML element): one comparison chain per callback, no per-cell objects.
    """

    def __init__(self, book: BoundedWorkbook, title: str, *, max_col: int, min_row: int, cap: int):
        super().__init__()
        self.max_elements = book.budget
        self.book, self.title, self.max_col, self.min_row, self.cap = book, title, max_col, min_row, cap
        self.ready: list[tuple[int, tuple]] = []
        self.row, self.row_text, self.last, self.seen, self.over = 0, "0", min_row - 1, 0, False
        self.values: list | None = None
        self.nonempty = False
        self.cells = self.position = self.col = 0
        self.ref: str | None = None
        self.kind = self.style = None
        self.parts: list[str] = []
        self.length = 0
        self.collecting = self.formula = False
        self.phonetic = 0

    def where(self) -> str:
        if self.ref:
            return self.ref
        if self.position:
            return f"{get_column_letter(min(self.position, 16_384))}{self.row}"
        return f"A{self.row}" if self.row else ""

    def problem(self, text: str, ref: str | None = None) -> SheetProblem:
        return SheetProblem(self.title, ref if ref is not None else self.where(), text)

    def start(self, tag, attrib) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise self.problem(f"tệp có quá nhiều ô và thành phần XML (hơn {format_int(MAX_ELEMENTS)} trong các "
                               "trang tính), phần lớn là ô trống ngoài bảng")
        if tag == CELL:
            self.cells += 1
            if self.cells > MAX_ROW_CELLS:
                raise self.problem(f"dòng {self.row} có quá nhiều ô (hơn {format_int(MAX_ROW_CELLS)}), "
                                   "phần lớn là ô trống ngoài bảng")
            ref = attrib.get("r")
            if ref is None:
                self.position += 1
            else:
                letters = ref.rstrip(DIGITS)
                self.position = _COLUMNS.get(letters) or _letters_to_column(letters)
                if not self.position or ref[len(letters):] not in (self.row_text, ""):
                    raise self.problem(f"địa chỉ ô “{ref[:20]}” không hợp lệ (phải là cột rồi đến dòng {self.row}, "
                                       f"ví dụ B{self.row})", ref[:20])
            self.ref = ref
            if self.values is not None and self.position <= self.max_col:
                self.col = self.position
                self.kind, self.style = attrib.get("t"), attrib.get("s")
                self.parts, self.length, self.formula = [], 0, False
            else:
                self.col = 0
        elif tag == VALUE:
            self.collecting = self.col != 0
        elif tag == INLINE_TEXT:
            self.collecting = self.col != 0 and not self.phonetic
        elif tag == ROW:
            self._row(attrib.get("r"))
        elif tag == FORMULA:
            self.formula = True
        elif tag == PHONETIC:
            self.phonetic += 1

    def _row(self, r: str | None) -> None:
        if r is None:
            number = self.row + 1
        elif r.isdigit():
            number = int(r)
        else:
            raise self.problem(f"số dòng “{r[:20]}” không hợp lệ", f"A{self.row + 1}")
        if number <= self.row or number > EXCEL_ROWS:
            raise self.problem(f"dòng {number} không đúng thứ tự (sau dòng {self.row})", f"A{min(number, EXCEL_ROWS)}")
        self.row, self.row_text = number, r or str(number)
        self.cells = self.position = 0
        self.ref = None
        if number < self.min_row:
            self.values = None
            return
        if number - self.last > EMPTY_RUN:
            raise StopReading
        self.values = [None] * self.max_col
        self.nonempty = False

    def data(self, text) -> None:
        if self.collecting:
            self.length += len(text)
            if self.length > MAX_TEXT:
                raise self.problem(f"ô có hơn {format_int(MAX_TEXT)} ký tự (giới hạn của Excel)")
            self.parts.append(text)

    def end(self, tag) -> None:
        if tag == CELL:
            if self.col:
                value = self.book.value(self.kind, "".join(self.parts) if self.parts else None, self.style,
                                        self.formula)
                if value is not None:
                    self.values[self.col - 1] = value
                    if not self.nonempty and not is_empty(value):
                        self.nonempty = True
                self.col = 0
        elif tag in (VALUE, INLINE_TEXT):
            self.collecting = False
        elif tag == ROW:
            if self.values is not None and self.nonempty:
                self.seen += 1
                if self.seen > self.cap:
                    self.over = True
                    raise StopReading
                self.last = self.row
                self.ready.append((self.row, tuple(self.values)))
            self.values = None
        elif tag == PHONETIC:
            self.phonetic -= 1
        elif tag == SHEET_DATA:
            raise StopReading

