"""Aggregate history: imported all or nothing, rows or aggregates never both, rolled up with the rows."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from unionreport.reports.aggregates import aggregate_import
from unionreport.reports.figures import figures_for
from unionreport.reports.models import AggregateFigure
from unionreport.reports.provenance import figure_provenance
from unionreport.units.models import Unit
from unionreport.welfare.services import DisbursementData, disbursement_create

pytestmark = pytest.mark.django_db


def workbook(rows, headers=("Mã đơn vị", "Năm", "doan_vien.cuoi_nam", "cham_lo.tien"), title="Số liệu"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "lich-su.xlsx"
    return buffer


@pytest.fixture
def old_province(make_unit):
    hn = make_unit("HN", "LĐLĐ tỉnh Hà Nam", level=Unit.Level.PROVINCE, kind=Unit.Kind.FEDERATION,
                   valid_from=dt.date(2010, 1, 1))
    return {"hn": hn, "a": make_unit("HN-CS01", parent=hn, valid_from=dt.date(2010, 1, 1)),
            "b": make_unit("HN-CS02", parent=hn, valid_from=dt.date(2010, 1, 1))}


def test_it_imports_and_rolls_up_with_the_drill_down_naming_the_source(staff, old_province):
    result = aggregate_import(actor=staff, upload=workbook([("HN-CS01", 2024, 120, 50_000_000),
                                                             ("HN-CS02", 2024, 80, "")]), name="lich-su.xlsx")
    assert result.ok, result.errors
    assert AggregateFigure.objects.count() == 3  # an empty cell is "not reported": nothing stored
    figures = figures_for(old_province["hn"], 2024)
    assert figures.get("doan_vien.cuoi_nam") == 200 and figures.get("cham_lo.tien") == 50_000_000
    assert dict(figures.members_history)[2024] == 200
    trail = figure_provenance(old_province["hn"], 2024, "doan_vien.cuoi_nam")
    assert trail.value == trail.children_sum == 200
    own = figure_provenance(old_province["a"], 2024, "doan_vien.cuoi_nam")
    assert own.rows[0].description == "Số liệu tổng hợp từ báo cáo năm 2024 của LĐLĐ tỉnh Hà Nam"
    assert "lich-su.xlsx" in own.rows[0].source


@pytest.mark.parametrize("rows, headers, message", [
    ([("HN-CS01", 2024, 10)], ("Mã đơn vị", "Năm", "doan_vien.cuoi_nam_x"), "doan_vien.cuoi_nam_x"),
    ([("HN-CS01", 2024, 10)], ("Mã đơn vị", "Năm", "cdcs.so_luong"), "do hệ thống tự tính"),
    ([("KHONG", 2024, 10)], ("Mã đơn vị", "Năm", "doan_vien.cuoi_nam"), "không có đơn vị mã KHONG"),
    ([("HN-CS01", 2024, "1,5")], ("Mã đơn vị", "Năm", "doan_vien.cuoi_nam"), "không hợp lệ"),
    ([("HN-CS01", 2024, 10), ("HN-CS01", 2024, 11)], ("Mã đơn vị", "Năm", "doan_vien.cuoi_nam"), "đã có ở"),
    ([("HN", 2024, 10), ("HN-CS01", 2024, 11)], ("Mã đơn vị", "Năm", "doan_vien.cuoi_nam"), "trùng với số liệu"),
])
def test_it_refuses_a_bad_sheet_whole_naming_each_cell(staff, old_province, rows, headers, message):
    result = aggregate_import(actor=staff, upload=workbook(rows, headers), name="x.xlsx")
    assert not result.ok and any(message in e for e in result.errors), result.errors
    assert not AggregateFigure.objects.exists()


def test_it_keeps_rows_and_aggregates_apart_both_ways(staff, old_province):
    disbursement_create(actor=staff, data=DisbursementData(
        unit=old_province["a"], date=dt.date(2024, 3, 1), occasion="tet", form="gift", person_times=2,
        amount_vnd=1_000_000, source="union_funds", description=""))
    result = aggregate_import(actor=staff, upload=workbook([("HN-CS01", 2024, 120, 1)]), name="x.xlsx")
    assert any("đã có số liệu chi tiết" in e for e in result.errors)
    assert aggregate_import(actor=staff, upload=workbook([("HN-CS02", 2024, 80, 1)]), name="x.xlsx").ok
    with pytest.raises(ValidationError, match="đã có số liệu tổng hợp"):
        disbursement_create(actor=staff, data=DisbursementData(
            unit=old_province["b"], date=dt.date(2024, 5, 1), occasion="tet", form="gift", person_times=1,
            amount_vnd=100_000, source="union_funds", description=""))


def test_it_imports_from_the_command_with_a_dry_run(staff, old_province, tmp_path):
    path = tmp_path / "hn.xlsx"
    path.write_bytes(workbook([("HN-CS01", 2023, 100, 1)]).getvalue())
    out = io.StringIO()
    call_command("import_history", str(path), "--dry-run", stdout=out)
    assert "Kiểm tra xong" in out.getvalue() and not AggregateFigure.objects.exists()
    call_command("import_history", str(path), stdout=io.StringIO())
    assert AggregateFigure.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([("KHONG", 2023, 1, 1)]).getvalue())
    with pytest.raises(CommandError, match="chưa nhập gì"):
        call_command("import_history", str(bad), stdout=io.StringIO(), stderr=io.StringIO())


def test_it_previews_then_confirms_in_the_browser(client, staff, old_province):
    client.force_login(staff)
    page = client.post("/tong-ket/so-lieu-tong-hop/", {"file": workbook([("HN-CS01", 2024, 120, 1)])})
    html = page.content.decode()
    assert "hợp lệ" in html and not AggregateFigure.objects.exists()
    stored = page.context["result"].stored
    assert client.post("/tong-ket/so-lieu-tong-hop/", {"xac_nhan": stored.pk}).status_code == 302
    assert AggregateFigure.objects.count() == 2
    errors = client.post("/tong-ket/so-lieu-tong-hop/", {"file": workbook([("KHONG", 2024, 1, 1)])})
    assert "chưa nhập gì" in errors.content.decode()


def test_it_adds_one_cdcs_aggregate_history_to_its_siblings_rows(staff, province, district_a, make_unit):
    """A CĐCS that started using the application later has its old years as aggregates, beside siblings with
    rows: their district's (and the province's) figure is the sum of both, never one of them."""
    with_rows = make_unit("CS01", parent=district_a)
    make_unit("CS02", parent=district_a)
    disbursement_create(actor=staff, data=DisbursementData(
        unit=with_rows, date=dt.date(2024, 3, 1), occasion="tet", form="gift", person_times=2,
        amount_vnd=1_000_000, source="union_funds", description=""))
    result = aggregate_import(actor=staff, upload=workbook([("CS02", 2024, 80, 50_000_000)]), name="x.xlsx")
    assert result.ok, result.errors
    for unit in (province, district_a):
        figures = figures_for(unit, 2024)
        assert figures.get("cham_lo.tien") == 51_000_000
        assert sum(child.get("cham_lo.tien") for child in figures.children) == 51_000_000
    assert figure_provenance(province, 2024, "cham_lo.tien").children_sum == 51_000_000
