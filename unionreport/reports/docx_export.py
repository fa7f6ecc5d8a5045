"""The report as Word (.docx) for staff to polish: the same sections, tables and appendices as the PDF.

The tables are `reports.document`'s (the same rows as the HTML and the PDF), each under its
title in Word's "Caption" style; headings use Word's heading styles, so the navigation pane
shows the same outline as the PDF's bookmarks. The appendices are landscape sections, as in
the PDF; page numbers run in the header from page 2. The charts are the PDF's SVG drawn as PNG
(Word shows no SVG). Everything is written as text runs (python-docx escapes it); narrative
text is never interpreted.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from unionreport.lib.formatting import format_number
from unionreport.reports.charts import PRINT_WIDTH_MM
from unionreport.reports.document import Cell, ReportTable
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
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        heading = document.styles[name]
        heading.font.name, heading.font.color.rgb = FONT, None
        fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # the template's sans
            fonts.attrib.pop(qn(theme), None)
        for name_attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(name_attr), FONT)
    title_borders = document.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:  # the default template underlines its title: the official layout does not
        title_borders.getparent().remove(title_borders)
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
    """Level 0 is the title ("BÁO CÁO"), 1 a part or an appendix (centred), 2 a section, 3 a subsection."""
    heading = document.add_heading(text, level=level)
    heading.alignment = CENTER if level <= 1 else LEFT
    for run in heading.runs:
        run.font.size = Pt(15 if level == 0 else 14)
        run.bold = True
        run.italic = level == 3
    return heading


def _section(document, section: FilledSection, level: int = 2) -> None:
    _heading(document, section.title, level)
    for paragraph in section.paragraphs:
        _para(document, plain(paragraph), indent=True)


def _column_widths(table: ReportTable, total_mm: float) -> list[float]:
    """Text columns wide, numbers narrower, the row number narrowest (Word would make them all equal)."""
    weights = [0.45 if c.label == "TT" else (1.6 if c.numeric else 2.6) for c in table.columns]
    return [total_mm * w / sum(weights) for w in weights]


def _table(document, table: ReportTable) -> None:
    """A `reports.document` table: its title (Caption style), a header row repeated on every page, rows that
    never split, and the total row kept with the last rows (their paragraphs keep with the next row)."""
    if table.title:
        caption = document.add_paragraph(table.title, style="Caption")
        caption.paragraph_format.keep_with_next = True
        for run in caption.runs:
            run.font.size, run.font.color.rgb, run.italic, run.bold = Pt(12), None, False, True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    section = document.sections[-1]
    widths = [Mm(w) for w in _column_widths(table, (section.page_width - section.left_margin
                                                      - section.right_margin) / Mm(1))]
    header_row = grid.rows[0]
    header_row._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    size = Pt(10 if table.small else 11)
    for cell, column in zip(header_row.cells, table.columns, strict=True):
        _cell_text(cell, column.label, bold=True, size=size, align=CENTER, keep=True)
    rows = table.rows or [[Cell(table.empty, span=len(table.columns))]]
    body = [(row, False) for row in rows] + ([(table.footer, True)] if table.footer else [])
    for index, (cells, is_total) in enumerate(body):
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        keep = index >= len(body) - 2 and bool(table.footer) and not is_total  # the last row goes with the total
        position = 0
        for value in cells:
            cell = row.cells[position]
            if value.span > 1:
                cell = cell.merge(row.cells[position + value.span - 1])
            _cell_text(cell, value.text, bold=is_total, size=size, align=RIGHT if value.numeric else LEFT, keep=keep)
            position += value.span
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it) and every cell (Word reads these)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell, text: str, *, bold: bool, size, align, keep: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = keep
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, size


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


def _part_one(document, report: Report) -> None:
    f, s, t = report.figures, report.sections, report.tables
    _heading(document, f"Phần thứ nhất\nTÌNH HÌNH CNVCLĐ VÀ KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {report.year}", 1)
    _section(document, s["intro_workforce"])
    _table(document, t["workforce"])
    if "bridge" in t:
        _para(document, report.comparable_note, italic=True, indent=True)
        _table(document, t["bridge"])
    _heading(document, "II. Kết quả hoạt động công đoàn", 2)
    _section(document, s["intro_direction"], 3)
    if f.theme:
        _para(document, f"Chủ đề năm {report.year}: “{f.theme}”.", indent=True)
    if "documents" in t:
        _table(document, t["documents"])
    _section(document, s["intro_welfare"], 3)
    for name in ("welfare_occasion", "welfare_form", "welfare_source"):
        _table(document, t[name])
    _para(document, f"Mái ấm Công đoàn: xây mới {format_number(f.get('mai_am.xay_moi'))} nhà, sửa chữa "
          f"{format_number(f.get('mai_am.sua_chua'))} nhà, tổng kinh phí hỗ trợ {format_number(f.get('mai_am.tien'))} "
          f"đồng, trong đó từ tài chính công đoàn {format_number(f.get('mai_am.tien_cong_doan'))} đồng "
          "(danh sách tại Phụ lục 2).", indent=True)
    _section(document, s["intro_members"], 3)
    _table(document, t["members"])
    _table(document, t["members_by_unit"])
    _section(document, s["intro_movements"], 3)
    for number, movement in enumerate(f.movements, 1):
        parts = "; ".join(f"{i.name.lower()} {format_number(i.value)}{' ' + i.measure if i.measure else ''}"
                          for i in movement.indicators)
        paragraph = _para(document, f"{number}. {movement.name}", indent=True, bold=True)
        paragraph.add_run(f": {parts}." if parts else ".")
    _section(document, s["intro_dialogue"], 3)
    _table(document, t["activities"])
    _section(document, s["intro_targets"], 3)
    _table(document, t["targets"])


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


def _new_section(document, *, landscape: bool) -> None:
    """A new page in portrait or landscape (its header, the page number, continues from the first section)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (Mm(20), Mm(15),
                                                                                                 Mm(20), Mm(20))
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (Mm(20), Mm(20),
                                                                                                 Mm(30), Mm(15))


def _appendices(document, report: Report) -> None:
    t = report.tables
    _new_section(document, landscape=True)
    _heading(document, f"Phụ lục 1\nSỐ LIỆU CHỦ YẾU THEO {report.children_are.upper()} NĂM {report.year}", 1)
    _table(document, t["appendix_units"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, f"Phụ lục 2\nDANH SÁCH NHÀ MÁI ẤM CÔNG ĐOÀN NĂM {report.year}", 1)
    _table(document, t["houses"])
    _new_section(document, landscape=False)
    _heading(document, f"Phụ lục 3\nTÌNH HÌNH NỘP BÁO CÁO NĂM {report.year} CỦA CÁC CĐCS", 1)
    _table(document, t["returns"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, "Biểu đồ", 1)
    for number, chart in enumerate(report.charts, 1):
        picture = document.add_paragraph()
        picture.alignment = CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(chart.png), width=Mm(PRINT_WIDTH_MM))
        caption = document.add_paragraph(f"Biểu đồ {number}. {chart.title}", style="Caption")
        caption.alignment = CENTER
        for run in caption.runs:
            run.font.size, run.font.color.rgb, run.italic = Pt(12), None, True


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document)
    if report.incomplete:
        note = _para(document, report.incomplete + ".", align=LEFT, bold=True, size=12)
        note.paragraph_format.space_after = Pt(8)
    _header_block(document, report)
    title = _heading(document, "BÁO CÁO", 0)
    title.paragraph_format.space_before = Pt(18)
    _para(document, report.subtitle, align=CENTER, bold=True)
    _part_one(document, report)
    for name in ("assessment", "direction"):
        _section(document, report.sections[name], 1)
    if "next_targets" in report.tables:
        _table(document, report.tables["next_targets"])
    _signature(document, report)
    _appendices(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
