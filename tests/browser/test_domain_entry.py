"""A provincial officer enters a welfare disbursement, finds it in the list and totals, edits it, reads its history."""

import re

import pytest
from playwright.sync_api import expect

SHOTS = "/tmp"


@pytest.fixture
def desktop(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    return page


def test_it_enters_edits_and_shows_the_history_of_a_disbursement(desktop, login, live_server, staff, cdcs_a):
    page = login(staff)
    page.goto(f"{live_server.url}/cham-lo/")
    page.click("[data-testid=create-link]")
    page.select_option("select[name=unit]", str(cdcs_a.pk))
    page.fill("input[name=date]", "20/01/2024")
    page.select_option("select[name=occasion]", label="Tết Nguyên đán")
    page.select_option("select[name=form]", label="Tặng quà")
    page.fill("input[name=person_times]", "3")
    page.fill("input[name=amount_vnd]", "1.500.000")
    page.select_option("select[name=source]", label="Tài chính công đoàn")
    page.fill("textarea[name=description]", "Quà Tết cho đoàn viên khó khăn")
    page.screenshot(path=f"{SHOTS}/h2_welfare_form.png", full_page=True)
    page.click("form[data-testid=entry-form] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm khoản chăm lo")

    page.goto(f"{live_server.url}/cham-lo/?year=2024")
    table = page.locator("[data-testid=list-table]")
    expect(table.locator("tbody")).to_contain_text("Quà Tết cho đoàn viên khó khăn")
    expect(table.locator("tbody")).to_contain_text("1.500.000")
    expect(table.locator("tfoot")).to_contain_text("1.500.000")
    page.screenshot(path=f"{SHOTS}/h2_welfare_list.png", full_page=True)

    table.locator("tbody a", has_text="Sửa").first.click()
    page.fill("input[name=amount_vnd]", "2.000.000")
    page.click("form[data-testid=entry-form] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu thay đổi")
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("Số tiền (đồng): 1.500.000 → 2.000.000")
    expect(history).to_contain_text(re.compile(r"canbo_tinh"))
    expect(history).to_contain_text("Tạo mới")
    page.screenshot(path=f"{SHOTS}/h2_welfare_detail.png", full_page=True)

    page.goto(f"{live_server.url}/cham-lo/?year=2024")
    expect(page.locator("[data-testid=list-table] tfoot")).to_contain_text("2.000.000")
