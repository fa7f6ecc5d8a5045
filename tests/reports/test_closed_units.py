"""A CĐCS closed during the year keeps its flows of that year in the report, placed where it stood on its last
day (its old parent and the province); stocks (members and CĐCS at year end) stay as of 31/12.

    CDCS-X under TPNB, closed from 01/10/2024. Before closing: Tết 2024 5 lượt 700.000 (and Tết 2023
    4 lượt 400.000), 1 house 40.000.000 handed over 01/06/2024, members X0 (2015) and X1 (joined 2024),
    workforce 2024 of 30 workers, 3 “Số sáng kiến”.
    The report_data cast (CDCS-A under TPNB, CDCS-B under GV, TINH's own row) is hand-computed in conftest.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.reports.conftest import give, member
from unionreport.houses.models import House
from unionreport.members.models import Workforce
from unionreport.movements.models import Indicator, MovementResult
from unionreport.reports.figures import figures_for
from unionreport.reports.provenance import figure_provenance
from unionreport.units.services import unit_close
from unionreport.welfare.models import Occasion

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(report_data, district_a, make_unit):
    d = dt.date
    unit = make_unit("CDCS-X", "CĐCS Công ty X", parent=district_a, valid_from=d(2020, 1, 1))
    give(unit, d(2024, 2, 1), Occasion.TET, 5, 700_000)
    give(unit, d(2023, 2, 1), Occasion.TET, 4, 400_000)
    member(unit, "X1", d(2024, 3, 1))
    member(unit, "X0", d(2015, 3, 1))
    House.objects.create(unit=unit, member_name="Đoàn viên X1", kind=House.Kind.NEW, total_support_vnd=40_000_000,
                         handover_date=d(2024, 6, 1))
    Workforce.objects.create(unit=unit, year=2024, total_workers=30, female_workers=10, with_contract=30,
                             with_social_insurance=30, average_income_vnd=7_000_000)
    indicator = Indicator.objects.get(name="Số sáng kiến")
    MovementResult.objects.create(unit=unit, year=2024, indicator=indicator, value=Decimal(3))
    unit_close(actor=None, unit=unit, effective_date=d(2024, 10, 1))
    return unit


def test_it_counts_a_closed_cdcs_flows_in_its_old_parent_and_the_province(closed, province, district_a):
    # TPNB 2024: CDCS-A 5.000.000 + 1.500.000, CDCS-X 700.000
    district = figures_for(district_a, 2024)
    assert district.get("cham_lo.tien") == 7_200_000 and district.get("cham_lo.luot") == 18
    assert district.get("mai_am.so_nha") == 2  # CDCS-A's new house and CDCS-X's
    assert district.get("doan_vien.moi") == 2  # A2 and X1
    assert district.get("lao_dong.tong") == 130  # 100 + 30
    assert district.get("cdcs.giai_the") == 1
    # stocks as of 31/12: CDCS-X is gone (A1, A2 remain at CDCS-A), one CĐCS left under TPNB
    assert district.get("doan_vien.cuoi_nam") == 2 and district.get("cdcs.so_luong") == 1
    # the province: 7.200.000 + CDCS-B 2.100.000 + its own 10.000.000
    top = figures_for(province, 2024)
    assert top.get("cham_lo.tien") == 19_300_000 and top.get("doan_vien.cuoi_nam") == 4
    assert top.previous["cham_lo.tien"] == 4_400_000  # 2023: CDCS-A 4.000.000 + CDCS-X 400.000 (open then)
    indicators = {i.name: i.value for m in top.movements for i in m.indicators}
    assert indicators["Số sáng kiến"] == Decimal(10)  # CDCS-A 4 + CDCS-B 3 + CDCS-X 3


def test_it_breaks_the_flows_down_by_child_and_sums_to_the_total(closed, province, district_a):
    figures = figures_for(province, 2024)
    children = figures.children
    by_code = {c.code: c for c in children}
    assert by_code["TPNB"].get("cham_lo.tien") == 7_200_000 and by_code["TPNB"].get("doan_vien.cuoi_nam") == 2
    assert sum(c.get("cham_lo.tien") for c in children) == figures.get("cham_lo.tien") == 19_300_000
    assert sum(c.get("doan_vien.moi") for c in children) == figures.get("doan_vien.moi")
    # under TPNB, the closed CĐCS is a row of its own, named on its last day
    rows = {c.code: c for c in figures_for(district_a, 2024).children}
    assert rows["CDCS-X"].name == "CĐCS Công ty X (ngừng hoạt động từ 01/10/2024)"
    assert rows["CDCS-X"].get("cham_lo.tien") == 700_000 and rows["CDCS-X"].get("doan_vien.cuoi_nam") == 0
    assert rows["CDCS-X"].get("cdcs.giai_the") == 1
    assert sum(r.get("cham_lo.tien") for r in rows.values()) == 7_200_000


def test_it_shows_a_closed_cdcs_only_in_the_year_it_closed(report_data, district_a, make_unit):
    unit = make_unit("CDCS-Y", parent=district_a, valid_from=dt.date(2020, 1, 1))
    unit_close(actor=None, unit=unit, effective_date=dt.date(2023, 5, 1))
    rows = {c.code: c for c in figures_for(district_a, 2023).children}
    assert rows["CDCS-Y"].get("cdcs.giai_the") == 1 and rows["CDCS-Y"].get("cham_lo.tien") == 0
    assert "CDCS-Y" not in [c.code for c in figures_for(district_a, 2024).children]
    assert figures_for(district_a, 2024).get("cdcs.giai_the") == 0


@pytest.mark.parametrize("key", ["cham_lo.tien", "doan_vien.moi", "mai_am.so_nha", "lao_dong.tong",
                                 "cdcs.giai_the", "doan_vien.cuoi_nam"])
def test_it_drills_down_with_each_level_summing_to_the_one_above(closed, province, district_a, key):
    top = figure_provenance(province, 2024, key)
    assert top.children_sum == top.value
    tpnb = next(level for level in top.children if level.unit.code == "TPNB")
    district = figure_provenance(district_a, 2024, key)
    assert district.value == tpnb.value == district.children_sum
    if key in ("cham_lo.tien", "cdcs.giai_the"):
        x = next(level for level in district.children if level.unit.code == "CDCS-X")
        assert x.value == {"cham_lo.tien": 700_000, "cdcs.giai_the": 1}[key]
        assert "ngừng hoạt động từ 01/10/2024" in x.name
    if key == "cham_lo.tien":
        assert figure_provenance(closed, 2024, key).value == 700_000


def test_it_drills_down_a_movement_indicator_of_a_closed_cdcs(closed, province, district_a):
    key = f"chi_so.{Indicator.objects.get(name='Số sáng kiến').pk}"
    top = figure_provenance(province, 2024, key)
    assert top.value == top.children_sum == Decimal(10)
    district = figure_provenance(district_a, 2024, key)
    assert district.value == district.children_sum == Decimal(7)  # CDCS-A 4 + CDCS-X 3
