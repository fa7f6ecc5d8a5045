import pytest
from django.test import Client
from django.urls import reverse


def test_it_explains_a_refusal_in_vietnamese(client, leader, cdcs_a):
    client.force_login(leader)
    response = client.get(reverse("welfare:create"))
    assert response.status_code == 403
    assert "Lỗi 403" in response.content.decode()


def test_it_explains_an_expired_form_in_vietnamese(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


class _Unread:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("url", ["/bao-cao-nam/2024/CDCS-A/tai-len/", "/tai-khoan/dang-nhap/", "/khong-co/"])
def test_it_refuses_a_too_large_body_before_reading_it(client, staff, cdcs_a, settings, url):
    client.force_login(staff)
    size = 60 * 1024 * 1024
    response = client.generic("POST", url, b"", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(size), **{"wsgi.input": _Unread()})
    assert response.status_code == 413
    html = response.content.decode()
    assert "dữ liệu gửi lên quá lớn" in html and "tối đa 12 MB" in html and "tối đa 10 MB" in html


def test_it_still_explains_a_return_above_10_mb_on_its_page(client, officer_a, cdcs_a, settings):
    """Between the return's 10 MB and the request limit, the upload page's own message (not the 413 page)."""
    client.force_login(officer_a)
    body = b"x" * (settings.RETURN_MAX_BYTES + 100 * 1024)
    response = client.generic("POST", f"/bao-cao-nam/2024/{cdcs_a.code}/tai-len/", body,
                              content_type="application/octet-stream")
    assert response.status_code == 302


def test_it_takes_a_body_up_to_the_limit(client, staff, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.force_login(staff)
    assert client.post("/tai-khoan/dang-xuat/", {"x": "a" * 500}).status_code != 413
    assert client.post("/tai-khoan/dang-xuat/", {"x": "a" * 2000}).status_code == 413
