"""Bounded reading of a checked workbook (openpyxl read-only, cached values).

A sheet's declared dimension can lie (A1:XFD1048576), so nothing here trusts it:
columns are bounded by the caller (the header's width), reading stops after
`EMPTY_RUN` empty rows in a row, and a sheet longer than `max_rows()` is refused.
A formula cell without a cached value (a file written by a program and never opened
in Excel) reads as `NO_CACHED_VALUE` so that the parser can say so.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from django.conf import settings
from lxml import etree
from lxml.etree import iterparse
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601

from unionreport.returns.excel.checks import SAVE_AS, FileRefused

EMPTY_RUN = 200
DEFAULT_MAX_ROWS = 60_000


def max_rows() -> int:
    return getattr(settings, "RETURN_MAX_ROWS", DEFAULT_MAX_ROWS)


class _NoCachedValue:
    def __repr__(self) -> str:
        return "<công thức chưa có giá trị>"

    def __bool__(self) -> bool:
        return True


NO_CACHED_VALUE = _NoCachedValue()


class TooManyRows(Exception):
    def __init__(self, sheet: str, limit: int):
        super().__init__(sheet)
        self.sheet, self.limit = sheet, limit


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT = (NS + t for t in ("row", "c", "v", "f", "is", "t"))


def _column(ref: str) -> int:
    number = 0
    for ch in ref:
        if ch.isdigit():
            break
        number = number * 26 + (ord(ch.upper()) - 64)
    return number


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class BoundedWorkbook:
    """The workbook's sheet list, shared strings and date styles; sheets are streamed on demand.

    openpyxl's read-only loader parses a whole sheet to find its size when the file has no
    <dimension> element; we skip that (we never trust the size) and stream rows ourselves.
    """

    def __init__(self, stream: BinaryIO):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = ExcelReader(stream, read_only=True, data_only=True)
                reader.read_manifest()
                reader.read_strings()
                reader.read_workbook()
                apply_stylesheet(reader.archive, reader.wb)
                self._paths = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                               if rel.target in reader.valid_files and "worksheet" in (rel.Type or "")}
        except Exception:  # openpyxl raises many kinds on broken files
            raise FileRefused("Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng). "
                              f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.") from None
        self._archive = reader.archive
        self._strings = reader.shared_strings
        self._dates = reader.wb._date_formats
        self._epoch = reader.wb.epoch

    @property
    def sheetnames(self) -> list[str]:
        return list(self._paths)

    def close(self) -> None:
        self._archive.close()

    def _value(self, cell) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find(INLINE)
            return "".join(t.text or "" for t in node.iter(TEXT)) if node is not None else None
        text = cell.findtext(VALUE)
        if not text:
            return NO_CACHED_VALUE if cell.find(FORMULA) is not None else None
        if kind == "s":
            return self._strings[int(text)]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        if kind == "d":
            return from_ISO8601(text)
        number = float(text) if any(ch in text for ch in ".eE") else int(text)
        style = cell.get("s")
        if style and int(style) in self._dates:
            try:
                return from_excel(number, self._epoch)
            except (OverflowError, ValueError):
                return text
        return number

    def rows(self, title: str, *, max_col: int, min_row: int = 1, limit: int | None = None
             ) -> Iterator[tuple[int, tuple]]:
        """(Excel row number, values[0:max_col]) of each non-empty row from `min_row`.

        Stops after EMPTY_RUN consecutive empty rows; raises TooManyRows past the cap.
        """
        cap = limit if limit is not None else max_rows()
        last, seen, counter = min_row - 1, 0, 0
        try:
            with self._archive.open(self._paths[title]) as source:
                for _, element in iterparse(source, events=("end",), tag=ROW):
                    ref = element.get("r")
                    counter = int(ref) if ref else counter + 1
                    if counter < min_row:
                        element.clear()
                        continue
                    if counter - last > EMPTY_RUN:
                        return
                    values = [None] * max_col
                    empty = True
                    position = 0
                    for cell in element.iterchildren(CELL):
                        ref = cell.get("r")
                        position = _column(ref) if ref else position + 1
                        if position <= max_col:
                            value = self._value(cell)
                            values[position - 1] = value
                            if empty and not is_empty(value):
                                empty = False
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                    if empty:
                        continue
                    seen += 1
                    if seen > cap:
                        raise TooManyRows(title, cap)
                    last = counter
                    yield counter, tuple(values)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, SyntaxError,
                etree.LxmlError):
            raise FileRefused(f"Trang tính “{title}” bị hỏng, không đọc được. "
                              f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.") from None
