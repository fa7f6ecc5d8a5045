"""Hostile files cost bounded work and memory (issue 16.1, 16.5): refused as soon as a limit is seen, on the
command line and in the browser; sizes here are small but telling, the full sizes are in benchmarks."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.returns.conftest import YEAR
from tests.returns.hostile import as_stream, hostile_workbook, rewrite, set_cell, sheet_path
from unionreport.members.models import Member
from unionreport.returns.excel import reader
from unionreport.returns.excel.reader import BoundedWorkbook
from unionreport.returns.excel.sheets import SheetReader
from unionreport.returns.models import ReturnVersion, UploadStaging
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db
RESAVE = "Mở tệp bằng Excel, lưu lại tệp dưới dạng Excel Workbook (.xlsx), rồi tải lên lại."
WIDE = f"Đoàn viên!ABAB2: Địa chỉ ô “ABAB2” không hợp lệ (phải là cột rồi đến dòng 2, ví dụ B2). {RESAVE}"


def _import(staff, data):
    tracemalloc.start()
    try:
        result = return_import_file(actor=staff, path_or_file=as_stream(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.imported and not Member.objects.exists() and not ReturnVersion.objects.exists()
    return [issue.text() for issue in result.errors], peak / 1024 / 1024


def test_it_refuses_the_probes_wide_row_at_its_first_cell(staff, filled):
    texts, peak_mb = _import(staff, hostile_workbook(filled(), "wide_row", 300_000))
    assert texts == [WIDE]
    assert peak_mb < 30  # the file inflates to 4 MB; nothing of the row is kept


def test_it_refuses_a_row_of_more_than_5000_cells_without_keeping_them(staff, filled):
    texts, peak_mb = _import(staff, hostile_workbook(filled(), "wide_row_in_range", 300_000))
    assert texts == [f"Đoàn viên!H2: Dòng 2 có quá nhiều ô (hơn 5.000), phần lớn là ô trống ngoài bảng. {RESAVE}"]
    assert peak_mb < 30


def test_it_refuses_too_many_rows_before_validating_any(staff, filled, settings, monkeypatch):
    settings.RETURN_MAX_ROWS = 1_000
    read, checked = [], []
    value = BoundedWorkbook.value
    monkeypatch.setattr(BoundedWorkbook, "value", lambda self, *a: read.append(1) or value(self, *a))
    cell = SheetReader.cell
    monkeypatch.setattr(SheetReader, "cell", lambda self, *a, **k: checked.append(self.title) or cell(self, *a, **k))
    texts, _ = _import(staff, hostile_workbook(filled(), "many_rows", 20_000))
    assert texts == ["Đoàn viên: Có quá nhiều dòng (hơn 1.000). "
                     "Xóa các dòng thừa; mỗi báo cáo chỉ gồm số liệu của một đơn vị."]
    assert "Đoàn viên" not in checked  # no row of the roster was validated
    assert len(read) < 1_001 * 6 + 200  # the sheet was read up to the 1.001st row, not further


def test_it_refuses_a_workbook_of_too_many_cells(staff, filled, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ELEMENTS", 100_000)
    texts, peak_mb = _import(staff, hostile_workbook(filled(), "many_cells", 50))
    assert len(texts) == 1 and texts[0].startswith("Đoàn viên!H")
    assert "Tệp có quá nhiều ô và thành phần XML (hơn 100.000 trong các trang tính)" in texts[0]
    assert peak_mb < 30


def test_it_refuses_a_cell_longer_than_excel_allows(staff, filled):
    wb = filled()
    data = rewrite(wb, {sheet_path(wb, "Đoàn viên"): lambda xml: set_cell(
        xml, "C2", '<c r="C2" t="inlineStr"><is><t>' + "x" * 40_000 + "</t></is></c>")})
    texts, _ = _import(staff, data)
    assert texts == [f"Đoàn viên!C2: Ô có hơn 32.767 ký tự (giới hạn của Excel). {RESAVE}"]


def _with_shared_strings(wb, count, index):
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "<si><t>Nguyễn Thị Hoa</t></si>" * count + "</sst>")
    rel = ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return rewrite(wb, {
        sheet_path(wb, "Đoàn viên"): lambda xml: set_cell(xml, "C2", f'<c r="C2" t="s"><v>{index}</v></c>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace("</Relationships>", rel),
    }, extra={"xl/sharedStrings.xml": strings})


def test_it_reads_shared_strings_only_as_far_as_the_cells_ask(staff, filled, monkeypatch):
    monkeypatch.setattr("unionreport.returns.excel.xmlparts.MAX_STRINGS", 10_000)
    result = return_import_file(actor=staff, path_or_file=as_stream(_with_shared_strings(filled(), 50_000, 0)),
                                dry_run=True)
    assert result.ok, result.lines()


def test_it_refuses_a_shared_string_table_past_its_limit(staff, filled, monkeypatch):
    monkeypatch.setattr("unionreport.returns.excel.xmlparts.MAX_STRINGS", 10_000)
    result = return_import_file(actor=staff, path_or_file=as_stream(_with_shared_strings(filled(), 50_000, 40_000)))
    assert result.refused == f"Bảng chuỗi dùng chung của tệp có quá nhiều chuỗi (hơn 10.000). {RESAVE}"


def test_the_command_refuses_the_wide_row_and_exits_1(tmp_path, filled):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(hostile_workbook(filled(), "wide_row", 300_000))
    stdout = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_returns", str(path), stdout=stdout)
    assert caught.value.returncode == 1
    assert f"{path}: {WIDE}" in stdout.getvalue()


@pytest.mark.parametrize("kind", ["wide_row", "wide_row_in_range", "many_rows"])
def test_the_browser_upload_previews_the_refusal(client, officer_a, filled, settings, kind):
    settings.RETURN_MAX_ROWS = 1_000
    client.force_login(officer_a)
    data = hostile_workbook(filled(), kind, 300_000 if kind.startswith("wide") else 5_000)
    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]), {"file": as_stream(data)})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200 and "Xác nhận nhập" not in preview.content.decode()
    staging = UploadStaging.objects.get()
    assert not staging.ok and len(staging.result["errors"]) == 1


def test_it_counts_the_cells_of_a_sheet_before_parsing_it(staff, filled, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHEET_CELLS", 10_000)
    parsed = []
    start = reader._SheetTarget.start
    monkeypatch.setattr(reader._SheetTarget, "start",
                        lambda self, tag, attrib: parsed.append(self.title) or start(self, tag, attrib))
    texts, peak_mb = _import(staff, hostile_workbook(filled(), "many_cells", 50))
    assert texts == [f"Đoàn viên: Có quá nhiều ô và thành phần XML (hơn 10.000 ô hoặc 4.000.000 thẻ), phần lớn là ô "
                     f"trống ngoài bảng. {RESAVE}"]
    assert "Đoàn viên" not in parsed and peak_mb < 30
