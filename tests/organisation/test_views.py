import datetime as dt

import pytest
from django.urls import reverse

from unionreport.units.models import Reorganisation, Unit, UnitPeriod
from unionreport.units.services import NewUnit, unit_merge

TREE = reverse("organisation:tree")


def detail(unit, day=None):
    return reverse("organisation:detail", args=[unit.code]) + (f"?ngay={day}" if day else "")


@pytest.fixture
def merged_2025(province, district_a, district_b, cdcs_a, cdcs_b, staff):
    """TPNB and GV merged into HL on 01/03/2025 (as the demo does with Hoa Lư)."""
    return unit_merge(actor=staff, sources=[district_a, district_b], effective_date=dt.date(2025, 3, 1),
                      new_unit=NewUnit(code="HL", name="LĐLĐ Thành phố Hoa Lư", level=Unit.Level.UPPER),
                      parent=province)[0]


def test_it_shows_the_tree_as_of_a_date(client, staff, merged_2025):
    client.force_login(staff)
    before = client.get(TREE, {"ngay": "31/12/2024"}).content.decode()
    after = client.get(TREE, {"ngay": "2025-12-31"}).content.decode()
    assert "LĐLĐ Thành phố Ninh Bình" in before and "LĐLĐ Thành phố Hoa Lư" not in before
    assert "LĐLĐ Thành phố Hoa Lư" in after and "LĐLĐ Thành phố Ninh Bình" not in after
    assert 'data-code="CDCS-A"' in before and 'data-code="CDCS-A"' in after


def test_it_filters_the_tree_by_level(client, staff, cdcs_a, cdcs_b):
    client.force_login(staff)
    html = client.get(TREE, {"cap": "upper"}).content.decode()
    assert 'data-code="TPNB"' in html and 'data-code="CDCS-A"' not in html


def test_it_warns_about_a_bad_date_and_shows_today(client, staff, cdcs_a):
    client.force_login(staff)
    html = client.get(TREE, {"ngay": "31/02/2024"}).content.decode()
    assert "ngày không hợp lệ" in html and 'data-code="CDCS-A"' in html


def test_it_shows_an_upper_officer_only_its_subtree(client, upper_officer_a, cdcs_a, cdcs_b):
    client.force_login(upper_officer_a)
    html = client.get(TREE).content.decode()
    assert 'data-code="CDCS-A"' in html and 'data-code="TPNB"' in html
    assert 'data-code="CDCS-B"' not in html and 'data-code="GV"' not in html and 'data-code="TINH"' not in html
    assert client.get(detail(cdcs_b)).status_code == 404
    assert client.get(detail(cdcs_a)).status_code == 200


def test_it_shows_a_unit_with_history_children_and_ancestors(client, staff, merged_2025, cdcs_a):
    client.force_login(staff)
    html = client.get(detail(cdcs_a, "31/12/2024")).content.decode()
    assert "LĐLĐ Thành phố Ninh Bình" in html and "LĐLĐ tỉnh Ninh Bình" in html
    assert "LĐLĐ Thành phố Hoa Lư" in html  # in the history of parents
    district = client.get(detail(merged_2025, "31/12/2025")).content.decode()
    assert "CDCS-A" in district and "CDCS-B" in district and "Hợp nhất" in district
    closed = client.get(detail(Unit.objects.get(code="TPNB"), "31/12/2025")).content.decode()
    assert "không hoạt động vào ngày 31/12/2025" in closed


def _grow(make_unit, parent, count, start):
    for i in range(count):
        make_unit(f"X{start + i:04d}", parent=parent)


def test_it_shows_tree_and_unit_in_constant_queries(client, staff, district_a, make_unit,
                                                    django_assert_max_num_queries):
    client.force_login(staff)
    _grow(make_unit, district_a, 3, 0)
    with django_assert_max_num_queries(6):
        assert client.get(TREE).status_code == 200
    with django_assert_max_num_queries(14):  # + successions, the undo, the bell's unread count
        assert client.get(detail(district_a)).status_code == 200
    _grow(make_unit, district_a, 40, 100)
    with django_assert_max_num_queries(6):
        assert client.get(TREE).status_code == 200
    with django_assert_max_num_queries(14):  # + successions, the undo, the bell's unread count
        assert client.get(detail(district_a)).status_code == 200


def test_it_creates_a_unit(client, staff, district_a):
    client.force_login(staff)
    response = client.post(reverse("organisation:create"), {
        "code": "cs-new", "name": "Công đoàn Công ty TNHH Gốm Tràng An", "level": "grassroots",
        "kind": "enterprise", "parent": district_a.pk, "valid_from": "15/03/2024"})
    assert response.status_code == 302
    unit = Unit.objects.get(code="CS-NEW")
    assert unit.valid_from == dt.date(2024, 3, 15)
    assert Reorganisation.objects.filter(kind="create", actor=staff, units=unit).exists()


@pytest.mark.parametrize("data, message", [
    ({}, "Vui lòng nhập mã đơn vị"),
    ({"code": "có dấu", "name": "X", "level": "grassroots", "kind": "enterprise", "valid_from": "01/01/2024"},
     "không hợp lệ"),
    ({"code": "TPNB", "name": "X", "level": "grassroots", "kind": "enterprise", "valid_from": "01/01/2024",
      "parent": "PARENT"}, "đã được dùng"),
    ({"code": "CS1", "name": "X", "level": "grassroots", "kind": "enterprise", "valid_from": "32/01/2024",
      "parent": "PARENT"}, "ngày không hợp lệ"),
    ({"code": "CS1", "name": "X", "level": "grassroots", "kind": "enterprise", "valid_from": "01/01/2024"},
     "Vui lòng chọn đơn vị cấp trên"),
    ({"code": "CS1", "name": "X", "level": "grassroots", "kind": "enterprise", "valid_from": "01/01/2010",
      "parent": "PARENT"}, "không hoạt động vào ngày 01/01/2010"),
])
def test_it_refuses_bad_unit_input_in_vietnamese(client, staff, district_a, data, message):
    client.force_login(staff)
    data = {k: (district_a.pk if v == "PARENT" else v) for k, v in data.items()}
    before = (Unit.objects.count(), UnitPeriod.objects.count(), Reorganisation.objects.count())
    response = client.post(reverse("organisation:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Unit.objects.count(), UnitPeriod.objects.count(), Reorganisation.objects.count()) == before


def test_it_updates_contact_data(client, staff, cdcs_a):
    client.force_login(staff)
    url = reverse("organisation:contact", args=[cdcs_a.code])
    assert client.post(url, {"contact_person": "Trần Thị Hoa", "phone": "0229 3871 200"}).status_code == 302
    cdcs_a.refresh_from_db()
    assert (cdcs_a.contact_person, cdcs_a.phone) == ("Trần Thị Hoa", "0229 3871 200")
    html = client.post(url, {"contact_person": "X", "phone": "gọi tôi", "email": "sai"}).content.decode()
    assert "Số điện thoại chỉ gồm chữ số" in html and "Email không hợp lệ" in html
    cdcs_a.refresh_from_db()
    assert cdcs_a.contact_person == "Trần Thị Hoa"


def test_it_keeps_contact_editing_to_staff(client, leader, officer_a, cdcs_a):
    url = reverse("organisation:contact", args=[cdcs_a.code])
    for user in (leader, officer_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"contact_person": "X"}).status_code == 403
    cdcs_a.refresh_from_db()
    assert cdcs_a.contact_person == ""
