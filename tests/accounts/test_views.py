import pytest
from django.urls import reverse

from unionreport.accounts.models import User

LIST = reverse("accounts:user_list")
CREATE = reverse("accounts:user_create")


def good_user(cdcs, **extra):
    return {"username": "canbo_moi", "full_name": "Trần Thị Mai", "email": "mai@example.org", "phone": "0912 345 678",
            "role": "grassroots_officer", "unit": cdcs.pk, "password1": "Ninh-Binh@2025", "password2": "Ninh-Binh@2025"
            } | extra


def snapshot():
    return list(User.objects.order_by("pk").values_list("username", "role", "unit_id", "is_active", "password"))


def test_it_lists_users_in_constant_queries(client, staff, leader, officer_a, officer_b, cdcs_a,
                                            django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        html = client.get(LIST, {"sort": "-username"}).content.decode()
    assert "canbo_cdcs_a" in html and "Cán bộ công đoàn cơ sở" in html
    for i in range(30):
        User.objects.create_user(username=f"u{i:02d}", password="x", unit=cdcs_a)
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_it_filters_users_by_role_and_unit(client, staff, leader, officer_a, officer_b, cdcs_b):
    client.force_login(staff)
    html = client.get(LIST, {"role": "leadership"}).content.decode()
    assert "lanhdao" in html and "canbo_cdcs_a" not in html
    html = client.get(LIST, {"unit": cdcs_b.pk}).content.decode()
    assert "canbo_cdcs_b" in html and "canbo_cdcs_a" not in html


@pytest.mark.parametrize("who", ["leader", "upper_officer_a", "officer_a"])
def test_it_keeps_user_management_to_staff(client, request, who, staff, officer_b):
    client.force_login(request.getfixturevalue(who))
    before = snapshot()
    for url in [LIST, CREATE, reverse("accounts:user_edit", args=[officer_b.pk]),
                reverse("accounts:user_password", args=[officer_b.pk])]:
        assert client.get(url).status_code == 403
        if url != LIST:  # the list answers GET only
            assert client.post(url, {"role": "province_staff", "password1": "Ninh-Binh@2025"}).status_code == 403
    assert snapshot() == before


def test_it_creates_a_user(client, staff, cdcs_a):
    client.force_login(staff)
    assert client.post(CREATE, good_user(cdcs_a)).status_code == 302
    user = User.objects.get(username="canbo_moi")
    assert (user.first_name, user.last_name, user.unit, user.role) == ("Trần Thị Mai", "", cdcs_a, "grassroots_officer")
    assert user.check_password("Ninh-Binh@2025")


@pytest.mark.parametrize("extra, message", [
    ({"username": ""}, "Vui lòng nhập tên đăng nhập"),
    ({"username": "cán bộ"}, "chỉ gồm chữ không dấu"),
    ({"username": "CANBO_CDCS_A"}, "đã có người dùng"),
    ({"password1": "abc", "password2": "abc"}, "Mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
    ({"password1": "12345678", "password2": "12345678"}, "không được chỉ gồm chữ số"),
    ({"password1": "password", "password2": "password"}, "quá phổ biến"),
    ({"password2": "khac-hoan-toan"}, "không khớp"),
    ({"role": "grassroots_officer", "unit": "DISTRICT"}, "phải thuộc một công đoàn cơ sở"),
    ({"role": "upper_officer", "unit": "CDCS"}, "phải thuộc một công đoàn cấp trên"),
    ({"role": "province_staff", "unit": "DISTRICT"}, "phải thuộc LĐLĐ tỉnh"),
    ({"role": "leadership", "unit": "CDCS"}, "phải thuộc LĐLĐ tỉnh"),
    ({"role": "admin"}, "Vai trò không hợp lệ"),
    ({"unit": ""}, "Vui lòng chọn đơn vị"),
    ({"email": "khong-phai-email"}, "Email không hợp lệ"),
])
def test_it_refuses_bad_users_in_vietnamese(client, staff, officer_a, cdcs_a, district_a, extra, message):
    client.force_login(staff)
    ids = {"DISTRICT": district_a.pk, "CDCS": cdcs_a.pk}
    before = snapshot()
    response = client.post(CREATE, good_user(cdcs_a, **{k: ids.get(v, v) for k, v in extra.items()}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_it_edits_role_unit_and_active(client, staff, officer_a, district_a):
    client.force_login(staff)
    url = reverse("accounts:user_edit", args=[officer_a.pk])
    assert "Trần" not in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Lê Văn Hùng", "role": "upper_officer", "unit": district_a.pk})
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert (officer_a.role, officer_a.unit, officer_a.is_active) == ("upper_officer", district_a, False)


def test_it_refuses_bad_edits_in_vietnamese(client, staff, officer_a, district_a):
    client.force_login(staff)
    before = snapshot()
    html = client.post(reverse("accounts:user_edit", args=[officer_a.pk]),
                       {"full_name": "X", "role": "grassroots_officer", "unit": district_a.pk,
                        "is_active": "on"}).content.decode()
    assert "phải thuộc một công đoàn cơ sở" in html
    html = client.post(reverse("accounts:user_edit", args=[staff.pk]),
                       {"full_name": "X", "role": "province_staff", "unit": staff.unit_id}).content.decode()
    assert "tự khóa" in html
    assert snapshot() == before


def test_it_sets_a_new_password(client, staff, officer_a):
    client.force_login(staff)
    url = reverse("accounts:user_password", args=[officer_a.pk])
    before = snapshot()
    html = client.post(url, {"password1": "canbo_cdcs_a", "password2": "canbo_cdcs_a"}).content.decode()
    assert "quá giống tên đăng nhập" in html
    assert "Vui lòng nhập mật khẩu" in client.post(url, {}).content.decode()
    assert snapshot() == before
    assert client.post(url, {"password1": "Hoa-Lu@2025", "password2": "Hoa-Lu@2025"}).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Hoa-Lu@2025")


def test_it_hides_users_of_units_the_staff_cannot_see(client, staff, make_unit):
    other_province = make_unit("HN", "LĐLĐ tỉnh Hà Nam", level="province")
    outsider = User.objects.create_user(username="ngoai", password="x", unit=other_province)
    client.force_login(staff)
    assert client.get(reverse("accounts:user_edit", args=[outsider.pk])).status_code == 404
