"""The report as Word (.docx) for staff to polish: the same content and headings as the PDF.

Everything is written as text runs (python-docx escapes it); narrative text is never
interpreted. Charts are left to the PDF (Word cannot show SVG); their figures are in the tables.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from unionreport.lib.formatting import format_int, format_number, format_percent
from unionreport.reports.narrative import FilledSection, plain
from unionreport.reports.report import Report

FONT = "Times New Roman"
LEFT, CENTER, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        heading = document.styles[name]
        heading.font.name, heading.font.color.rgb = FONT, None
    _page_number(section.header.paragraphs[0])


def _page_number(paragraph) -> None:
    """A PAGE field centred in the header (not on the first page: different first page)."""
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _para(container, text: str = "", *, align=JUSTIFY, bold=False, italic=False, size=None, indent=False):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _heading(document, text: str, level: int):
    heading = document.add_heading(text, level=level)
    heading.alignment = CENTER if level == 1 else LEFT
    for run in heading.runs:
        run.font.size = Pt(14)
        run.italic = level == 3
    return heading


def _section(document, section: FilledSection, level: int = 2) -> None:
    _heading(document, section.title, level)
    for paragraph in section.paragraphs:
        _para(document, plain(paragraph), indent=True)


def _table(document, header: list[str], rows: list[list[str]], numeric_from: int = 1, footer=None) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, text in zip(header_row.cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(11)
        cell.paragraphs[0].alignment = CENTER
    for values in rows + ([footer] if footer else []):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            run = cell.paragraphs[0].add_run(text)
            run.font.size, run.bold = Pt(11), values is footer
            cell.paragraphs[0].alignment = RIGHT if index >= numeric_from else LEFT
    document.add_paragraph()


def _element(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


def _header_block(document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    top, own = report.issuer_lines
    left.text = ""
    _cell_line(left, top, first=True)
    for line in own:
        _cell_line(left, line, bold=True)
    _cell_line(left, "________")
    _cell_line(left, report.document_number)
    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, first=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    _cell_line(right, "________________")
    _cell_line(right, report.place_date, italic=True)


def _cell_line(cell, text: str, *, bold=False, italic=False, first=False) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(13)


def _value_rows(report: Report, lines, with_previous: bool = True) -> list[list[str]]:
    f = report.figures
    rows = []
    for line in lines:
        key = line.keys[0]
        row = [line.label, format_int(f.get(key))]
        if with_previous:
            row += [format_int(f.previous.get(key)), f.change(key)]
        rows.append(row)
    return rows


def _part_one(document, report: Report) -> None:
    f, s = report.figures, report.sections
    _heading(document, f"Phần thứ nhất\nTÌNH HÌNH CNVCLĐ VÀ KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {report.year}", 1)
    years = [f"Năm {report.year}", f"Năm {report.year - 1}", "Tăng, giảm"]
    _section(document, s["intro_workforce"])
    _table(document, ["Chỉ số", *years], _value_rows(report, report.workforce_lines))
    _heading(document, "II. Kết quả hoạt động công đoàn", 2)
    _section(document, s["intro_direction"], 3)
    if f.theme:
        _para(document, f"Chủ đề năm {report.year}: “{f.theme}”.", indent=True)
    _section(document, s["intro_welfare"], 3)
    for title, lines in (("Dịp chăm lo", report.welfare_by_occasion), ("Hình thức", report.welfare_by_form),
                         ("Nguồn kinh phí", report.welfare_by_source)):
        rows = [[line.label, format_int(f.get(line.keys[0])), format_int(f.get(line.keys[1]))] for line in lines]
        _table(document, [title, "Số lượt", "Số tiền (đồng)"], rows,
               footer=["Tổng cộng", format_int(f.get("cham_lo.luot")), format_int(f.get("cham_lo.tien"))])
    _para(document, f"Mái ấm Công đoàn: xây mới {format_int(f.get('mai_am.xay_moi'))} nhà, sửa chữa "
          f"{format_int(f.get('mai_am.sua_chua'))} nhà, tổng kinh phí hỗ trợ {format_int(f.get('mai_am.tien'))} "
          f"đồng, trong đó từ tài chính công đoàn {format_int(f.get('mai_am.tien_cong_doan'))} đồng.", indent=True)
    _section(document, s["intro_members"], 3)
    _table(document, ["Chỉ số", *years], _value_rows(report, report.member_lines))
    _section(document, s["intro_movements"], 3)
    for number, movement in enumerate(f.movements, 1):
        parts = "; ".join(f"{i.name.lower()} {format_number(i.value)}{' ' + i.measure if i.measure else ''}"
                          for i in movement.indicators)
        _para(document, f"{number}. {movement.name}" + (f": {parts}." if parts else "."), indent=True)
    _section(document, s["intro_dialogue"], 3)
    _table(document, ["Chỉ số", *years], _value_rows(report, report.activity_lines))
    _section(document, s["intro_targets"], 3)
    rows = [[str(n), t.name, t.measure, format_number(t.planned), format_int(t.achieved),
             format_percent(t.percent), "Hoàn thành" if t.met else ("Chưa hoàn thành" if t.met is False else "")]
            for n, t in enumerate(f.targets, 1)]
    _table(document, ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "% kế hoạch", "Đánh giá"], rows,
           numeric_from=3)
    _para(document, f"{f.get('chi_tieu.dat')}/{f.get('chi_tieu.tong')} chỉ tiêu hoàn thành.", bold=True)


def _signature(document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    paragraph = left.paragraphs[0]
    run = paragraph.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    for index, recipient in enumerate(report.recipients):
        end = "." if index == len(report.recipients) - 1 else ";"
        line = left.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.add_run(f"- {recipient}{end}").font.size = Pt(11)
    _cell_line(right, "TM. BAN THƯỜNG VỤ", bold=True, first=True)
    _cell_line(right, report.signer_title, bold=True)
    for _ in range(4):
        _cell_line(right, "")
    _cell_line(right, report.signer_name, bold=True)


def _appendices(document, report: Report) -> None:
    f = report.figures
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, f"Phụ lục 1\nSỐ LIỆU CHỦ YẾU THEO ĐƠN VỊ CẤP TRÊN TRỰC TIẾP CƠ SỞ NĂM {report.year}", 1)
    columns = report.appendix_columns
    rows = [[row.name, *(format_int(row.get(key)) for key, _ in columns)] for row in report.child_rows]
    _table(document, ["Đơn vị", *(label for _, label in columns)], rows,
           footer=["Tổng cộng", *(format_int(f.get(key)) for key, _ in columns)])
    _heading(document, f"Phụ lục 2\nDANH SÁCH NHÀ MÁI ẤM CÔNG ĐOÀN NĂM {report.year}", 1)
    rows = [[h.member_name, h.unit.name, h.get_kind_display(), h.handover_date.strftime("%d/%m/%Y"),
             format_int(h.total_support_vnd), format_int(h.union_fund_vnd)] for h in report.houses]
    _table(document, ["Đoàn viên", "Đơn vị", "Hình thức", "Ngày bàn giao", "Kinh phí (đồng)",
                      "Trong đó tài chính CĐ"], rows, numeric_from=4)
    _heading(document, f"Phụ lục 3\nTÌNH HÌNH NỘP BÁO CÁO NĂM {report.year} CỦA CÁC CĐCS", 1)
    if report.returns:
        rows = [[r.name, *(format_int(getattr(r, a)) for a in ("expected", "on_time", "late", "missing",
                                                                "approved"))] for r in report.returns]
        _table(document, ["Đơn vị", "Phải nộp", "Đúng hạn", "Trễ hạn", "Chưa nộp", "Đã duyệt"], rows)
    else:
        _para(document, "Chưa có dữ liệu.")


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document)
    _header_block(document, report)
    title = _para(document, "BÁO CÁO", align=CENTER, bold=True, size=15)
    title.paragraph_format.space_before = Pt(18)
    _para(document, report.subtitle, align=CENTER, bold=True)
    _part_one(document, report)
    for name in ("assessment", "direction"):
        section = report.sections[name]
        _heading(document, section.title, 1)
        for paragraph in section.paragraphs:
            _para(document, plain(paragraph), indent=True)
    _signature(document, report)
    _appendices(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
