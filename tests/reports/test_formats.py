"""The 2024 demo report is one document in three formats: HTML, PDF and Word show the same headings and table
titles in the same order, and each reads the phrases the conference report requires."""

import io
import re
import zipfile
from unittest import mock

import docx
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from lxml import html as lxml_html
from pypdf import PdfReader

from unionreport.reports.docx_export import render_docx
from unionreport.reports.pdf import render_pdf, render_print_html
from unionreport.reports.report import build_report
from unionreport.units.models import Unit

PHRASES = ["hơn 65.000 lượt", "trên 31.529 triệu đồng", "16 nhà Mái ấm Công đoàn", "Tổng cộng: 16 nhà",
           "1 chương trình hành động, 6 kế hoạch và 3 chương trình đột phá", "TM. BAN THƯỜNG VỤ", "Nơi nhận:"]
OUTLINE_TAGS = {"h1", "h2", "h3", "h4", "caption", "figcaption"}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_2024(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo province loaded once for the module (rolled back after), and its 2024 report in three formats."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            media = tmp_path_factory.mktemp("media")
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                                   MEDIA_ROOT=media), mock.patch("sys.stdout", io.StringIO()):
                call_command("load_demo", stdout=io.StringIO())
            report = build_report(Unit.objects.get(code="NB"), 2024, links=False)
            yield {"report": report, "html": render_print_html(report), "pdf": render_pdf(report),
                   "docx": render_docx(report)}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def html_outline(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    return [_words(el.text_content()) for el in tree.iter() if el.tag in OUTLINE_TAGS]


def pdf_outline(pdf: bytes) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(_words(item.title))

    walk(PdfReader(io.BytesIO(pdf)).outline)
    return titles


def docx_outline(document) -> list[str]:
    return [_words(p.text) for p in document.paragraphs
            if p.style.name in ("Title", "Caption") or p.style.name.startswith("Heading")]


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return _words(" ".join(parts))


def test_it_writes_the_same_outline_in_html_pdf_and_word(demo_2024):
    html, pdf = html_outline(demo_2024["html"]), pdf_outline(demo_2024["pdf"])
    word = docx_outline(docx.Document(io.BytesIO(demo_2024["docx"])))
    assert html == pdf == word
    for title in ("BÁO CÁO", "Bảng 2. Văn bản chỉ đạo ban hành năm 2024",
                  "Bảng 7. Đoàn viên, CĐCS theo đơn vị cấp trên trực tiếp cơ sở", "Bảng 10. Chỉ tiêu năm 2025",
                  "Phụ lục 1 SỐ LIỆU CHỦ YẾU THEO ĐƠN VỊ CẤP TRÊN TRỰC TIẾP CƠ SỞ NĂM 2024",
                  "Biểu đồ 3. Thực hiện chỉ tiêu (% kế hoạch)"):
        assert title in html
    assert len([t for t in html if t.startswith("Bảng ")]) == len(demo_2024["report"].tables) - 3


def test_it_reads_the_conference_phrases_in_every_format(demo_2024):
    html = _words(lxml_html.fromstring(demo_2024["html"]).text_content())
    pdf = _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(demo_2024["pdf"])).pages))
    word = docx_text(docx.Document(io.BytesIO(demo_2024["docx"])))
    for phrase in PHRASES:
        assert phrase in html, phrase
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    for text in (html, pdf, word):
        assert not re.search(r"\{[a-z_]+(\.[a-z0-9_]+)+\}", text), "a raw placeholder in the report"


def test_it_lays_out_the_word_file_like_the_pdf(demo_2024):
    document = docx.Document(io.BytesIO(demo_2024["docx"]))
    orientations = [(s.page_width > s.page_height) for s in document.sections]
    assert orientations == [False, True, False]  # body, appendices 1–2 landscape, appendix 3 and the charts
    first = document.sections[0]
    assert first.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in first.header._element.xml
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])  # numbers run on
    with zipfile.ZipFile(io.BytesIO(demo_2024["docx"])) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 3 and all(n.endswith(".png") for n in images)
    headers = [_words(c.text) for c in document.tables[0].rows[0].cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in headers[1] and "TỔNG LĐLĐ VIỆT NAM" in headers[0]
    assert "Ninh Bình, ngày 05 tháng 12 năm 2024" in headers[1]
