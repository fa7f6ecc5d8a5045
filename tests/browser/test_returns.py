"""A grassroots officer sends its return by Excel; the upper-level officer approves it."""

from openpyxl import load_workbook

from unionreport.returns.models import Return

YEAR = 2024


def _fill(path, amount):
    wb = load_workbook(path)
    info = wb["Thông tin"]
    info["B4"], info["B5"], info["B6"] = "Nguyễn Văn An", "0912345678", "02/12/2024"
    for row, value in enumerate([120, 80, 118, 115, 2, 8_500_000, 0, 0, 0, 0, 0], start=1):
        wb["Tình hình lao động"].cell(row=row, column=2, value=value)
    roster = wb["Đoàn viên"]
    for row, values in enumerate([[1, "001234", "Nguyễn Thị Hoa", "Nữ", 1990, "05/03/2015"],
                                  [2, "001235", "Trần Văn Bình", "Nam", 1985, "05/03/2016"]], start=2):
        for col, value in enumerate(values, start=1):
            roster.cell(row=row, column=col, value=value)
    welfare = wb["Chăm lo"]
    for row, values in enumerate([[1, "01/02/2024", "Tết Nguyên đán", "Tặng quà", 120, "60.000.000",
                                   "Tài chính công đoàn"],
                                  [2, "10/05/2024", "Tháng Công nhân", "Bữa cơm công đoàn", 100, amount,
                                   "Doanh nghiệp"]], start=2):
        for col, value in enumerate(values, start=1):
            welfare.cell(row=row, column=col, value=value)
    wb.save(path)


def test_it_lets_an_officer_send_its_return_and_the_upper_level_approve_it(
        page, live_server, login, officer_a, upper_officer_a, cdcs_a, tmp_path):
    login(officer_a)
    page.goto(f"{live_server.url}/bao-cao-nam/?year={YEAR}")
    with page.expect_download() as download:
        page.click("[data-testid=template-link]")
    path = tmp_path / "bao-cao.xlsx"
    download.value.save_as(path)
    assert load_workbook(path)["Thông tin"]["B1"].value == "CDCS-A"

    _fill(path, "1,5")  # one bad row: money with a decimal comma
    page.set_input_files("input[type=file]", str(path))
    page.click("form[data-upload-progress] button[type=submit]")
    page.wait_for_selector("[data-testid=errors]")
    errors = page.inner_text("[data-testid=errors]")
    assert "Chăm lo" in errors and "F (Số tiền (đồng))" in errors and "1,5" in errors
    assert "Nhập số tiền bằng đồng, ví dụ 1.500.000." in errors
    page.screenshot(path="/tmp/returns-preview-errors.png", full_page=True)
    assert page.locator("[data-testid=confirm]").count() == 0

    _fill(path, "15.000.000")
    page.goto(f"{live_server.url}/bao-cao-nam/{YEAR}/CDCS-A/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[data-upload-progress] button[type=submit]")
    page.wait_for_selector("[data-testid=confirm]")
    page.screenshot(path="/tmp/returns-preview-ok.png", full_page=True)
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=submit]")
    for box in page.locator("[data-testid=submit-section] textarea").all():  # 220 lượt for 2 members: explain
        box.fill("Chăm lo cả người lao động chưa vào công đoàn.")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    assert "Đã nộp, chờ cấp trên duyệt" in page.inner_text("[data-testid=status]")
    page.screenshot(path="/tmp/returns-detail.png", full_page=True)

    page.context.clear_cookies()
    login(upper_officer_a)
    page.goto(f"{live_server.url}/bao-cao-nam/?year={YEAR}")
    page.click("text=Xem và duyệt")
    assert page.inner_text("[data-testid=approve]") == "Duyệt (cấp trên)"
    page.click("[data-testid=approve]")
    page.wait_for_load_state()
    assert "Cấp trên đã duyệt" in page.inner_text("[data-testid=status]")
    assert Return.objects.get(unit=cdcs_a, year=YEAR).status == Return.Status.APPROVED_UPPER
