"""Every odd XML construct a probe put in a workbook is an error naming its cell, never an exception
(issue 16.3): each file is the real template with one sheet's XML rewritten."""

import pytest
from django.urls import reverse

from tests.returns.conftest import YEAR
from tests.returns.hostile import as_stream, rewrite, set_cell, sheet_path
from unionreport.members.models import Member
from unionreport.returns.models import ReturnVersion, UploadStaging
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db
RESAVE = "Mở tệp bằng Excel, lưu lại tệp dưới dạng Excel Workbook (.xlsx), rồi tải lên lại."
INFO, ROSTER, WELFARE = "Thông tin", "Đoàn viên", "Chăm lo"


def _errors(staff, wb, sheet, edit, **kwargs):
    data = rewrite(wb, {sheet_path(wb, sheet): edit}, **kwargs)
    result = return_import_file(actor=staff, path_or_file=as_stream(data))
    assert not result.imported and not Member.objects.exists() and not ReturnVersion.objects.exists()
    return [issue.text() for issue in result.errors]


def test_it_names_a_shared_string_that_does_not_exist(staff, filled):
    texts = _errors(staff, filled(), INFO, lambda xml: set_cell(xml, "B1", '<c r="B1" t="s"><v>99</v></c>'))
    assert (f"Thông tin!B1 (Mã đơn vị): Ô tham chiếu chuỗi không tồn tại (số 99) trong bảng chuỗi của tệp. {RESAVE}"
            in texts)


def test_it_says_1e400_is_not_a_year(staff, filled):
    texts = _errors(staff, filled(), INFO, lambda xml: set_cell(xml, "B3", '<c r="B3"><v>1e400</v></c>'))
    assert "Thông tin!B3 (Năm báo cáo): “1e400” không phải năm hợp lệ. Nhập năm bằng 4 chữ số, ví dụ 1985." in texts


def test_it_says_1e400_is_not_a_birth_year(staff, filled):
    texts = _errors(staff, filled(), ROSTER, lambda xml: set_cell(xml, "E2", '<c r="E2" s="3"><v>1e400</v></c>'))
    assert texts == ["Đoàn viên!E2 (Năm sinh): “1e400” không phải năm hợp lệ. Nhập năm bằng 4 chữ số, ví dụ 1985."]


@pytest.mark.parametrize("text", ["NaN", "inf", "-inf"])
def test_it_says_nan_and_infinity_are_not_numbers(staff, filled, text):
    texts = _errors(staff, filled(), WELFARE, lambda xml: set_cell(xml, "F2", f'<c r="F2"><v>{text}</v></c>'))
    assert texts == [f"Chăm lo!F2 (Số tiền (đồng)): “{text}” không phải số hợp lệ. "
                     "Nhập số tiền bằng đồng, ví dụ 1.500.000."]


def test_it_says_a_number_cell_holds_no_number(staff, filled):
    texts = _errors(staff, filled(), WELFARE, lambda xml: set_cell(xml, "E2", '<c r="E2"><v>abc</v></c>'))
    assert texts == ["Chăm lo!E2 (Số lượt đoàn viên): “abc” ô kiểu số có nội dung không phải số. "
                     "Nhập số nguyên không âm, ví dụ 25."]


def test_it_names_a_malformed_cell_reference(staff, filled):
    texts = _errors(staff, filled(), ROSTER,
                    lambda xml: set_cell(xml, "C2", '<c r="1B" t="inlineStr"><is><t>x</t></is></c>'))
    assert texts == [f"Đoàn viên!1B: Địa chỉ ô “1B” không hợp lệ (phải là cột rồi đến dòng 2, ví dụ B2). {RESAVE}"]


def test_it_names_a_style_that_does_not_exist(staff, filled):
    texts = _errors(staff, filled(), ROSTER, lambda xml: set_cell(xml, "E2", '<c r="E2" s="999"><v>1990</v></c>'))
    assert texts == [f"Đoàn viên!E2 (Năm sinh): Ô dùng kiểu định dạng không tồn tại (số 999). {RESAVE}"]


def test_it_names_a_cell_type_that_does_not_exist(staff, filled):
    texts = _errors(staff, filled(), ROSTER, lambda xml: set_cell(xml, "E2", '<c r="E2" t="zz"><v>1990</v></c>'))
    assert texts == [f"Đoàn viên!E2 (Năm sinh): Ô có kiểu dữ liệu “zz” không hợp lệ. {RESAVE}"]


def test_it_reads_a_sheet_encoded_in_utf16(staff, filled):
    """UTF-16 is allowed by the format: the sheet reads as its UTF-8 original."""
    def utf16(xml):
        return ('<?xml version="1.0" encoding="UTF-16"?>' + xml.split("?>", 1)[-1]).encode("utf-16")

    wb = filled()
    result = return_import_file(actor=staff, path_or_file=as_stream(rewrite(wb, {sheet_path(wb, ROSTER): utf16})),
                                dry_run=True)
    assert result.ok, result.lines()
    assert result.summary["sheets"][0]["rows"] == 3


def test_it_refuses_an_xml_1_1_declaration(staff, filled):
    texts = _errors(staff, filled(), ROSTER,
                    lambda xml: '<?xml version="1.1" encoding="UTF-8"?>' + xml.split("?>", 1)[-1])
    assert texts == [f"Đoàn viên: Khai báo XML phiên bản “1.1” (Excel chỉ dùng XML 1.0). {RESAVE}"]


@pytest.mark.parametrize("character", ["&#1;", "\x01", "&#xFFFE;"])
def test_it_names_the_cell_with_a_control_character(staff, filled, character):
    texts = _errors(staff, filled(), ROSTER, lambda xml: set_cell(
        xml, "C3", f'<c r="C3" t="inlineStr"><is><t>Trần{character}Bình</t></is></c>'))
    assert texts == [f"Đoàn viên!C3: Có ký tự điều khiển hoặc ký tự không hợp lệ trong XML. {RESAVE}"]


def test_it_names_where_a_truncated_sheet_stops(staff, filled):
    def cut(xml):
        return xml[: xml.index('<c r="D3"') + 12]

    texts = _errors(staff, filled(), ROSTER, cut)
    assert texts == [f"Đoàn viên!C3: Bị cắt cụt (nội dung XML không đầy đủ). {RESAVE}"]


def test_it_refuses_a_doctype_and_its_entities(staff, filled):
    bomb = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    texts = _errors(staff, filled(), INFO, lambda xml: xml.replace("<worksheet", bomb + "<worksheet", 1)
                    .replace("H16", "&b;"))
    assert texts == [f"Thông tin: Có khai báo DOCTYPE, không có trong tệp Excel. {RESAVE}"]


def test_it_refuses_rows_out_of_order(staff, filled):
    texts = _errors(staff, filled(), ROSTER, lambda xml: xml.replace('<row r="3"', '<row r="2"', 1))
    assert texts == [f"Đoàn viên!A2: Dòng 2 không đúng thứ tự (sau dòng 2). {RESAVE}"]


def test_it_previews_an_odd_cell_without_a_500(client, officer_a, filled):
    client.force_login(officer_a)
    wb = filled()
    data = rewrite(wb, {sheet_path(wb, ROSTER): lambda xml: set_cell(xml, "E2", '<c r="E2"><v>1e400</v></c>')})
    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]), {"file": as_stream(data)})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert [e["text"] for e in UploadStaging.objects.get().result["errors"]] == [
        "Đoàn viên!E2 (Năm sinh): “1e400” không phải năm hợp lệ. Nhập năm bằng 4 chữ số, ví dụ 1985."]
