"""Phụ lục 1 lists the figures by upper-level unit (conference-report spec): CĐCS directly under the province
are one row after the upper-level units; a commune union's report, whose children are all CĐCS, lists each."""

import datetime as dt

import pytest

from tests.reports.conftest import give, member
from unionreport.reports.report import build_report
from unionreport.returns.selectors import DIRECT_ROW_NAME
from unionreport.units.models import Unit
from unionreport.welfare.models import Occasion

pytestmark = pytest.mark.django_db


def _rows(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_it_adds_up_the_cdcs_directly_under_the_province_in_one_row(province, district_a, cdcs_a, make_unit):
    direct = [make_unit(code, parent=province) for code in ("CS-T1", "CS-T2")]
    give(cdcs_a, dt.date(2024, 3, 1), Occasion.TET, 10, 5_000_000)
    for unit, card in zip(direct, ("T1", "T2"), strict=True):
        give(unit, dt.date(2024, 4, 1), Occasion.TET, 4, 2_000_000)
        member(unit, card, dt.date(2020, 1, 1))
    report = build_report(province, 2024, links=False)
    names = [row.name for row in report.child_rows]
    assert names == [district_a.name, DIRECT_ROW_NAME]
    assert report.child_rows[1].get("cham_lo.tien") == 4_000_000
    assert report.child_rows[1].get("doan_vien.cuoi_nam") == 2
    table = report.tables["appendix_units"]
    assert table.columns[1].label == "Đơn vị cấp trên trực tiếp cơ sở"
    assert _rows(table)[1][1] == DIRECT_ROW_NAME
    assert report.children_are == "đơn vị cấp trên trực tiếp cơ sở"


def test_it_lists_each_cdcs_of_a_commune_union(client, staff, province, make_unit):
    commune = make_unit("XA1", "Công đoàn xã Gia Sinh", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                        parent=province)
    cdcs = [make_unit(code, f"Công đoàn {code}", parent=commune) for code in ("CS-X1", "CS-X2")]
    for unit in cdcs:
        give(unit, dt.date(2024, 4, 1), Occasion.TET, 4, 2_000_000)
    report = build_report(commune, 2024, links=False)
    assert [row.name for row in report.child_rows] == ["Công đoàn CS-X1", "Công đoàn CS-X2"]
    assert report.tables["appendix_units"].columns[1].label == "Công đoàn cơ sở"
    assert report.tables["members_by_unit"].title.endswith(". Đoàn viên, CĐCS theo công đoàn cơ sở")
    client.force_login(staff)
    page = client.get(f"/tong-ket/{commune.code}/2024/").content.decode()
    assert "SỐ LIỆU CHỦ YẾU THEO CÔNG ĐOÀN CƠ SỞ NĂM 2024" in page
