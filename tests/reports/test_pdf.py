import dataclasses
import datetime as dt
import gc
import io
import subprocess
from unittest import mock

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from tests.reports.conftest import give
from unionreport.reports import pdf as pdf_module
from unionreport.reports.models import ReportNarrative
from unionreport.reports.pdf import (
    STATIC_BASE,
    ReportHTML,
    StaticOnlyFetcher,
    cyclic_gc_paused,
    render_pdf,
    render_print_html,
    report_ua_stylesheet,
)
from unionreport.reports.report import build_report
from unionreport.welfare.models import Occasion

HOSTILE = "Chú ý {{ 7*7 }} <script>alert(1)</script> {% load static %} {cham_lo.luot.__class__} {cham_lo.luot}"


@pytest.fixture
def conference_shaped(province, cdcs_a, cdcs_b, report_data):
    """Welfare shaped like the reference conference: 65.318 lượt, 31.529.420.000 đồng in total."""
    give(cdcs_a, dt.date(2024, 2, 1), Occasion.TET, 65_318 - 40 - 300, 31_529_420_000 - 18_600_000 - 500_000_000)
    give(cdcs_b, dt.date(2024, 2, 2), Occasion.TET, 300, 500_000_000)
    ReportNarrative.objects.create(unit=province, year=2024, intro_targets=HOSTILE, signer_name="Nguyễn Văn Mẫu")


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_it_writes_the_official_pdf(conference_shaped, province, tmp_path):
    pdf = render_pdf(build_report(province, 2024, links=False))
    pages = _page_texts(pdf)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Báo cáo tổng kết năm 2024 – LĐLĐ tỉnh Ninh Bình"
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "hơn 65.000 lượt" in text
    assert "trên 31.529 triệu đồng" in text
    first = " ".join(pages[0].split())
    for phrase in ("TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG", "TỈNH NINH BÌNH", "Số: 01/BC-LĐLĐ",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Ninh Bình, ngày 05 tháng 12 năm 2024", "BÁO CÁO"):
        assert phrase in first
    assert len(pages) > 2
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text and "{% load static %}" in text
    assert "49" not in text.split("Chú ý")[1][:20]
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    by_page = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout.split("\f")
    for number, page in enumerate(by_page[1:len(pages)], start=2):
        assert page.split()[0] == str(number), f"trang {number} không có số trang"
    assert by_page[0].split()[0] != "1"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("LiberationSerif" in n.replace("-", "") for n in names), fonts
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(pages)
    for image in images:
        gray = Image.open(image).convert("L")
        assert ImageStat.Stat(gray).extrema[0][0] < 100, f"{image.name} trắng"


def test_it_refuses_anything_but_our_static_files():
    fetcher = StaticOnlyFetcher()
    assert b"@page" in fetcher.fetch(STATIC_BASE + "reports/print.css").read()
    for url in ("https://example.org/x.css", "file:///etc/passwd", STATIC_BASE + "../settings.py",
                "http://127.0.0.1:8000/static/reports/print.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def _rows_per_page(html: str) -> list[set[str]]:
    """The classes of the table rows WeasyPrint laid out on each page."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).render()
    pages = []
    for page in document.pages:
        found, stack = set(), [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", "") == "tr":
                found.add(box.element.get("class") or "row")
            stack.extend(getattr(box, "children", []))
        pages.append(found)
    return pages


def test_it_never_leaves_a_total_row_alone_on_a_page():
    from django.template.loader import render_to_string

    from unionreport.reports.document import Cell, Column, ReportTable

    table = ReportTable("t", "Bảng 1. Thử", [Column("Đơn vị"), Column("Số", True)],
                        [[Cell(f"Đơn vị {n}"), Cell(str(n), numeric=True)] for n in range(3)],
                        [Cell("Tổng cộng"), Cell("3", numeric=True)])
    body = render_to_string("reports/_table.html", {"t": table, "report": None})
    seen_split = False
    for spacer in range(200, 236, 3):  # the table's end walks across the page break
        html = (f'<html><head><link rel="stylesheet" href="{STATIC_BASE}reports/print.css"></head><body>'
                f'<div style="height:{spacer}mm"></div>{body}</body></html>')
        pages = _rows_per_page(html)
        seen_split = seen_split or len(pages) > 1
        for rows in pages:
            if "total" in rows:
                assert "before-total" in rows, f"dòng tổng cộng một mình ở một trang (spacer {spacer} mm)"
    assert seen_split


def _pngs(pdf: bytes, folder, name: str) -> list[Image.Image]:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / name)], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{name}-*.png"))]


def test_it_draws_the_same_pages_with_the_report_stylesheet(conference_shaped, province, tmp_path):
    """The trimmed HTML stylesheet only drops pseudo-elements the report never shows: every page is the same."""
    assert report_ua_stylesheet() is not None, "html5_ua.css của WeasyPrint đã đổi: xem UA_RULES_REPLACED"
    html = render_print_html(build_report(province, 2024, links=False))
    with mock.patch.object(ReportHTML, "_ua_stylesheets", autospec=True,
                           side_effect=ReportHTML._ua_stylesheets) as hook:
        ours = ReportHTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert hook.called, "WeasyPrint không còn gọi HTML._ua_stylesheets"
    theirs = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
    ours_pages, their_pages = _pngs(ours, tmp_path, "ours"), _pngs(theirs, tmp_path, "theirs")
    assert len(ours_pages) == len(their_pages) > 2
    for number, (a, b) in enumerate(zip(ours_pages, their_pages, strict=True), 1):
        assert ImageChops.difference(a, b).getbbox() is None, f"trang {number} khác"


# The largest figure each number column of the fixed-layout tables is sized for (print.css), by table.
LARGEST = {
    "members_by_unit": ["99.999.999", *["9.999.999"] * 4],
    "appendix_units": ["999.999", "99.999.999", "9.999.999", "99.999.999", "999.999.999.999.999", "999.999",
                       "999.999"],
    "houses": ["999.999.999.999"] * 2,
    "returns": ["999.999"] * 5,
}
LARGEST_NUMBER = {"appendix_units": "999", "houses": "9999"}  # the TT column


def test_it_fits_the_largest_figures_in_the_fixed_columns(conference_shaped, province):
    report = build_report(province, 2024, links=False)
    for name, largest in LARGEST.items():
        table = report.tables[name]
        assert table.rows, name
        for row in [*table.rows, table.footer]:
            numeric = [i for i, cell in enumerate(row) if cell.numeric]
            assert len(numeric) == len(largest), name
            for i, text in zip(numeric, largest, strict=True):
                row[i] = dataclasses.replace(row[i], text=text)
            if name in LARGEST_NUMBER and row is not table.footer:
                row[0] = dataclasses.replace(row[0], text=LARGEST_NUMBER[name])
    document = ReportHTML(string=render_print_html(report), base_url=STATIC_BASE,
                          url_fetcher=StaticOnlyFetcher()).render()
    checked = set()
    for page in document.pages:
        stack = [(page._page_box, None, None)]
        while stack:
            box, table, cell = stack.pop()
            if isinstance(box, boxes.TableBox) and box.element.get("data-table") in LARGEST:
                table = box.element.get("data-table")
                assert box.style["table_layout"] == "fixed", table
            elif isinstance(box, boxes.TableCellBox) and table:
                cell = box
            elif isinstance(box, boxes.TextBox) and cell is not None and box.text.strip():
                left, right = cell.content_box_x(), cell.content_box_x() + cell.width
                assert left - 0.01 <= box.position_x and box.position_x + box.width <= right + 0.01, \
                    f"{table}: “{box.text}” tràn ra ngoài cột"
                checked.add(table)
            stack.extend((child, table, cell) for child in getattr(box, "children", []))
    assert checked == set(LARGEST)


def test_it_pauses_the_cyclic_collector_while_building_only():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():  # another thread's build
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # off before: stays off
    finally:
        gc.enable()
    with pytest.raises(ValueError), cyclic_gc_paused():
        raise ValueError
    assert gc.isenabled() and pdf_module._gc_pauses == 0
