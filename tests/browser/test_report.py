"""Leadership reads the 2024 report, traces the welfare money down to a CĐCS's rows, and downloads the PDF."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.reports.conftest import give
from unionreport.returns.models import ReportingYear
from unionreport.welfare.models import Occasion


@pytest.fixture
def shaped_welfare(province, cdcs_a, cdcs_b):
    ReportingYear.objects.create(year=2024, cutoff_date=dt.date(2024, 11, 30), deadline=dt.date(2024, 12, 10),
                                 opened_at=timezone.now())  # the year the report page opens on
    give(cdcs_a, dt.date(2024, 1, 25), Occasion.TET, 65_000, 31_000_000_000)
    give(cdcs_b, dt.date(2024, 5, 1), Occasion.WORKERS_MONTH, 318, 529_420_000)


def test_it_traces_the_money_to_rows_and_downloads_the_pdf(login, live_server, leader, shaped_welfare, tmp_path):
    page = login(leader)
    page.goto(f"{live_server.url}/tong-ket/")
    page.click("text=Xem báo cáo")
    page.wait_for_selector("[data-testid=report]")
    assert "hơn 65.000 lượt" in page.inner_text("[data-testid=report]")
    page.click("a.fig:has-text('trên 31.529 triệu đồng')")
    assert "31.529.420.000" in page.inner_text("[data-testid=figure-value]")
    page.click("[data-testid=children] a:has-text('Thành phố Ninh Bình')")
    page.click("[data-testid=children] a:has-text('Dệt may Hoa Lư')")
    rows = page.inner_text("[data-testid=rows]")
    assert "31.000.000.000" in rows and "Tết Nguyên đán" in rows
    page.screenshot(path="/tmp/report-provenance.png", full_page=True)
    page.goto(f"{live_server.url}/tong-ket/TINH/2024/")
    page.screenshot(path="/tmp/report-page.png")
    with page.expect_download() as info:
        page.click("[data-testid=download-pdf]")
    path = tmp_path / "bao-cao.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
