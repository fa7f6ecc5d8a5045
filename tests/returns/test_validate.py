"""One test per rule of the return-workbook spec, each with the message the user sees."""

import datetime as dt

import pytest

from tests.returns.conftest import YEAR, as_file
from unionreport.returns.excel.template import workbook_bytes  # noqa: F401
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db


def _check(staff, wb, dry_run=True):
    return return_import_file(actor=staff, path_or_file=as_file(wb), dry_run=dry_run)


def _texts(issues):
    return [i.text() for i in issues]


def _set(wb, sheet, ref, value):
    wb[sheet][ref] = value
    return wb


ERRORS = [
    # (sheet, cell, value, the message the user sees)
    ("Chăm lo", "F3", "1,5",
     'Chăm lo!F3 (Số tiền (đồng)): “1,5” không phải số nguyên. Nhập số tiền bằng đồng, ví dụ 1.500.000.'),
    ("Chăm lo", "F3", "1234.5",
     'Chăm lo!F3 (Số tiền (đồng)): “1234.5” không phải số nguyên. Nhập số tiền bằng đồng, ví dụ 1.500.000.'),
    ("Chăm lo", "F3", -5000,
     'Chăm lo!F3 (Số tiền (đồng)): “-5000” là số âm. Nhập số tiền bằng đồng, ví dụ 1.500.000.'),
    ("Chăm lo", "E3", "0",
     "Chăm lo!E3 (Số lượt đoàn viên): “0” không hợp lệ. Số lượt đoàn viên phải từ 1 trở lên."),
    ("Chăm lo", "E3", 2.5,
     "Chăm lo!E3 (Số lượt đoàn viên): “2.5” không phải số nguyên. Nhập số nguyên không âm, ví dụ 25."),
    ("Chăm lo", "B3", "31/12/2023",
     "Chăm lo!B3 (Ngày): “31/12/2023” không hợp lệ. Ngày 31/12/2023 không thuộc năm báo cáo 2024."),
    ("Chăm lo", "B3", "32/01/2024",
     "Chăm lo!B3 (Ngày): “32/01/2024” không phải ngày hợp lệ. Nhập ngày dạng dd/mm/yyyy, ví dụ 05/03/2024."),
    ("Chăm lo", "B3", None, "Chăm lo!B3 (Ngày): Chưa nhập. Ô này bắt buộc."),
    ("Chăm lo", "C3", "Trung thu",
     "Chăm lo!C3 (Dịp): “Trung thu” không có trong danh sách. Chọn một trong: Tết Nguyên đán; Tháng Công nhân; "
     "Kỷ niệm ngày thành lập Công đoàn Việt Nam; Chương trình do công đoàn tổ chức; Ốm đau, hoàn cảnh khó khăn; "
     "Khác."),
    ("Chăm lo", "D3", "Tiền",
     "Chăm lo!D3 (Hình thức): “Tiền” không có trong danh sách. Chọn một trong: Tặng quà; Thăm hỏi; "
     "Bữa cơm công đoàn; Hỗ trợ tiền mặt; Khác."),
    ("Chăm lo", "G3", "Ngân sách",
     "Chăm lo!G3 (Nguồn kinh phí): “Ngân sách” không có trong danh sách. Chọn một trong: Tài chính công đoàn; "
     "Xã hội hóa; Doanh nghiệp; Khác."),
    ("Đoàn viên", "B3", "001234", "Đoàn viên!B3 (Số thẻ đoàn viên): “001234” bị trùng với dòng 2. "
     "Mỗi đoàn viên chỉ ghi một dòng."),
    ("Đoàn viên", "C3", None, "Đoàn viên!C3 (Họ và tên): Chưa nhập. Ô này bắt buộc."),
    ("Đoàn viên", "D3", "M", "Đoàn viên!D3 (Giới tính): “M” không có trong danh sách. Chọn một trong: Nam; Nữ."),
    ("Đoàn viên", "E3", 1939, "Đoàn viên!E3 (Năm sinh): “1939” không hợp lệ. Năm sinh phải từ 1940 đến 2009."),
    ("Đoàn viên", "E3", 2010, "Đoàn viên!E3 (Năm sinh): “2010” không hợp lệ. Năm sinh phải từ 1940 đến 2009."),
    ("Đoàn viên", "F3", "02/01/2025",
     "Đoàn viên!F3 (Ngày vào công đoàn): “02/01/2025” không hợp lệ. Ngày vào công đoàn không được sau 31/12/2024."),
    ("Đoàn viên", "G4", "01/01/2009", "Đoàn viên!G4 (Ngày ra khỏi công đoàn): “01/01/2009” không hợp lệ. "
     "Ngày ra khỏi công đoàn không được trước ngày vào công đoàn."),
    ("Mái ấm Công đoàn", "C2", "999999", "Mái ấm Công đoàn!C2 (Số thẻ đoàn viên): “999999” không có trong danh sách "
     "đoàn viên của đơn vị. Ghi đúng số thẻ như ở trang “Đoàn viên”, hoặc để trống."),
    ("Mái ấm Công đoàn", "D2", "Mua nhà", "Mái ấm Công đoàn!D2 (Loại hỗ trợ): “Mua nhà” không có trong danh sách. "
     "Chọn một trong: Xây mới; Sửa chữa."),
    ("Mái ấm Công đoàn", "E2", 0, "Mái ấm Công đoàn!E2 (Tổng kinh phí hỗ trợ (đồng)): “0” không hợp lệ. "
     "Tổng kinh phí hỗ trợ phải từ 1 đồng trở lên."),
    ("Mái ấm Công đoàn", "F2", 40_000_000, "Mái ấm Công đoàn!F2 (Trong đó từ tài chính công đoàn (đồng)): "
     "“40.000.000” không hợp lệ. Không được lớn hơn tổng kinh phí hỗ trợ."),
    ("Mái ấm Công đoàn", "G2", "01/01/2025", "Mái ấm Công đoàn!G2 (Ngày bàn giao): “01/01/2025” không hợp lệ. "
     "Ngày 01/01/2025 không thuộc năm báo cáo 2024."),
    ("Thi đua", "B2", "Phong trào khác", "Thi đua!B2 (Phong trào): “Phong trào khác” không có trong danh sách. "
     "Chọn một trong: Lao động giỏi, lao động sáng tạo."),
    ("Thi đua", "C2", "Số cây xanh", "Thi đua!C2 (Chỉ tiêu): “Số cây xanh” không phải chỉ tiêu của phong trào này. "
     "Chọn một trong: Số sáng kiến được công nhận; Giá trị làm lợi (đồng); Số giờ tình nguyện."),
    ("Thi đua", "D2", "2,5", "Thi đua!D2 (Giá trị): “2,5” không hợp lệ. Chỉ tiêu này là số nguyên "
     "(số lượng hoặc tiền đồng)."),
    ("Thi đua", "D2", "-3", "Thi đua!D2 (Giá trị): “-3” là số âm. Nhập số không âm, ví dụ 12 hoặc 12,5."),
    ("Tình hình lao động", "B2", 130, "Tình hình lao động!B2 (Trong đó lao động nữ): “130” không hợp lệ. "
     "Không được lớn hơn tổng số lao động."),
    ("Tình hình lao động", "B3", 121, "Tình hình lao động!B3 (Số lao động có hợp đồng lao động): “121” không hợp lệ. "
     "Không được lớn hơn tổng số lao động."),
    ("Tình hình lao động", "B4", 121, "Tình hình lao động!B4 (Số lao động tham gia bảo hiểm xã hội): “121” không "
     "hợp lệ. Không được lớn hơn tổng số lao động."),
    ("Tình hình lao động", "B5", 121, "Tình hình lao động!B5 (Số lao động thiếu việc làm): “121” không hợp lệ. "
     "Không được lớn hơn tổng số lao động."),
    ("Tình hình lao động", "B6", 0, "Tình hình lao động!B6 (Thu nhập bình quân (đồng/người/tháng)): “0” không hợp "
     "lệ. Thu nhập bình quân chỉ được bằng 0 khi tổng số lao động bằng 0."),
    ("Tình hình lao động", "B1", None, "Tình hình lao động!B1 (Tổng số lao động): Chưa nhập. Ô này bắt buộc."),
    ("Tình hình lao động", "B7", "1,5", "Tình hình lao động!B7 (Tiền lương nợ người lao động (đồng)): “1,5” không "
     "phải số nguyên. Nhập số tiền bằng đồng, ví dụ 1.500.000."),
    ("Hoạt động khác", "B2", "Chưa", "Hoạt động khác!B2 (Tổ chức Hội nghị người lao động): “Chưa” không có trong "
     "danh sách. Chọn một trong: Có; Không."),
    ("Hoạt động khác", "B7", 5, "Hoạt động khác!B7 (Số đoàn viên được kết nạp Đảng): “5” không hợp lệ. "
     "Không được lớn hơn số đoàn viên ưu tú giới thiệu cho Đảng."),
    ("Hoạt động khác", "B1", "hai", "Hoạt động khác!B1 (Số cuộc đối thoại tại nơi làm việc): “hai” không phải số. "
     "Nhập số nguyên không âm, ví dụ 25."),
    ("Thông tin", "B3", 2030, "Thông tin!B3 (Năm báo cáo): “2030” là năm trong tương lai. "
     "Nhập năm đã hoặc đang báo cáo."),
    ("Thông tin", "B3", "2024,5", "Thông tin!B3 (Năm báo cáo): “2024,5” không phải số nguyên. "
     "Nhập năm bằng 4 chữ số, ví dụ 1985."),
    ("Thông tin", "B3", None, "Thông tin!B3 (Năm báo cáo): Chưa nhập. Ô này bắt buộc."),
    ("Thông tin", "B1", None, "Thông tin!B1 (Mã đơn vị): Chưa nhập. Ô này bắt buộc."),
    ("Thông tin", "B1", "KHONG-CO", "Thông tin!B1 (Mã đơn vị): “KHONG-CO” không có trong hệ thống hoặc bạn không "
     "được báo cáo cho đơn vị này. Nhập đúng mã đơn vị như trong tệp mẫu tải về."),
    ("Thông tin", "B1", "TPNB", "Thông tin!B1 (Mã đơn vị): “TPNB” không phải mã của một công đoàn cơ sở. "
     "Báo cáo năm do từng CĐCS lập; nhập mã của CĐCS."),
    ("Thông tin", "B6", "hôm qua", "Thông tin!B6 (Ngày lập): “hôm qua” không phải ngày hợp lệ. "
     "Nhập ngày dạng dd/mm/yyyy, ví dụ 05/03/2024."),
]


@pytest.mark.parametrize(("sheet", "ref", "value", "message"), ERRORS, ids=[f"{e[0]}!{e[1]}={e[2]}" for e in ERRORS])
def test_it_reports_each_rule_with_its_message(staff, filled, sheet, ref, value, message):
    result = _check(staff, _set(filled(), sheet, ref, value))
    assert message in _texts(result.errors)
    assert not result.ok


def test_it_reports_every_error_at_once_and_saves_nothing(staff, filled, members_of, cdcs_a):
    wb = filled()
    wb["Chăm lo"]["F3"] = "1,5"
    wb["Đoàn viên"]["E2"] = 1890
    wb["Mái ấm Công đoàn"]["D2"] = "Mua nhà"
    result = _check(staff, wb, dry_run=False)
    assert len(result.errors) == 3
    assert not result.imported and not members_of(cdcs_a)


def test_it_refuses_a_unit_the_uploader_may_not_report_for(officer_b, filled):
    result = _check(officer_b, filled())
    assert result.errors[0].text().startswith("Thông tin!B1 (Mã đơn vị): “CDCS-A” không có trong hệ thống")


def test_it_warns_when_the_unit_name_differs(staff, filled):
    result = _check(staff, _set(filled(), "Thông tin", "B2", "Tên khác"))
    assert result.ok
    assert _texts(result.warnings) == ["Thông tin!B2 (Tên đơn vị): “Tên khác” khác tên trong hệ thống "
                                       "(“Công đoàn Công ty Dệt may Hoa Lư”). Số liệu vẫn được nhận theo mã đơn vị."]


def test_it_matches_sheets_and_headers_after_normalising(staff, filled):
    wb = filled()
    wb["Chăm lo"].title = " CHAM  LO "
    wb["Đoàn viên"]["C1"] = "  HO VA  TEN "
    result = _check(staff, wb)
    assert result.ok, _texts(result.errors)
    assert result.summary["sheets"][1]["rows"] == 2


def test_it_accepts_columns_in_any_order_and_a_header_below_a_title(staff, filled):
    wb = filled()
    ws = wb["Chăm lo"]
    ws.insert_rows(1, 3)
    ws["A1"] = "BẢNG CHĂM LO ĐOÀN VIÊN NĂM 2024"
    ws.move_range("B4:B6", cols=8)  # Ngày moves to column J
    ws["K4"] = "Ghi chú riêng"
    result = _check(staff, wb)
    assert result.ok, _texts(result.errors)
    assert result.summary["sheets"][1]["rows"] == 2
    assert "Chăm lo!K4: “Ghi chú riêng” là cột không thuộc mẫu (hoặc lặp lại), được bỏ qua." in _texts(result.warnings)


def test_it_reports_a_missing_header(staff, filled):
    wb = filled()
    wb["Chăm lo"]["F1"] = "Tiền"
    result = _check(staff, wb)
    assert ("Chăm lo: Không tìm thấy dòng tiêu đề; thiếu cột: “Số tiền (đồng)”. Dòng tiêu đề phải nằm trong 10 dòng "
            "đầu và có đủ các cột bắt buộc như tệp mẫu.") in _texts(result.errors)


def test_it_reports_a_missing_required_sheet_and_accepts_missing_optional_ones(staff, filled):
    wb = filled()
    del wb["Đoàn viên"]
    del wb["Thi đua"]
    result = _check(staff, wb)
    assert _texts(result.errors) == ["Đoàn viên: Thiếu trang tính “Đoàn viên”. Dùng tệp mẫu tải về từ hệ thống, "
                                     "không đổi tên trang tính."]


def test_it_reports_a_missing_workforce_label(staff, filled):
    wb = filled()
    wb["Tình hình lao động"].delete_rows(11)
    result = _check(staff, wb)
    assert ("Tình hình lao động: Thiếu dòng “Số vụ tranh chấp lao động tập thể, ngừng việc tập thể” (nhãn ở cột A, "
            "giá trị ở cột B). Dùng tệp mẫu tải về từ hệ thống.") in _texts(result.errors)


def test_it_requires_no_deaths_without_accidents(staff, filled):
    wb = filled()
    wb["Tình hình lao động"]["B9"], wb["Tình hình lao động"]["B10"] = 0, 1
    result = _check(staff, wb)
    assert ("Tình hình lao động!B10 (Số người chết do tai nạn lao động): “1” không hợp lệ. Không có vụ tai nạn lao "
            "động thì số người chết phải bằng 0.") in _texts(result.errors)


def test_it_reads_vietnamese_numbers_and_dates(staff, filled):
    wb = filled(welfare=[
        [1, 45323, "tết nguyên đán", "TANG QUA", "1 234", "1.234.000 đ", "tai chinh cong doan", ""],
        [2, "5/3/2024", "Khác", "Khác", 1, "1.234.000đ", "Khác", ""],
        [3, "05-03-2024", "Khác", "Khác", 1, "1 234 000", "Khác", ""],
        [4, dt.datetime(2024, 3, 5, 0, 0), "Khác", "Khác", 1, 1234000, "Khác", ""],
    ])
    result = _check(staff, wb, dry_run=False)
    assert result.ok, _texts(result.errors)
    from unionreport.welfare.models import Disbursement
    rows = list(Disbursement.objects.order_by("id").values_list("date", "amount_vnd", "person_times", "occasion"))
    assert rows[0] == (dt.date(2024, 2, 1), 1_234_000, 1234, "tet")
    assert {r[0] for r in rows[1:]} == {dt.date(2024, 3, 5)}
    assert {r[1] for r in rows} == {1_234_000}


def test_it_skips_empty_rows_and_totals_rows_warning_when_they_disagree(staff, filled):
    wb = filled(welfare=[
        [1, "01/02/2024", "Tết Nguyên đán", "Tặng quà", 10, 1_000_000, "Khác", ""],
        [None] * 8,
        [2, "01/03/2024", "Khác", "Khác", 5, 500_000, "Khác", ""],
        ["Tổng cộng", None, None, None, 15, 2_000_000, None, None],
        [None, "Cộng", None, None, 15, 1_500_000, None, None],
    ])
    result = _check(staff, wb)
    assert result.ok
    assert result.summary["sheets"][1]["rows"] == 2
    assert _texts(result.warnings) == [
        "Chăm lo!F5 (Số tiền (đồng)): “2.000.000” ở dòng tổng cộng khác tổng các dòng phía trên (1.500.000). "
        "Dòng tổng cộng không được nhập; hãy kiểm tra lại số liệu."]


def test_it_says_when_a_formula_has_no_cached_value(staff, filled):
    wb = filled()
    wb["Chăm lo"]["F3"] = "=F2*2"
    result = _check(staff, wb)
    assert ("Chăm lo!F3 (Số tiền (đồng)): “(công thức)” là công thức chưa có giá trị tính sẵn (tệp chưa được mở và "
            "lưu bằng Excel). Mở tệp bằng Excel để tính công thức rồi lưu lại, hoặc nhập giá trị thay cho công thức."
            ) in _texts(result.errors)


def test_it_keeps_leading_zeros_of_card_numbers(staff, filled, members_of, cdcs_a):
    assert _check(staff, filled(), dry_run=False).ok
    assert set(members_of(cdcs_a)) == {"001234", "001235", "001236"}


def test_it_warns_about_unknown_sheets(staff, filled):
    wb = filled()
    wb.create_sheet("Nháp")["A1"] = "ghi chép"
    result = _check(staff, wb)
    assert result.ok
    assert "Nháp: Không phải trang tính của mẫu, được bỏ qua." in _texts(result.warnings)


def test_it_refuses_a_file_for_another_year_than_the_page(officer_a, filled, cdcs_a):
    from unionreport.returns.services import return_import

    result = return_import(actor=officer_a, upload=as_file(filled()), unit=cdcs_a, year=YEAR - 1, dry_run=True)
    assert ("Thông tin!B3 (Năm báo cáo): “2024” khác năm đang tải lên (2023). Tải tệp lên đúng năm báo cáo, hoặc "
            "sửa năm trong tệp.") in _texts(result.errors)
