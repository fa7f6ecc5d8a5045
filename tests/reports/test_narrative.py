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
    assert response.status_code == 302 and response["Location"] == url  # saving stays on the editor
    html = client.get(reverse("reports:report", args=["TINH", 2024])).content.decode()
    assert "Số: 05/BC-LĐLĐ" in html and "Đã chăm lo" in html and "Nguyễn Văn Mẫu" in html
    assert ReportNarrative.history.count() == 1


FORM = {"document_number": "01/BC-LĐLĐ", "place": "Ninh Bình", "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Mẫu", "recipients": "Lưu: VT"}


def test_it_refuses_an_unknown_placeholder_and_suggests_the_nearest(client, staff, province, report_data):
    url = reverse("reports:narrative", args=["TINH", 2024])
    client.force_login(staff)
    response = client.post(url, FORM | {"intro_welfare": "Tổng số tiền {cham_lo.tien_ti}.",
                                        "assessment": "Đạt {cham_lo.luot | chinh_xac} lượt, {bogus}."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có {cham_lo.tien_ti}. Có phải {cham_lo.tien_ty}?" in html
    assert "Viết {cham_lo.luot | chinh_xac} thành {cham_lo.luot} hoặc {cham_lo.luot|chinh_xac}" in html
    assert "Không có {bogus} trong danh sách số liệu" in html
    assert "Tổng số tiền {cham_lo.tien_ti}." in html  # the typed text stays in the box
    assert not ReportNarrative.objects.exists()


def test_it_refuses_a_huge_text_and_keeps_hostile_text_as_text(client, staff, province, report_data):
    url = reverse("reports:narrative", args=["TINH", 2024])
    client.force_login(staff)
    response = client.post(url, FORM | {"direction": "Chữ " * 25_000})
    assert "quá mức 20.000 ký tự" in response.content.decode() and not ReportNarrative.objects.exists()
    response = client.post(url, FORM | {"assessment": "<b>đậm</b> <script>alert(1)</script> {nam}"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 2024" in html and "<script>alert(1)" not in html
    response = client.post(url, FORM | {"assessment": "Chú ý {{ 7*7 }}"})
    assert "Không có { 7*7 }" in response.content.decode()


def test_it_opens_with_the_text_in_the_box_and_a_filled_preview(client, staff, province, report_data,
                                                                django_assert_max_num_queries):
    from unionreport.reports.narrative import SECTION_BY_FIELD

    url = reverse("reports:narrative", args=["TINH", 2024])
    client.force_login(staff)
    with django_assert_max_num_queries(44):  # last year: the units flagged once, two queries a table
        html = client.get(url).content.decode()
    default = SECTION_BY_FIELD["intro_welfare"].default
    assert f">\n{default}</textarea>" in html  # the default sentence, ready to adjust
    assert "Các cấp công đoàn đã chăm lo cho 40 lượt" in html  # its preview, with this year's figures
    assert 'id="narrative-phrases"' in html and '"{cham_lo.luot|chinh_xac}": "40"' in html
    client.post(url, FORM | {"intro_welfare": default})
    assert ReportNarrative.objects.get().intro_welfare == ""  # unchanged default: it keeps following the default
    client.post(url, FORM | {"intro_welfare": "Đã chăm lo {cham_lo.luot|chinh_xac} lượt."})
    html = client.get(url).content.decode()
    assert ">\nĐã chăm lo {cham_lo.luot|chinh_xac} lượt.</textarea>" in html and "Đã chăm lo 40 lượt." in html


def test_it_lists_each_placeholder_once_with_its_label_and_value(client, staff, province, report_data):
    from unionreport.reports.narrative import placeholder_choices

    choices = placeholder_choices({"cham_lo.luot": 65_318, "cham_lo.dip_khac.luot": 461}, 2024)
    codes = [c.code for c in choices]
    labels = [c.label for c in choices]
    assert len(codes) == len(set(codes)) and len(labels) == len(set(labels))
    by_code = {c.code: c for c in choices}
    assert by_code["{cham_lo.luot}"].value == "hơn 65.000"
    assert by_code["{cham_lo.dip_khac.luot}"].label == "Chăm lo dịp Khác: số lượt"
    assert by_code["{nam}"].value == "2024"
