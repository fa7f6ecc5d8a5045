import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file
from unionreport.returns.models import Return, UploadStaging
from unionreport.returns.services import return_import_file
from unionreport.returns.workflow import return_submit

pytestmark = pytest.mark.django_db


def _upload(client, wb, unit_code="CDCS-A"):
    return client.post(reverse("returns:upload", args=[YEAR, unit_code]), {"file": as_file(wb)})


def test_it_sends_a_grassroots_officer_to_its_own_return(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("review:index") + f"?year={YEAR}")
    assert response.status_code == 302
    assert response.url == reverse("review:return", args=[YEAR, "CDCS-A"])
    page = client.get(response.url)
    assert "Tải tệp mẫu năm 2024" in page.content.decode()


def test_it_uploads_previews_and_confirms(client, officer_a, filled, members_of, cdcs_a):
    client.force_login(officer_a)
    response = _upload(client, filled())
    assert response.status_code == 302
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "Tệp hợp lệ" in html and "Xác nhận nhập" in html
    assert not members_of(cdcs_a)
    done = client.post(response.url)
    assert done.status_code == 302
    assert len(members_of(cdcs_a)) == 3
    assert Return.objects.get(unit=cdcs_a, year=YEAR).current_version.number == 1


def test_it_shows_every_error_with_its_place(client, officer_a, filled, members_of, cdcs_a):
    client.force_login(officer_a)
    wb = filled()
    wb["Chăm lo"]["F3"] = "1,5"
    wb["Đoàn viên"]["E2"] = 1890
    response = _upload(client, wb)
    html = client.get(response.url).content.decode()
    assert "Tệp có 2 lỗi" in html
    assert "Nhập số tiền bằng đồng, ví dụ 1.500.000." in html
    assert "<strong>F</strong> (Số tiền (đồng))" in html
    assert "Năm sinh phải từ 1940 đến 2009." in html
    assert "Xác nhận nhập" not in html
    assert not members_of(cdcs_a)
    detail = client.get(reverse("review:return", args=[YEAR, "CDCS-A"])).content.decode()
    assert "Lần tải lên gần nhất có lỗi" in detail


def test_it_refuses_a_csv_upload_with_what_to_do(client, officer_a):
    client.force_login(officer_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]),
                           {"file": SimpleUploadedFile("bao-cao.xlsx", "Mã,Tên\n1,2\n".encode())})
    html = client.get(response.url).content.decode()
    assert "Lưu lại tệp dưới dạng Excel Workbook (.xlsx)" in html


def test_it_answers_404_for_every_url_of_another_units_return(client, officer_a, officer_b, filled, cdcs_b, staff):
    wb = filled(cdcs_b)
    result = return_import_file(actor=staff, path_or_file=as_file(wb))
    assert result.ok, result.lines()
    version = Return.objects.get(unit=cdcs_b).current_version
    client.force_login(officer_b)
    staging_url = _upload(client, wb, "CDCS-B").url
    client.force_login(officer_a)
    gets = ["review:return", "returns:template", "returns:export"]
    posts = ["returns:upload", "review:submit", "review:submit_nothing", "review:approve", "review:send_back",
             "review:reopen", "review:follow_up"]
    for name in gets:
        assert client.get(reverse(name, args=[YEAR, "CDCS-B"])).status_code == 404, name
    for name in posts:
        assert client.post(reverse(name, args=[YEAR, "CDCS-B"]), {"reason": "x" * 10, "note": "x" * 10,
                                                                  "mark": "1"}).status_code == 404, name
    assert client.get(reverse("returns:version_file", args=[version.pk])).status_code == 404
    assert client.get(staging_url).status_code == 404
    assert client.post(staging_url).status_code == 404
    assert client.get(reverse("review:index") + "?unit=CDCS-B").url.endswith("/CDCS-A/")
    assert client.get(reverse("returns:completeness", args=[YEAR]) + "?unit=GV").status_code == 404
    assert UploadStaging.objects.filter(unit=cdcs_b).count() == 1


def test_it_lets_an_upper_officer_upload_on_behalf_and_approve(client, upper_officer_a, officer_a, filled, cdcs_a):
    client.force_login(upper_officer_a)
    response = _upload(client, filled())
    client.post(response.url)
    return_submit(actor=officer_a, unit=cdcs_a, year=YEAR)
    index = client.get(reverse("review:index") + f"?year={YEAR}").content.decode()
    assert "CDCS-A" in index
    seen = Return.objects.get(unit=cdcs_a).version
    client.post(reverse("review:approve", args=[YEAR, "CDCS-A"]), {"version": seen})
    assert Return.objects.get(unit=cdcs_a).status == Return.Status.APPROVED_UPPER
