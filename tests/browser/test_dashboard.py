"""The home page in a real browser, per role, at desktop (1280×900) and phone (390×844) width.

Screenshots go to a temporary folder (or to $DASHBOARD_SCREENSHOTS when set, to look at them).
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests.reports.conftest import report_data  # noqa: F401  (the report's hand-computed rows)
from unionreport.returns.models import ReportingYear, Return

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("DASHBOARD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("dashboard-shots")


@pytest.fixture
def returns_2024(cdcs_a, cdcs_b, officer_a):
    ReportingYear.objects.create(year=2024, cutoff_date=dt.date(2024, 11, 30), deadline=dt.date(2024, 12, 10),
                                 opened_at=timezone.now())  # opened: the year every page defaults to
    Return.objects.create(unit=cdcs_a, year=2024, status=Return.Status.SUBMITTED, submitted_by=officer_a,
                          submitted_at=timezone.make_aware(dt.datetime(2024, 12, 2, 9, 0)))


def _fits_the_width(page) -> bool:
    """Nothing sticks out sideways (wide tables scroll inside their own box)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("role", ["leader", "staff", "upper_officer_a", "officer_a"])
def test_it_shows_each_role_its_home_page_on_desktop_and_phone(request, page, login, live_server, shots, role,
                                                               report_data, returns_2024):  # noqa: F811
    user = request.getfixturevalue(role)
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        login(user) if name == "desktop" else page.goto(f"{live_server.url}/")
        testid = "dashboard-grassroots" if role == "officer_a" else "dashboard"
        assert page.locator(f"[data-testid={testid}]").is_visible()
        assert _fits_the_width(page), f"{role} at {name} width scrolls sideways"
        page.screenshot(path=str(shots / f"dashboard-{role}-{name}.png"), full_page=True)
    if role == "officer_a":
        assert page.locator("[data-testid=template-download]").is_visible()
    else:
        assert page.locator("[data-testid=headline]").count() == 6


def test_it_lets_a_leader_on_a_phone_see_the_year_and_download_the_pdf(page, login, live_server, leader, shots,
                                                                      report_data, returns_2024):  # noqa: F811
    page.set_viewport_size(PHONE)
    login(leader)
    money = page.locator("[data-testid=headline][data-key='cham_lo.tien']")
    assert money.locator("[data-testid=value]").inner_text() == "18,6"
    assert "Năm 2023: 4,0" in money.inner_text()
    assert "+365,0%" in money.locator("[data-testid=change]").inner_text()
    assert "2/3 chỉ tiêu hoàn thành" in page.locator("[data-testid=targets]").inner_text()
    missing = page.locator("[data-testid=missing-units]")
    assert "Công đoàn Trường THCS Gia Viễn" in missing.inner_text()
    assert page.locator("[data-testid=missing-link]").first.is_visible()
    page.screenshot(path=str(shots / "dashboard-leader-phone-done.png"), full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=download-pdf]")
    download = info.value
    assert download.suggested_filename == "bao-cao-tong-ket-2024-TINH.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"


def test_it_sorts_child_units_with_javascript_off(browser, live_server, leader, report_data):  # noqa: F811
    from django.test import Client

    client = Client()
    client.force_login(leader)
    session = client.cookies["sessionid"].value
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/?year=2024")
    page.click("[data-testid=child-table] th >> text=Chăm lo (lượt)")
    first = page.locator("[data-testid=child-table] tbody tr").first.inner_text()
    assert first.startswith("LĐLĐ huyện Gia Viễn")  # 7 lượt, the fewest
    page.click("[data-testid=child-table] th >> text=Chăm lo (lượt)")
    assert page.locator("[data-testid=child-table] tbody tr").first.inner_text().startswith("Trực tiếp tại")
    context.close()


def test_it_prints_without_navigation_and_buttons(page, login, leader, shots, report_data, returns_2024):  # noqa: F811
    page.set_viewport_size(DESKTOP)
    login(leader)
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=main-nav]").is_visible()
    assert not page.locator("[data-testid=download-pdf]").is_visible()
    assert not page.locator("[data-testid=dash-chooser]").is_visible()
    assert page.locator("[data-testid=headlines]").is_visible()
    assert page.locator("[data-testid=completeness]").is_visible()
    page.screenshot(path=str(shots / "dashboard-leader-print.png"), full_page=True)
