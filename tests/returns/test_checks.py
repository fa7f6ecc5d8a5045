"""Hostile files are refused quickly, with a message saying what to do, and nothing is saved."""

import io
import time
import zipfile

import pytest

from tests.returns.conftest import as_file
from unionreport.members.models import Member
from unionreport.returns.excel.template import workbook_bytes
from unionreport.returns.models import ReturnVersion
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db
SAVE_AS = "Lưu lại tệp dưới dạng Excel Workbook (.xlsx)"


def _import(staff, data: bytes, name="bao-cao.xlsx"):
    stream = io.BytesIO(data)
    stream.name = name
    start = time.perf_counter()
    result = return_import_file(actor=staff, path_or_file=stream)
    elapsed = time.perf_counter() - start
    assert not result.ok or result.refused
    assert not Member.objects.exists() and not ReturnVersion.objects.exists()
    return result, elapsed


def test_it_refuses_an_empty_file(staff):
    result, _ = _import(staff, b"")
    assert result.refused == "Tệp rỗng (0 byte). Hãy chọn lại tệp báo cáo đã lưu bằng Excel."


def test_it_refuses_a_renamed_csv(staff):
    result, _ = _import(staff, "Mã đơn vị,Năm\nCDCS-A,2024\n".encode())
    assert result.refused == f"Tệp là văn bản (CSV hoặc TXT), không phải Excel. {SAVE_AS}."


def test_it_refuses_an_xls_file(staff):
    result, _ = _import(staff, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bao-cao.xls")
    assert SAVE_AS in result.refused and "97–2003" in result.refused


def test_it_refuses_a_truncated_file(staff, filled):
    data = workbook_bytes(filled())
    result, _ = _import(staff, data[: len(data) // 2])
    assert result.refused.startswith("Tệp bị hỏng hoặc chưa tải lên hết")


def test_it_refuses_a_workbook_with_macros(staff, filled):
    buffer = io.BytesIO(workbook_bytes(filled()))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    result, _ = _import(staff, buffer.getvalue(), "bao-cao.xlsm")
    assert result.refused == f"Tệp có macro (.xlsm). {SAVE_AS}, không có macro."


def test_it_refuses_a_zip_bomb_quickly(staff, filled):
    buffer = io.BytesIO(workbook_bytes(filled()))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        chunk = b"<row/>" * (1024 * 1024 // 6)
        with archive.open("xl/media/big.xml", "w", force_zip64=True) as big:
            for _ in range(300):  # 300 MB inflated
                big.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    result, elapsed = _import(staff, data)
    assert result.refused.startswith("Tệp khi giải nén quá lớn (")
    assert elapsed < 1


def test_it_refuses_too_large_a_file(staff, settings):
    settings.RETURN_MAX_BYTES = 1000
    result, _ = _import(staff, b"PK" + b"x" * 2000)
    assert result.refused.startswith("Tệp quá lớn (")


def test_it_does_not_hang_on_a_sheet_claiming_a_million_rows(staff, filled):
    """The dimension says A1:XFD1048576 and one styled cell sits at the last row: read in well under a second."""
    buffer = io.BytesIO(workbook_bytes(filled()))
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":  # Chăm lo
                text = data.decode()
                text = text.replace("<dimension ref=\"A1:H503\"/>", "<dimension ref=\"A1:XFD1048576\"/>")
                text = text.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                    "<is><t>x</t></is></c></row></sheetData>")
                data = text.encode()
            dst.writestr(item, data)
    stream = io.BytesIO(out.getvalue())
    start = time.perf_counter()
    result = return_import_file(actor=staff, path_or_file=stream, dry_run=True)
    assert time.perf_counter() - start < 3
    assert result.ok, result.lines()
    assert result.summary["sheets"][1]["rows"] == 2


def test_it_refuses_a_sheet_with_too_many_rows(staff, filled, settings):
    settings.RETURN_MAX_ROWS = 2
    wb = filled()
    result = return_import_file(actor=staff, path_or_file=as_file(wb))
    assert "Đoàn viên: Có quá nhiều dòng (hơn 2)." in [e.text().split(" Xóa")[0] for e in result.errors]
    assert not Member.objects.exists()
