import pytest
from django.urls import reverse

from tests.reports.conftest import give
from unionreport.welfare.models import Occasion


def test_it_shows_the_report_with_linked_figures(client, leader, report_data):
    client.force_login(leader)
    response = client.get(reverse("reports:report", args=["TINH", 2024]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "BÁO CÁO" in html
    assert reverse("reports:provenance", args=["TINH", 2024, "cham_lo.tien"]) in html
    assert "18.600.000" in html


def test_it_hides_another_units_report(client, officer_b, report_data):
    client.force_login(officer_b)
    assert client.get(reverse("reports:report", args=["TINH", 2024])).status_code == 404
    assert client.get(reverse("reports:report", args=["CDCS-A", 2024])).status_code == 404
    assert client.get(reverse("reports:provenance", args=["CDCS-A", 2024, "cham_lo.luot"])).status_code == 404
    assert client.get(reverse("reports:pdf", args=["CDCS-A", 2024])).status_code == 404


def test_it_traces_a_figure_down_to_the_rows(client, leader, report_data):
    client.force_login(leader)
    top = client.get(reverse("reports:provenance", args=["TINH", 2024, "cham_lo.luot"])).context["p"]
    assert top.value == 40 == top.children_sum
    assert [(level.unit.code, level.value) for level in top.children] == [("GV", 7), ("TPNB", 13)]
    assert top.own_value == 20
    district = client.get(reverse("reports:provenance", args=["TPNB", 2024, "cham_lo.luot"])).context["p"]
    assert district.value == 13 == district.children_sum
    cdcs = client.get(reverse("reports:provenance", args=["CDCS-A", 2024, "cham_lo.luot"]))
    p = cdcs.context["p"]
    assert p.value == 13 == sum(row.value for row in p.rows)
    assert "Nhập bởi" in p.rows[0].source


def test_it_traces_a_movement_indicator(client, leader, report_data):
    client.force_login(leader)
    key = f"chi_so.{report_data['indicator'].pk}"
    p = client.get(reverse("reports:provenance", args=["TINH", 2024, key])).context["p"]
    assert p.value == 7 == p.children_sum


@pytest.mark.parametrize("size", [1, 30])
def test_it_renders_report_and_provenance_in_constant_queries(client, leader, report_data, cdcs_a, make_unit,
                                                              district_b, django_assert_max_num_queries, size):
    for n in range(size):
        unit = make_unit(f"X{n}", parent=district_b)
        give(unit, __import__("datetime").date(2024, 3, 1), Occasion.TET, 1, 100_000)
    client.force_login(leader)
    with django_assert_max_num_queries(50):  # last year: the units flagged once, two queries a table
        assert client.get(reverse("reports:report", args=["TINH", 2024])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("reports:provenance", args=["GV", 2024, "cham_lo.tien"])).status_code == 200


@pytest.mark.parametrize("code", ["TINH", "CĐ-1", "A B", "x?y#z&w"])
def test_it_builds_the_provenance_urls_like_reverse(code):
    from unionreport.reports.provenance import provenance_url_maker

    url = provenance_url_maker(2024)
    for key in ("cham_lo.tien", "chi_so.12", "doan_vien.cuoi_nam"):
        assert url(code, key) == reverse("reports:provenance", args=[code, 2024, key])


def test_it_names_figures_by_label_never_by_key(client, staff, report_data):
    from unionreport.reports.models import Target

    client.force_login(staff)
    html = client.get(reverse("reports:target_list"), {"year": 2024}).content.decode()
    assert "Số đoàn viên kết nạp mới" in html and "doan_vien.moi" not in html
    target = Target.objects.get(figure_key="doan_vien.moi")
    detail = client.get(reverse("reports:target_detail", args=[target.pk])).content.decode()
    assert "Số đoàn viên kết nạp mới" in detail and "doan_vien.moi" not in detail
    form = client.get(reverse("reports:target_update", args=[target.pk])).content.decode()
    assert ">Số đoàn viên kết nạp mới</option>" in form and "(doan_vien.moi)" not in form
