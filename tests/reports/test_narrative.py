import io

from django.urls import reverse
from docx import Document

from tests.reports.test_pdf import HOSTILE
from unionreport.reports.docx_export import render_docx
from unionreport.reports.models import ReportNarrative
from unionreport.reports.narrative import fill, plain
from unionreport.reports.report import build_report


def test_it_phrases_figures_like_the_conference():
    values = {"cham_lo.luot": 65_318, "cham_lo.tien": 31_529_420_000}
    text = "{cham_lo.luot} lượt, {cham_lo.tien_trieu}, {cham_lo.tien_ty}, {cham_lo.luot|chinh_xac}, năm {nam}"
    assert plain(fill(text, values, 2024)[0]) == (
        "hơn 65.000 lượt, trên 31.529 triệu đồng, trên 31,5 tỷ đồng, 65.318, năm 2024")


def test_it_never_evaluates_what_staff_typed():
    text = plain(fill(HOSTILE, {"cham_lo.luot": 12}, 2024)[0])
    assert text == ("Chú ý {{ 7*7 }} <script>alert(1)</script> {% load static %} {cham_lo.luot.__class__} 12")


def test_it_shows_hostile_narrative_as_text_in_html_and_word(client, staff, province, report_data):
    ReportNarrative.objects.create(unit=province, year=2024, assessment=HOSTILE)
    client.force_login(staff)
    html = client.get(reverse("reports:report", args=["TINH", 2024])).content.decode()
    assert "{{ 7*7 }}" in html and "{% load static %}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    document = Document(io.BytesIO(render_docx(build_report(province, 2024, links=False))))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "{{ 7*7 }} <script>alert(1)</script> {% load static %}" in paragraphs
    assert "BÁO CÁO" in paragraphs and "Phần thứ hai – Đánh giá chung" in paragraphs


def test_it_uses_default_sentences_when_nothing_was_written(client, leader, report_data):
    client.force_login(leader)
    html = client.get(reverse("reports:report", args=["TINH", 2024])).content.decode()
    assert "Các cấp công đoàn đã chăm lo cho" in html


def test_it_lets_staff_edit_the_narrative(client, staff, leader, province, report_data):
    url = reverse("reports:narrative", args=["TINH", 2024])
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert "{cham_lo.luot}" in client.get(url).content.decode()
    response = client.post(url, {"document_number": "05/BC-LĐLĐ", "place": "Ninh Bình", "signer_title": "CHỦ TỊCH",
                                 "signer_name": "Nguyễn Văn Mẫu", "recipients": "Lưu: VT",
                                 "intro_welfare": "Đã chăm lo {cham_lo.luot} lượt."})
    assert response.status_code == 302
    html = client.get(reverse("reports:report", args=["TINH", 2024])).content.decode()
    assert "Số: 05/BC-LĐLĐ" in html and "Đã chăm lo" in html
    assert ReportNarrative.history.count() == 1
