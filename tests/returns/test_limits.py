"""Every value the import writes must fit its model field (length, column range, plausible caps), said in the
preview like any other error — never a 500 at “Xác nhận” (PostgreSQL: varchar / integer / bigint out of range)."""

import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file
from unionreport.movements.models import Movement
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.cells import shown
from unionreport.returns.models import Return, UploadStaging
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db

OVERSIZE = [
    # (sheet, cell, value, the message the user sees)
    ("Đoàn viên", "B2", "X" * 300,
     "Đoàn viên!B2 (Số thẻ đoàn viên): “" + "X" * 59 + "…” dài quá 32 ký tự. Rút gọn còn tối đa 32 ký tự."),
    ("Chăm lo", "H2", "x" * 5000,
     "Chăm lo!H2 (Nội dung): “" + "x" * 59 + "…” dài quá 500 ký tự. Rút gọn còn tối đa 500 ký tự."),
    ("Tình hình lao động", "B1", 10**30,
     "Tình hình lao động!B1 (Tổng số lao động): “1.000.000.000.000.000.000.000.000.000.000” quá lớn. "
     "Không được lớn hơn 10.000.000."),
    ("Mái ấm Công đoàn", "E2", 10**25,
     "Mái ấm Công đoàn!E2 (Tổng kinh phí hỗ trợ (đồng)): “10.000.000.000.000.000.000.000.000” quá lớn. "
     "Không được lớn hơn 1.000.000.000.000.000."),
]


def _texts(result):
    return [issue.text() for issue in result.errors]


@pytest.mark.parametrize(("sheet", "ref", "value", "message"), OVERSIZE)
def test_it_refuses_what_does_not_fit_the_database(staff, filled, sheet, ref, value, message):
    wb = filled()
    wb[sheet][ref] = value
    result = return_import_file(actor=staff, path_or_file=as_file(wb), dry_run=True)
    assert _texts(result) == [message]
    issue = result.errors[0]
    assert (issue.sheet, f"{issue.column}{issue.row}") == (sheet, ref)


@pytest.mark.parametrize(("sheet", "ref", "value", "message"), OVERSIZE)
def test_it_previews_the_error_and_confirm_answers_without_a_500(client, officer_a, filled, cdcs_a,
                                                                 sheet, ref, value, message):
    client.force_login(officer_a)
    wb = filled()
    wb[sheet][ref] = value
    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]), {"file": as_file(wb)})
    assert response.status_code == 302
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "Tệp có 1 lỗi" in html and "Xác nhận nhập" not in html
    assert [e["text"] for e in UploadStaging.objects.get().result["errors"]] == [message]
    confirm = client.post(response.url)
    assert confirm.status_code < 500
    ret = Return.objects.filter(unit=cdcs_a, year=YEAR).first()
    assert ret is None or ret.current_version is None


def test_it_accepts_values_at_the_caps(staff, filled, cdcs_a):
    wb = filled()
    wb["Đoàn viên"]["B2"] = "9" * 32
    wb["Chăm lo"]["H2"] = "x" * 500
    wb["Chăm lo"]["F2"] = 10**15
    wb["Tình hình lao động"]["B1"] = 10_000_000
    result = return_import_file(actor=staff, path_or_file=as_file(wb))
    assert result.imported, _texts(result)


def test_it_never_groups_a_year(staff, filled):
    wb = filled()
    wb["Thông tin"]["B3"] = 99999
    result = return_import_file(actor=staff, path_or_file=as_file(wb), dry_run=True)
    assert ("Thông tin!B3 (Năm báo cáo): “99999” là năm trong tương lai. Nhập năm đã hoặc đang báo cáo."
            in _texts(result))
    assert shown(99999, "year") == "99999" and shown(99999) == "99.999"


def test_it_says_when_the_year_has_no_movements(staff, filled):
    Movement.objects.all().delete()
    wb = filled()
    for col, field in enumerate(L.MOVEMENTS.fields, start=1):  # a file laid out like last year's (header row 1)
        wb["Thi đua"].cell(row=1, column=col, value=field.header)
    result = return_import_file(actor=staff, path_or_file=as_file(wb), dry_run=True)
    expected = ("Thi đua!B2 (Phong trào): “Lao động giỏi, lao động sáng tạo” không có trong danh sách. "
                f"Năm {YEAR} chưa có phong trào thi đua nào; liên hệ LĐLĐ tỉnh.")
    assert expected in _texts(result)
    assert not any("Chọn một trong: ." in text for text in _texts(result))
