"""Years out of range (0, -5, 99999, 20 digits) answer 404 in paths and a filter error in lists: never 500."""

import re

import pytest
from django.urls import reverse

from unionreport.lib.years import YearConverter

P, C = "TINH", "CDCS-A"  # the cast's province and CĐCS (the demo's NB and CS0096)

PATH_URLS = [
    f"/tong-ket/{P}/99999/", f"/tong-ket/{P}/0/", f"/tong-ket/{P}/1999/", f"/tong-ket/{P}/2101/",
    f"/tong-ket/{P}/99999/pdf/", f"/tong-ket/{P}/0/pdf/", f"/tong-ket/{P}/99999/word/", f"/tong-ket/{P}/0/word/",
    f"/tong-ket/{P}/99999/nguon/doan_vien.cuoi_nam/", f"/tong-ket/{P}/0/nguon/doan_vien.cuoi_nam/",
    f"/tong-ket/{P}/99999/loi-van/",
    f"/bao-cao-nam/99999/{C}/", f"/bao-cao-nam/0/{C}/", f"/bao-cao-nam/99999/{C}/mau.xlsx",
    f"/bao-cao-nam/0/{C}/mau.xlsx", f"/bao-cao-nam/99999/{C}/xuat.xlsx",
    "/bao-cao-nam/tinh-hinh-nop/99999/", "/bao-cao-nam/tinh-hinh-nop/0/",
]
POST_URLS = [f"/bao-cao-nam/99999/{C}/nop/", f"/bao-cao-nam/99999/{C}/duyet/", f"/bao-cao-nam/0/{C}/nop/",
             f"/bao-cao-nam/0/{C}/duyet/", f"/bao-cao-nam/99999/{C}/tra-lai/", f"/bao-cao-nam/99999/{C}/mo-lai/"]
QUERY_URLS = ["/bao-cao-nam/?year=-5", "/bao-cao-nam/?year=99999", "/bao-cao-nam/?year=0", "/bao-cao-nam/?year=abc"]
LIST_URLS = [
    "/cham-lo/?year=99999", "/cham-lo/?year=99999999999999999999", "/cham-lo/?year=0", "/cham-lo/?year=-5",
    "/doan-vien/?year=99999", "/doan-vien/?year=99999999999999999999", "/mai-am/?year=99999",
    "/mai-am/?year=99999999999999999999", "/thi-dua/phong-trao/?year=99999", "/thi-dua/ket-qua/?year=99999",
]
EXPORT_URLS = ["/cham-lo/?year=99999&export=csv", "/doan-vien/?year=99999&export=xlsx",
               "/doan-vien/?year=99999999999999999999&export=csv", "/mai-am/?year=99999&export=xlsx"]


@pytest.fixture
def as_staff(client, staff, cdcs_a):
    client.force_login(staff)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", PATH_URLS)
def test_it_answers_404_for_a_year_out_of_range_in_a_path(as_staff, url):
    assert as_staff.get(url).status_code == 404


@pytest.mark.parametrize("url", POST_URLS)
def test_it_answers_404_for_a_workflow_action_of_a_year_out_of_range(as_staff, url):
    assert as_staff.post(url, {"note": "x", "reason": "lý do đủ dài"}).status_code == 404


@pytest.mark.parametrize("url", QUERY_URLS)
def test_it_falls_back_to_the_default_year_on_the_returns_overview(as_staff, url):
    assert as_staff.get(url).status_code == 200


@pytest.mark.parametrize("url", LIST_URLS)
def test_it_shows_a_vietnamese_filter_error_for_a_year_out_of_range(as_staff, url):
    response = as_staff.get(url)
    assert response.status_code == 200
    assert "Năm phải từ 2000 đến 2100." in response.content.decode()


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_it_exports_nothing_for_a_year_out_of_range(as_staff, url):
    assert as_staff.get(url).status_code == 200


def test_it_still_serves_the_years_in_range(as_staff):
    assert as_staff.get(f"/bao-cao-nam/2024/{C}/").status_code == 200
    assert as_staff.get("/cham-lo/?year=2024").status_code == 200
    assert reverse("reports:report", args=[P, 2100]) == f"/tong-ket/{P}/2100/"
    assert reverse("review:return", args=[2000, C]) == f"/bao-cao-nam/2000/{C}/"


@pytest.mark.parametrize("value, ok", [("2000", True), ("2024", True), ("2100", True), ("1999", False),
                                       ("2101", False), ("99999", False), ("0", False)])
def test_it_matches_only_reporting_years(value, ok):
    assert bool(re.fullmatch(YearConverter.regex, value)) is ok
