"""A CĐCS explains its warnings and submits; its upper officer reviews the queue, bulk-approves; the province
reads the figures. Screenshots at 1280 and 390 px wide (/tmp/review-*.png)."""

from tests.returns.conftest import YEAR, as_file, filled, movement  # noqa: F401 - fixtures
from tests.returns.quality_data import outlier_welfare, store_last_year
from unionreport.returns import services
from unionreport.returns.models import Return

WIDTHS = (1280, 390)


def _shots(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/review-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_it_takes_a_return_from_warnings_to_approval(page, live_server, login, staff, officer_a, upper_officer_a,
                                                     filled, cdcs_a):  # noqa: F811
    store_last_year(cdcs_a)
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled(welfare=outlier_welfare()))).imported
    login(officer_a)
    page.goto(f"{live_server.url}/bao-cao-nam/{YEAR}/CDCS-A/")
    assert page.locator("[data-testid=warnings] tr[data-code]").count() >= 2
    _shots(page, "cdcs-warnings")
    page.click("[data-testid=submit]")  # the browser asks for the explanations first (required)
    assert Return.objects.get(unit=cdcs_a).status == Return.Status.DRAFT
    for box in page.locator("[data-testid=submit-section] textarea").all():
        box.fill("Năm nay doanh nghiệp hỗ trợ thêm quà Tết cho toàn bộ người lao động.")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    assert "Đã nộp, chờ cấp trên duyệt" in page.inner_text("[data-testid=status]")

    page.context.clear_cookies()
    login(upper_officer_a)
    page.goto(f"{live_server.url}/bao-cao-nam/?year={YEAR}")
    assert "CDCS-A" in page.inner_text("[data-testid=queue]")
    _shots(page, "queue")
    page.goto(f"{live_server.url}/bao-cao-nam/{YEAR}/CDCS-A/")
    assert page.inner_text("[data-testid=approve]") == "Duyệt (cấp trên)"
    assert "Năm nay doanh nghiệp hỗ trợ thêm" in page.inner_text("[data-testid=warnings]")
    _shots(page, "approval-page")
    page.goto(f"{live_server.url}/bao-cao-nam/?year={YEAR}")
    page.check("[data-testid=pick]")
    page.click("[data-testid=bulk-approve]")
    page.wait_for_selector("[data-testid=bulk-confirm]")
    _shots(page, "bulk-confirm")
    page.click("[data-testid=bulk-run]")
    page.wait_for_selector("[data-testid=bulk-results]")
    assert "Đã duyệt (cấp trên)." in page.inner_text("[data-testid=bulk-results]")
    _shots(page, "bulk-result")

    page.context.clear_cookies()
    login(staff)
    page.goto(f"{live_server.url}/bao-cao-nam/{YEAR}/CDCS-A/")
    assert page.inner_text("[data-testid=approve]") == "Duyệt (tỉnh)"
    page.goto(f"{live_server.url}/bao-cao-nam/chat-luong/{YEAR}/")
    assert "CL_TIEN_NAM_TRUOC" in page.inner_text("[data-testid=quality]")
    _shots(page, "quality")
    page.goto(f"{live_server.url}/")
    _shots(page, "dashboard")
