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
from openpyxl import load_workbook
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from unionreport.returns.checks import SAVE_AS, FileRefused

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


class _Parser(WorkSheetParser):
    """openpyxl's parser, but a formula with no cached value is marked rather than read as empty."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = NO_CACHED_VALUE
        return cell


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class BoundedWorkbook:
    def __init__(self, stream: BinaryIO):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._wb = load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on broken files
            raise FileRefused("Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng). "
                              f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.") from None

    @property
    def sheetnames(self) -> list[str]:
        return list(self._wb.sheetnames)

    def close(self) -> None:
        self._wb.close()

    def rows(self, title: str, *, max_col: int, min_row: int = 1, limit: int | None = None
             ) -> Iterator[tuple[int, tuple]]:
        """(Excel row number, values[0:max_col]) of each non-empty row from `min_row`.

        Stops after EMPTY_RUN consecutive empty rows; raises TooManyRows past the cap.
        """
        ws = self._wb[title]
        wb = self._wb
        cap = limit if limit is not None else max_rows()
        last = min_row - 1
        seen = 0
        try:
            with wb._archive.open(ws._worksheet_path) as source:
                parser = _Parser(source, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
                for index, cells in parser.parse():
                    if index < min_row:
                        continue
                    if index - last > EMPTY_RUN:
                        return
                    values = [None] * max_col
                    for cell in cells:
                        column = cell["column"]
                        if column <= max_col:
                            values[column - 1] = cell["value"]
                    if all(is_empty(v) for v in values):
                        continue
                    seen += 1
                    if seen > cap:
                        raise TooManyRows(title, cap)
                    last = index
                    yield index, tuple(values)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, SyntaxError):
            raise FileRefused(f"Trang tính “{title}” bị hỏng, không đọc được. "
                              f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.") from None
