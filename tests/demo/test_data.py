from unionreport.demo.data import load_demo_data
from unionreport.lib.formatting import approx_count, approx_million
from unionreport.movements.models import Movement
from unionreport.reports.figures import figures_for
from unionreport.welfare.models import Disbursement


def test_it_loads_demo_figures_that_read_like_the_conference(province, cdcs_a, cdcs_b, make_unit, district_a, staff):
    for n in range(6):
        make_unit(f"D{n}", parent=district_a)
    load_demo_data()
    f = figures_for(province, 2024)
    assert approx_count(f.get("cham_lo.luot")) == "hơn 65.000"
    assert approx_million(f.get("cham_lo.tien")) == "trên 31.529 triệu đồng"
    assert f.get("mai_am.so_nha") == 16
    assert len(f.movements) == 6
    assert (f.get("van_ban.chuong_trinh"), f.get("van_ban.ke_hoach"), f.get("van_ban.dot_pha")) == (1, 6, 3)
    assert 12 <= len(f.targets) <= 20
    rows = Disbursement.objects.count()
    load_demo_data()
    assert Disbursement.objects.count() == rows
    assert Movement.objects.filter(year=2024).count() == 6
