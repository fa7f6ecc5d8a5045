import datetime as dt
from decimal import Decimal

from unionreport.reports.figures import figures_for


def test_it_sums_every_figure_of_the_province(report_data, province):
    f = figures_for(province, 2024)
    assert f.get("cham_lo.luot") == 10 + 3 + 7 + 20
    assert f.get("cham_lo.tien") == 5_000_000 + 1_500_000 + 2_100_000 + 10_000_000
    assert f.get("cham_lo.tet.luot") == 10
    assert f.get("cham_lo.kho_khan.tien") == 1_500_000
    assert f.get("cham_lo.tien_mat.luot") == 3
    assert f.get("cham_lo.xa_hoi_hoa.tien") == 1_500_000
    assert f.get("mai_am.so_nha") == 2
    assert f.get("mai_am.xay_moi") == 1
    assert f.get("mai_am.tien") == 75_000_000
    assert f.get("mai_am.tien_cong_doan") == 30_000_000
    assert f.get("doan_vien.cuoi_nam") == 4
    assert f.get("doan_vien.moi") == 1
    assert f.get("doan_vien.giam") == 1
    assert f.get("cdcs.so_luong") == 2
    assert f.get("lao_dong.tong") == 150
    assert f.get("lao_dong.thu_nhap_bq") == (100 * 8_000_000 + 50 * 11_000_000) // 150
    assert f.get("hoat_dong.doi_thoai") == 3
    assert f.get("hoat_dong.hoi_nghi_nld") == 1
    assert f.get("hoat_dong.thoa_uoc") == 1
    assert f.get("van_ban.ke_hoach") == 1
    assert f.previous["cham_lo.luot"] == 8
    assert f.change("cham_lo.luot") == "+400,0%"
    assert f.movements[0].indicators[0].value == Decimal(7)
    assert [(t.achieved, t.met) for t in f.targets] == [(1, False), (2, True), (3, True)]
    assert f.get("chi_tieu.dat") == 2


def test_it_breaks_down_by_child_with_the_units_own_rows(report_data, province, district_a, district_b):
    rows = figures_for(province, 2024).children
    assert [r.code for r in rows] == ["TINH", "GV", "TPNB"]
    assert [r.get("cham_lo.luot") for r in rows] == [20, 7, 13]
    assert sum(r.get("cham_lo.tien") for r in rows) == figures_for(province, 2024).get("cham_lo.tien")
    assert [r.get("doan_vien.cuoi_nam") for r in rows] == [0, 2, 2]


def test_it_counts_new_and_dissolved_grassroots_unions(report_data, province, district_a, make_unit):
    from unionreport.units.services import unit_close

    new = make_unit("CDCS-N", parent=district_a, valid_from=dt.date(2024, 4, 1))
    unit_close(actor=None, unit=new, effective_date=dt.date(2024, 11, 1))
    make_unit("CDCS-M", parent=district_a, valid_from=dt.date(2024, 5, 1))
    f = figures_for(province, 2024)
    assert f.get("cdcs.moi") == 1
    assert f.get("cdcs.giai_the") == 1
    rows = {r.code: r for r in figures_for(province, 2024).children}
    assert rows["TPNB"].get("cdcs.giai_the") == 1


def test_it_groups_2024_by_the_2024_districts_after_the_2025_reorganisation(report_data, province, district_a,
                                                                             district_b, cdcs_a):
    from unionreport.units.models import Unit
    from unionreport.units.services import NewUnit, unit_merge

    unit_merge(actor=None, sources=[district_a, district_b], effective_date=dt.date(2025, 3, 1),
               new_unit=NewUnit(code="TPHL", name="LĐLĐ Thành phố Hoa Lư", level=Unit.Level.UPPER), parent=province)
    rows = figures_for(province, 2024).children
    assert [(r.code, r.get("cham_lo.luot")) for r in rows] == [("TINH", 20), ("GV", 7), ("TPNB", 13)]
    assert figures_for(province, 2024).get("cham_lo.luot") == 40
    assert [r.code for r in figures_for(province, 2025).children] == ["TPHL"]


def test_it_keeps_2024_grassroots_under_a_district_closed_in_2025(report_data, province, district_a):
    from unionreport.units.services import unit_close

    unit_close(actor=None, unit=district_a, effective_date=dt.date(2025, 7, 1), move_children_to=province)
    rows = {r.code: r.get("cham_lo.tien") for r in figures_for(province, 2024).children}
    assert rows["TPNB"] == 6_500_000
    assert "CDCS-A" not in rows
    assert "CDCS-A" in {r.code for r in figures_for(province, 2025).children}
