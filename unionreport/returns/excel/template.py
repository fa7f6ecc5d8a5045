"""The return workbook as the application writes it: the template (with_data=False) and the export.

One writer for both, driven by `layout`, so an exported return imports back to identical data.
Every sheet prints (many CĐCS print, sign and stamp the return they upload): A4, one page wide,
landscape where the columns are wide, the header row repeated, a footer with the unit, the year
and the page number; `Thông tin` ends with the signature block (in columns B–C, so that the
reader, which takes labels from column A, sees nothing new).
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from unionreport.houses.models import House
from unionreport.lib.exports import is_formula_like
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.selectors import member_during_q
from unionreport.movements.models import Movement, MovementResult
from unionreport.returns.excel import layout as L
from unionreport.returns.models import Return
from unionreport.units.models import Unit
from unionreport.welfare.models import Disbursement

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
NOTE_FONT = Font(bold=True, color="C00000")
NO_MOVEMENTS = "Năm nay tỉnh chưa khai báo phong trào thi đua: để trống trang này."
PORTRAIT_WIDTH = 95  # column widths (characters) that fit A4 portrait at a readable size; wider: landscape
SIGNATURE = [("NGƯỜI LẬP BIỂU", "TM. BAN CHẤP HÀNH"), ("(ký, ghi rõ họ tên)", "CHỦ TỊCH"),
             ("", "(ký tên, đóng dấu)")]
EMPTY_ROWS = 500  # rows below the data that keep the drop-downs and formats
FORMATS = {L.COUNT: "#,##0", L.MONEY: "#,##0", L.NUMBER: "#,##0.##", L.YEAR: "0", L.DATE: "DD/MM/YYYY",
           L.CARD: "@", L.TEXT: "@"}

GUIDE = [
    "HƯỚNG DẪN LẬP BÁO CÁO NĂM CỦA CÔNG ĐOÀN CƠ SỞ",
    "",
    "1. Không đổi tên các trang tính và các tiêu đề cột; có thể đổi thứ tự cột, thêm cột ghi chú (sẽ được bỏ qua).",
    "2. Trang “Thông tin”: giữ nguyên Mã đơn vị; ghi Năm báo cáo, Người lập biểu, Số điện thoại, Ngày lập.",
    "3. Trang “Tình hình lao động”: số liệu tại ngày chốt số liệu (30/11); ghi đủ mọi dòng, không có thì ghi 0.",
    "4. Trang “Đoàn viên”: mỗi đoàn viên một dòng; Số thẻ không trùng nhau; đoàn viên đã chuyển đi thì ghi "
    "Ngày ra khỏi công đoàn, không xóa dòng.",
    "5. Trang “Chăm lo”: mỗi đợt chăm lo một dòng; Số lượt: một đoàn viên được chăm lo 2 lần tính 2 lượt.",
    "6. Trang “Mái ấm Công đoàn” và “Thi đua”: chỉ ghi khi có; để trống nếu không phát sinh.",
    "7. Các cột Dịp, Hình thức, Nguồn kinh phí, Giới tính, Loại hỗ trợ, Phong trào, Chỉ tiêu: chọn trong danh sách.",
    "8. Số tiền ghi bằng đồng, số nguyên, ví dụ 1.500.000; ngày ghi dạng dd/mm/yyyy, ví dụ 05/03/2024.",
    "9. Dòng “Tổng cộng” (nếu có) không được nhập vào hệ thống; hệ thống tự cộng.",
    "10. Lưu tệp dưới dạng Excel Workbook (.xlsx), tối đa 10 MB, rồi tải lên tại mục “Báo cáo năm”.",
    "Tải lên lại tệp mới sẽ thay thế toàn bộ số liệu của lần trước (danh sách đoàn viên được cập nhật theo số thẻ).",
]


def _put(ws, row: int, col: int, value, kind: str = L.TEXT):
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = TYPE_STRING  # text, never a formula
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


class _Lists:
    """The hidden sheet of drop-down lists, one column per list."""

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(L.LISTS_TITLE)
        self.ws.sheet_state = "hidden"
        self.ranges: dict[str, str] = {}

    def formula(self, name: str, labels: list[str]) -> str:
        if name not in self.ranges:
            col = len(self.ranges) + 1
            _put(self.ws, 1, col, name).font = BOLD
            for i, label in enumerate(labels, start=2):
                _put(self.ws, i, col, label)
            letter = get_column_letter(col)
            last = max(len(labels) + 1, 2)
            self.ranges[name] = f"{quote_sheetname(L.LISTS_TITLE)}!${letter}$2:${letter}${last}"
            self.ws.column_dimensions[letter].width = max(len(x) for x in [name, *labels]) + 2
        return self.ranges[name]

    def validate(self, ws, name: str, labels: list[str], ref: str) -> None:
        dv = DataValidation(type="list", formula1=self.formula(name, labels), allow_blank=True)
        dv.error = "Chọn một giá trị trong danh sách."
        dv.errorTitle = name
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(ref)


def _label_sheet(wb, lists: _Lists, spec: L.Sheet, values: dict):
    ws = wb.create_sheet(spec.title)
    for row, field in enumerate(spec.fields, start=1):
        _put(ws, row, 1, field.header).font = BOLD
        value = values.get(field.name)
        if field.kind == L.YESNO:
            value = None if value is None else ("Có" if value else "Không")
            lists.validate(ws, field.list_name, [label for _, label in field.choices], f"B{row}")
        _put(ws, row, 2, value, field.kind)
    ws.column_dimensions["A"].width = max(len(f.header) for f in spec.fields) + 2
    ws.column_dimensions["B"].width = 32
    return ws


def _signature_block(ws, first_row: int) -> int:
    """"NGƯỜI LẬP BIỂU" and "TM. BAN CHẤP HÀNH, CHỦ TỊCH (ký tên, đóng dấu)" under the values (columns B and C:
    column A, the labels, stays empty); returns the last row, with room to sign."""
    ws.column_dimensions["C"].width = 30
    for offset, (left, right) in enumerate(SIGNATURE):
        row = first_row + offset
        for col, text in ((2, left), (3, right)):
            if text:
                cell = _put(ws, row, col, text)
                cell.alignment = Alignment(horizontal="center")
                cell.font = Font(bold=not text.startswith("("), italic=text.startswith("("))
    return first_row + len(SIGNATURE) + 4


def _print_setup(ws, *, unit: Unit, year: int, last_col: int, last_row: int, title_row: int | None) -> None:
    """A4, one page wide (as many pages down as needed), landscape when the columns are wide, the header row
    on every page, and a footer naming the unit, the year and the page."""
    widths = sum((ws.column_dimensions[get_column_letter(c)].width or 10) for c in range(1, last_col + 1))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if widths > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"
    footer = ws.oddFooter
    footer.left.text, footer.left.size = f"{unit.code} – {unit.name}".replace("&", "&&")[:120], 8
    footer.center.text, footer.center.size = f"Báo cáo năm {year} – {ws.title}", 8
    footer.right.text, footer.right.size = "Trang &P/&N", 8


def _table_sheet(wb, lists: _Lists, spec: L.Sheet, rows: list[dict], choices: dict[str, list[str]], *,
                 note: str = "") -> int:
    """The sheet's header row (row 1, or row 2 below a `note`), its rows and drop-downs."""
    ws = wb.create_sheet(spec.title)
    top = 2 if note else 1
    if note:  # above the header row: the reader looks for the header in the first 10 rows
        _put(ws, 1, 1, note).font = NOTE_FONT
    for col, field in enumerate(spec.fields, start=1):
        cell = _put(ws, top, col, field.header)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = max(field.width, min(len(field.header), 30) + 2)
    for index, values in enumerate(rows, start=1):
        row = index + top
        for col, field in enumerate(spec.fields, start=1):
            value = index if field.name == "stt" else values.get(field.name)
            _put(ws, row, col, value, field.kind)
    last = len(rows) + top + EMPTY_ROWS
    for col, field in enumerate(spec.fields, start=1):
        letter = get_column_letter(col)
        if field.kind == L.CHOICE:
            labels = choices.get(field.name) or [label for _, label in field.choices]
            if labels:  # no list at all (a year without movements): no drop-down offering nothing
                lists.validate(ws, field.list_name, labels, f"{letter}{top + 1}:{letter}{last}")
        for row in range(len(rows) + top + 1, min(last, len(rows) + top + 1 + 100) + 1):
            if field.kind in FORMATS:
                ws.cell(row=row, column=col).number_format = FORMATS[field.kind]
    ws.freeze_panes = f"A{top + 1}"
    ws.row_dimensions[top].height = 32
    return ws


def _members(unit: Unit, year: int, with_data: bool) -> list[dict]:
    """The roster: every member (export), or the members of the year (template; the preview compares with the
    same members: `members.bulk.members_diff`)."""
    members = Member.objects.filter(unit=unit).order_by("card_number")
    if not with_data:
        members = members.filter(member_during_q(year))
    return [{"card_number": m.card_number, "full_name": m.full_name, "sex": m.get_sex_display(),
             "birth_year": m.birth_year, "joined_on": m.joined_on, "left_on": m.left_on} for m in members]


def _data(unit: Unit, year: int) -> dict:
    welfare = [{"date": d.date, "occasion": d.get_occasion_display(), "form": d.get_form_display(),
                "person_times": d.person_times, "amount_vnd": d.amount_vnd, "source": d.get_source_display(),
                "description": d.description}
               for d in Disbursement.objects.filter(unit=unit, date__year=year).order_by("date", "id")]
    houses = [{"member_name": h.member_name, "card_number": h.member.card_number if h.member else None,
               "kind": h.get_kind_display(), "total_support_vnd": h.total_support_vnd,
               "union_fund_vnd": h.union_fund_vnd, "handover_date": h.handover_date, "address": h.address}
              for h in House.objects.filter(unit=unit, handover_date__year=year).select_related("member")
              .order_by("handover_date", "id")]
    results = [{"movement": r.indicator.movement.name, "indicator": r.indicator.name, "value": r.value,
                "note": r.note}
               for r in MovementResult.objects.filter(unit=unit, year=year)
               .select_related("indicator__movement").order_by("indicator__movement__order", "indicator__order", "id")]
    workforce = Workforce.objects.filter(unit=unit, year=year).values().first() or {}
    activities = Activity.objects.filter(unit=unit, year=year).values().first() or {}
    return {"welfare": welfare, "houses": houses, "results": results, "workforce": workforce,
            "activities": activities}


def build_return_workbook(*, unit: Unit, year: int, with_data: bool) -> Workbook:
    """The template (roster pre-filled) or, with_data=True, the unit's whole return for the year."""
    wb = Workbook()
    wb.remove(wb.active)
    lists = _Lists(wb)
    ret = Return.objects.filter(unit=unit, year=year).first()
    info = {"unit_code": unit.code, "unit_name": unit.name, "year": year,
            "preparer_name": ret.preparer_name if ret else "", "preparer_phone": ret.preparer_phone if ret else "",
            "prepared_on": ret.prepared_on if ret else None}
    data = _data(unit, year) if with_data else {}
    movements = list(Movement.objects.filter(year=year, active=True).prefetch_related("indicators"))
    choices = {"movement": [m.name for m in movements],
               "indicator": sorted({i.name for m in movements for i in m.indicators.all()})}
    page = {"unit": unit, "year": year}
    ws = _label_sheet(wb, lists, L.INFO, info)
    _print_setup(ws, **page, last_col=3, last_row=_signature_block(ws, len(L.INFO.fields) + 3), title_row=None)
    ws = _label_sheet(wb, lists, L.WORKFORCE, data.get("workforce", {}))
    _print_setup(ws, **page, last_col=2, last_row=len(L.WORKFORCE.fields), title_row=None)
    for spec, rows in ((L.ROSTER, _members(unit, year, with_data)), (L.WELFARE, data.get("welfare", [])),
                       (L.HOUSES, data.get("houses", [])), (L.MOVEMENTS, data.get("results", []))):
        note = NO_MOVEMENTS if spec is L.MOVEMENTS and not movements else ""
        ws = _table_sheet(wb, lists, spec, rows, choices, note=note)
        top = 2 if note else 1
        _print_setup(ws, **page, last_col=len(spec.fields), last_row=top + max(len(rows), 1), title_row=top)
    ws = _label_sheet(wb, lists, L.ACTIVITIES, data.get("activities", {}))
    _print_setup(ws, **page, last_col=2, last_row=len(L.ACTIVITIES.fields), title_row=None)
    guide = wb.create_sheet(L.GUIDE_TITLE)
    for row, line in enumerate(GUIDE, start=1):
        _put(guide, row, 1, line).font = BOLD if row == 1 else Font()
    guide.column_dimensions["A"].width = 120
    _print_setup(guide, **page, last_col=1, last_row=len(GUIDE), title_row=None)
    wb.move_sheet(lists.ws, offset=len(wb.sheetnames))
    wb.active = 0
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
