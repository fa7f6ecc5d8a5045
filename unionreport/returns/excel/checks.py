"""Checks on an uploaded file before any parsing (return-workbook spec, "The file").

Everything here looks at the first bytes and the zip's central directory only: a zip
bomb, a renamed .csv or .xls, a workbook with macros, an empty or truncated file are
refused in milliseconds, before openpyxl sees them.
"""

from __future__ import annotations

import io
import os
import zipfile
from typing import BinaryIO

from django.conf import settings

from unionreport.lib.formatting import format_decimal

SAVE_AS = "Lưu lại tệp dưới dạng Excel Workbook (.xlsx)"
MAX_ENTRIES = 2000
MAX_RATIO = 200  # real workbooks compress 5–30×; a bomb compresses 1000×
RATIO_MIN_SIZE = 5 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(Exception):
    """The file is not an acceptable return workbook; `message` says why and what to do, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _mb(size: int) -> str:
    return format_decimal(size / 1024 / 1024, 1) + " MB"


def _size(stream: BinaryIO) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        position = stream.tell()
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(position)
        return size


def check_upload(stream: BinaryIO, *, name: str = "") -> None:
    """Raise FileRefused unless `stream` looks like a safe .xlsx workbook. The stream is left at 0."""
    stream.seek(0)
    size = _size(stream)
    if size == 0:
        raise FileRefused("Tệp rỗng (0 byte). Hãy chọn lại tệp báo cáo đã lưu bằng Excel.")
    limit = settings.RETURN_MAX_BYTES
    if size > limit:
        raise FileRefused(f"Tệp quá lớn ({_mb(size)}); tối đa {_mb(limit)}. Xóa các dòng, trang tính thừa rồi lưu lại.")
    head = stream.read(8)
    stream.seek(0)
    lower = name.lower()
    if head.startswith(OLE_MAGIC):
        raise FileRefused("Tệp là định dạng Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. "
                          f"{SAVE_AS}, không đặt mật khẩu.")
    if not head.startswith(b"PK"):
        if _looks_like_text(stream):
            raise FileRefused(f"Tệp là văn bản (CSV hoặc TXT), không phải Excel. {SAVE_AS}.")
        raise FileRefused(f"Tệp không phải tệp Excel. {SAVE_AS}.")
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FileRefused("Tệp bị hỏng hoặc chưa tải lên hết nên không đọc được. "
                          f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.") from None
    finally:
        stream.seek(0)
    _check_entries(infos, lower)


def _check_entries(infos: list[zipfile.ZipInfo], lower_name: str) -> None:
    names = {info.filename for info in infos}
    if len(infos) > MAX_ENTRIES:
        raise FileRefused(f"Tệp có quá nhiều thành phần ({len(infos)}), không phải báo cáo Excel thông thường. "
                          f"{SAVE_AS}.")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or lower_name.endswith((".xlsm", ".xltm")):
        raise FileRefused(f"Tệp có macro (.xlsm). {SAVE_AS}, không có macro.")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if any(n.startswith(("word/", "ppt/")) for n in names):
            raise FileRefused("Tệp là văn bản Word hoặc PowerPoint, không phải Excel. Hãy chọn đúng tệp báo cáo.")
        raise FileRefused(f"Tệp nén không phải tệp Excel. {SAVE_AS}.")
    total = sum(info.file_size for info in infos)
    limit = settings.RETURN_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise FileRefused(f"Tệp khi giải nén quá lớn ({_mb(total)}; tối đa {_mb(limit)}). "
                          "Xóa các dòng, cột, trang tính thừa rồi lưu lại.")
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRefused("Tệp có thành phần nén bất thường (tỉ lệ nén quá cao), không xử lý được. "
                              f"Mở tệp bằng Excel, {SAVE_AS[0].lower() + SAVE_AS[1:]}, rồi tải lên lại.")


def _looks_like_text(stream: BinaryIO) -> bool:
    """Text (CSV, TXT, HTML saved as .xlsx) has no NUL bytes and few control characters."""
    sample = stream.read(4096)
    stream.seek(0)
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return b"\x00" not in sample and controls <= len(sample) // 100
