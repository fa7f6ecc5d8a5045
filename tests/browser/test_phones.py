"""Every page of every role's menu reads on a phone (390 px): nothing wider than the screen, on the demo province.

Wide tables scroll inside their own box, the report's header blocks stack, the list of upload errors wraps.
The 1280 px pass checks that the navigation stays on one line with the user menu as a drop-down.
"""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from unionreport.demo.structure import DEMO_PASSWORD, demo_logins
from unionreport.returns.excel.template import build_return_workbook, workbook_bytes
from unionreport.units.models import Unit

PHONE = {"width": 390, "height": 844}
EXTRA = {  # pages a role reaches from its menu in one click, checked as well
    "canbo_tinh": ["/tong-ket/NB/2024/", "/tong-ket/NB/2024/loi-van/", "/bao-cao-nam/tinh-hinh-nop/2024/?unit=NB",
                   "/tong-ket/NB/2024/nguon/cham_lo.tien/"],
    "lanhdao": ["/tong-ket/NB/2024/"],
    "canbo_cdcs": ["/bao-cao-nam/2024/CS0096/", "/bao-cao-nam/2026/CS0096/"],
}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", "--today", "2026-12-02", stdout=io.StringIO())
    return [row[0] for row in demo_logins()]


def _log_in(page, base, username):
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _too_wide(page, base, paths) -> dict[str, int]:
    wide = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    return wide


def test_it_fits_every_page_of_every_menu_on_a_phone(browser, live_server, demo, tmp_path):
    """One demo load for three checks (the demo is the slow part): every menu page of every role, the upload
    error list, and the navigation at 1280 px."""
    assert len(demo) >= 5
    for username in demo:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        _log_in(page, live_server.url, username)
        menu = page.eval_on_selector_all("[data-testid=main-nav] a", "links => links.map(a => a.getAttribute('href'))")
        assert menu, username
        wide = _too_wide(page, live_server.url, [*menu, *EXTRA.get(username, [])])
        assert not wide, f"{username}: trang rộng hơn 390 px: {wide}"
        context.close()
    _check_upload_errors(browser, live_server, tmp_path)
    _check_navigation_at_1280(browser, live_server)


def _check_upload_errors(browser, live_server, tmp_path):
    wb = load_workbook(io.BytesIO(workbook_bytes(build_return_workbook(
        unit=Unit.objects.get(code="CS0096"), year=2026, with_data=False))))
    wb["Chăm lo"]["B2"], wb["Chăm lo"]["F2"] = "32/01/2026", "một triệu rưỡi đồng theo giá trị quà tặng"
    path = tmp_path / "bao-cao-loi.xlsx"
    wb.save(path)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _log_in(page, live_server.url, "canbo_cdcs")
    page.goto(f"{live_server.url}/bao-cao-nam/2026/CS0096/")  # sent back: open to a new upload
    page.set_input_files("input[type=file]", str(path))
    with page.expect_navigation():
        page.click("button:has-text('Tải lên và kiểm tra')")
    page.wait_for_load_state()
    assert page.locator("table.issue-list").first.is_visible()
    assert "Nhập số tiền bằng đồng" in page.inner_text("table.issue-list")
    right = page.evaluate("Math.max(...[...document.querySelectorAll('table.issue-list td')]"
                          ".map(td => td.getBoundingClientRect().right))")
    assert right <= PHONE["width"]  # the error text wraps: no column cut at the screen's edge
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "upload-errors-390.png"), full_page=True)
    context.close()


def _check_navigation_at_1280(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _log_in(page, live_server.url, "canbo_tinh")
    height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
    assert height < 70, f"thanh điều hướng cao {height} px (xuống dòng)"
    assert not page.is_visible("[data-testid=logout]")  # inside the user menu
    page.click("[data-testid=whoami]")
    assert page.is_visible("[data-testid=logout]")
    context.close()
