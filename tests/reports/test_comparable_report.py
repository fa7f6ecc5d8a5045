"""After a reorganisation the report compares with last year on this year's perimeter, says so, and shows the
bridge between last year as reported and that base, in HTML, PDF and Word; without one it shows neither.

The cast: the province TINH with commune unions XA (CS0094: 30 members, CS0095: 20) and XB (CS0096: 10,
a budget-paid agency's CĐCS dissolved under the 2025 policy on 01/09/2026).
"""

import datetime as dt
import io

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from unionreport.members.models import Member
from unionreport.members.summary import member_summary_refresh
from unionreport.organisation import services
from unionreport.reports.docx_export import render_docx
from unionreport.reports.pdf import render_pdf, render_print_html
from unionreport.reports.report import build_report
from unionreport.units.models import Unit

pytestmark = pytest.mark.django_db
BRIDGE_TITLE = "Đối chiếu số liệu năm 2025 đã báo cáo với cùng phạm vi năm 2026"


def _members(unit, count, first):
    Member.objects.bulk_create(
        Member(unit=unit, card_number=f"{first + i:04d}", full_name=f"Đoàn viên {first + i}", sex="nu",
               birth_year=1990, joined_on=dt.date(2020, 3, 1) + dt.timedelta(days=i * 40)) for i in range(count))
    member_summary_refresh(unit_ids=[unit.pk])


@pytest.fixture
def reorganised(province, make_unit, staff):
    xa = make_unit("XA", "Công đoàn xã A", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    xb = make_unit("XB", "Công đoàn xã B", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    for code, parent, count, first in (("CS0094", xa, 30, 1), ("CS0095", xa, 20, 500), ("CS0096", xb, 10, 900)):
        _members(make_unit(code, f"Công đoàn {code}", parent=parent), count, first)
    services.reorganise_dissolve(actor=staff, unit=Unit.objects.get(code="CS0096"),
                                 effective_date=dt.date(2026, 9, 1), reason=Unit.Reason.BUDGET_2025)
    return province


def _words(text: str) -> str:
    return " ".join(text.split())


def _bridge_rows(page: str) -> list[list[str]]:
    table = lxml_html.fromstring(page).xpath('//table[@data-table="bridge"]')[0]
    return [[_words(td.text_content()) for td in tr.xpath("td")] for tr in table.xpath(".//tbody/tr")]


def test_it_compares_with_the_same_perimeter_and_shows_the_bridge_in_every_format(reorganised):
    report = build_report(reorganised, 2026, links=False)
    page = render_print_html(report)
    assert "Bảng 2. " + BRIDGE_TITLE in _words(page)
    assert "trên cùng phạm vi đơn vị năm 2026" in report.comparable_note
    rows = _bridge_rows(page)
    assert [r[0] for r in rows] == ["Năm trước theo báo cáo", "Cộng: đơn vị sáp nhập, chuyển đến",
                                    "Trừ: đơn vị chuyển đi", "Trừ: CĐCS giải thể theo chủ trương năm 2025",
                                    "Cơ sở so sánh (cùng phạm vi năm nay)"]
    members = [r[1] for r in rows]
    assert members == ["60", "0", "0", "10", "50"]  # the steps add up: 60 + 0 − 0 − 10 = 50
    members_table = lxml_html.fromstring(page).xpath('//table[@data-table="members"]')[0]
    assert "Năm 2025 (cùng phạm vi)" in _words(members_table.text_content())
    last_year = [_words(tr.xpath("td")[2].text_content()) for tr in members_table.xpath(".//tbody/tr")
                 if _words(tr.xpath("td")[0].text_content()) == "Số đoàn viên cuối năm"]
    assert last_year == ["50"]  # the base of "tăng, giảm", not the 60 reported

    word = docx.Document(io.BytesIO(render_docx(report)))
    word_text = _words(" ".join([p.text for p in word.paragraphs]
                                + [c.text for t in word.tables for r in t.rows for c in r.cells]))
    pdf_text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages))
    for text in (word_text, pdf_text):
        assert BRIDGE_TITLE in text
        assert "Cơ sở so sánh (cùng phạm vi năm nay)" in text
        assert "bảng dưới đây đối chiếu hai số liệu" in text


def test_it_shows_no_bridge_when_nothing_was_reorganised(province, make_unit):
    xa = make_unit("XA", "Công đoàn xã A", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    _members(make_unit("CS0094", "Công đoàn CS0094", parent=xa), 5, 1)
    report = build_report(province, 2026, links=False)
    page = render_print_html(report)
    assert report.comparable_note == "" and "bridge" not in report.tables
    assert "cùng phạm vi" not in page and "Đối chiếu số liệu" not in page
    assert "Đối chiếu số liệu" not in _words(" ".join(p.text for p in docx.Document(
        io.BytesIO(render_docx(report))).paragraphs))


def test_it_keeps_a_unit_closed_before_the_year_where_it_was(province, make_unit, staff):
    # CS0097 was dissolved on 01/09/2025, but its members' rows say they never left (as imported history may).
    # Not in 2025's report on 31/12, it must not come into 2026's base as "sáp nhập" either.
    xa = make_unit("XA", "Công đoàn xã A", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    _members(make_unit("CS0094", "Công đoàn CS0094", parent=xa), 5, 1)
    closed = make_unit("CS0097", "Công đoàn CS0097", parent=xa)
    _members(closed, 7, 100)
    services.reorganise_dissolve(actor=staff, unit=closed, effective_date=dt.date(2025, 9, 1),
                                 reason=Unit.Reason.EMPLOYER_CLOSED)
    Member.objects.filter(unit=closed).update(left_on=None, left_reason="")
    member_summary_refresh(unit_ids=[closed.pk])
    figures = build_report(province, 2026, links=False).figures
    steps = {s.step: s for s in figures.bridge}
    assert steps["sap_nhap_vao"].get("doan_vien.cuoi_nam") == 0
    assert figures.previous_comparable.get("doan_vien.cuoi_nam") == figures.previous.get("doan_vien.cuoi_nam") == 5
