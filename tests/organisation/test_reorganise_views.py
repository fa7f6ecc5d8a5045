import datetime as dt

import pytest
from django.urls import URLPattern, reverse

from unionreport.organisation import urls
from unionreport.organisation.views.reorganise import REORGANISATIONS
from unionreport.units import selectors
from unionreport.units.models import Reorganisation, Unit, UnitPath, UnitPeriod


def reorganise(unit, kind):
    return reverse("organisation:reorganise", args=[unit.code, kind])


def state():
    return (Unit.objects.count(), UnitPeriod.objects.count(), UnitPath.objects.count(),
            Reorganisation.objects.count(), list(UnitPeriod.objects.values_list("valid_to", flat=True).order_by("id")))


def unit_urls(unit):
    """Every page of the units urlconf that names a unit, for `unit` (all reorganisation kinds)."""
    result = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = set(pattern.pattern.converters)
        if "code" not in names:
            continue
        kinds = REORGANISATIONS if "kind" in names else [None]
        for kind in kinds:
            kwargs = {"code": unit.code} | ({"kind": kind} if kind else {})
            result.append(reverse(f"organisation:{pattern.name}", kwargs=kwargs))
    assert len(result) >= 1 + len(REORGANISATIONS)
    return result


def test_it_answers_404_for_every_page_of_another_cdcs(client, officer_a, cdcs_b):
    client.force_login(officer_a)
    for url in unit_urls(cdcs_b):
        assert client.get(url).status_code == 404, url
        # the unit page is GET only
        expected = 405 if url == reverse("organisation:detail", args=[cdcs_b.code]) else 404
        assert client.post(url, {"effective_date": "01/07/2025"}).status_code == expected, url


def test_it_lets_leadership_change_nothing(client, leader, district_a, cdcs_a):
    client.force_login(leader)
    before = state()
    pages = {reverse("organisation:detail", args=[cdcs_a.code]), reverse("organisation:detail", args=[district_a.code])}
    for url in [*unit_urls(cdcs_a), *unit_urls(district_a)]:
        if url not in pages:  # every form
            assert client.get(url).status_code == 403, url
        assert client.post(url, {"effective_date": "01/07/2025", "buoc": "xac-nhan",
                                 "new_name": "X"}).status_code in {403, 405}, url
    assert client.get(reverse("organisation:create")).status_code == 403
    assert client.post(reverse("organisation:create"), {"code": "X1"}).status_code == 403
    assert state() == before


def test_it_refuses_reorganisation_to_officers(client, upper_officer_a, cdcs_a):
    client.force_login(upper_officer_a)
    assert client.get(reorganise(cdcs_a, "rename")).status_code == 403


def test_it_previews_then_applies_a_move(client, staff, cdcs_a, district_b):
    client.force_login(staff)
    data = {"new_parent": district_b.pk, "effective_date": "01/07/2025", "note": "QĐ 12/QĐ-LĐLĐ"}
    before = state()
    preview = client.post(reorganise(cdcs_a, "move"), data)
    html = preview.content.decode()
    assert "Xem trước" in html and "CDCS-A" in html and "LĐLĐ huyện Gia Viễn (GV)" in html
    assert state() == before
    done = client.post(reorganise(cdcs_a, "move"), data | {"buoc": "xac-nhan"})
    assert done.status_code == 302
    assert selectors.parent_of(cdcs_a, dt.date(2025, 7, 1)) == district_b
    assert selectors.parent_of(cdcs_a, dt.date(2025, 6, 30)).code == "TPNB"


def test_it_previews_and_applies_a_merge_into_a_new_unit(client, staff, province, district_a, district_b, cdcs_a,
                                                         cdcs_b):
    client.force_login(staff)
    data = {"other_codes": "gv", "new_code": "HL", "new_name": "LĐLĐ Thành phố Hoa Lư", "parent": province.pk,
            "effective_date": "01/03/2025"}
    html = client.post(reorganise(district_a, "merge"), data).content.decode()
    assert "Thành lập" in html and "Giải thể" in html and "LĐLĐ Thành phố Hoa Lư (HL)" in html
    assert not Unit.objects.filter(code="HL").exists()
    assert client.post(reorganise(district_a, "merge"), data | {"buoc": "xac-nhan"}).status_code == 302
    merged = Unit.objects.get(code="HL")
    assert sorted(u.code for u in selectors.children(merged, dt.date(2025, 3, 1))) == ["CDCS-A", "CDCS-B"]


def test_it_applies_rename_close_and_split(client, staff, province, district_a, cdcs_a, make_unit):
    client.force_login(staff)
    other = make_unit("CDCS-A2", parent=district_a)
    url = reorganise(district_a, "rename")
    assert client.post(url, {"new_name": "LĐLĐ TP Ninh Bình mới", "effective_date": "01/01/2025",
                             "buoc": "xac-nhan"}).status_code == 302
    assert selectors.name_on(district_a, dt.date(2024, 12, 31)) == "LĐLĐ Thành phố Ninh Bình"
    split = {"new_units": "SA | Công đoàn A\nSB | Công đoàn B", "assignment": "CDCS-A | SA\ncdcs-a2 | sb",
             "effective_date": "01/02/2025"}
    assert "Chia tách" in client.post(reorganise(district_a, "split"), split).content.decode()
    assert client.post(reorganise(district_a, "split"), split | {"buoc": "xac-nhan"}).status_code == 302
    assert selectors.parent_of(other, dt.date(2025, 2, 1)).code == "SB"
    close = {"move_children_to": province.pk, "effective_date": "01/07/2025", "reason": "khac", "buoc": "xac-nhan"}
    assert client.post(reorganise(Unit.objects.get(code="SA"), "close"), close).status_code == 302
    assert selectors.parent_of(cdcs_a, dt.date(2025, 7, 1)) == province


def test_it_goes_back_to_the_form_to_edit(client, staff, cdcs_a, district_b):
    client.force_login(staff)
    html = client.post(reorganise(cdcs_a, "move"), {"new_parent": district_b.pk, "effective_date": "01/07/2025",
                                                    "buoc": "sua"}).content.decode()
    assert "Bước 1/2" in html and "01/07/2025" in html


BAD_INPUT = [
    ("rename", {}, "Vui lòng nhập tên mới"),
    ("rename", {"new_name": "Mới", "effective_date": "2025/99/01"}, "ngày không hợp lệ"),
    ("rename", {"new_name": "Mới", "effective_date": "01/01/2019"}, "không hoạt động vào ngày 01/01/2019"),
    ("move", {"effective_date": "01/07/2025"}, "Vui lòng chọn đơn vị cấp trên mới"),
    ("move", {"new_parent": "SELF", "effective_date": "01/07/2025"}, "chính đơn vị cấp dưới"),
    ("move", {"new_parent": "999999", "effective_date": "01/07/2025"}, "đơn vị không hợp lệ"),
    ("close", {"effective_date": "01/07/2025"}, "Vui lòng chọn lý do giải thể"),
    ("close", {"effective_date": "01/07/2025", "reason": "khac"}, "còn 1 đơn vị trực thuộc"),
    ("close", {"effective_date": "01/07/2025", "reason": "bia"}, "Chọn lý do giải thể trong danh sách"),
    ("merge", {"effective_date": "01/03/2025"}, "Chọn đơn vị tiếp nhận có sẵn"),
    ("merge", {"other_codes": "KHONG-CO", "into": "PROVINCE", "effective_date": "01/03/2025"}, "KHONG-CO"),
    ("merge", {"into": "SELF", "effective_date": "01/03/2025"}, "không được nằm trong danh sách"),
    ("merge", {"new_code": "TINH", "new_name": "Trùng", "effective_date": "01/03/2025"}, "đã được dùng"),
    ("split", {"new_units": "A | Một", "effective_date": "01/03/2025"}, "ít nhất hai đơn vị mới"),
    ("split", {"new_units": "A Một\nB | Hai", "effective_date": "01/03/2025"}, "dòng 1"),
    ("split", {"new_units": "SA | Một\nSB | Hai", "effective_date": "01/03/2025"}, "Chưa chọn đơn vị mới cho"),
]


@pytest.mark.parametrize("kind, data, message", BAD_INPUT)
@pytest.mark.parametrize("step", ["xem-truoc", "xac-nhan"])
def test_it_refuses_bad_reorganisations_in_vietnamese(client, staff, province, district_a, cdcs_a, kind, data,
                                                      message, step):
    client.force_login(staff)
    ids = {"SELF": district_a.pk, "PROVINCE": province.pk}
    data = {key: ids.get(value, value) for key, value in data.items()} | {"buoc": step}
    before = state()
    response = client.post(reorganise(district_a, kind), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Bước 1/2" in response.content.decode()
    assert state() == before


def test_it_answers_404_for_an_unknown_kind(client, staff, cdcs_a):
    client.force_login(staff)
    assert client.get(reorganise(cdcs_a, "explode")).status_code == 404
