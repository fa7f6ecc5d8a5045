"""The report's tables, built once with their titles, columns and formatted cells for the three writers.

The HTML page, the PDF (the same HTML) and the Word file lay these out; none of them builds a
row of its own, so a table cannot be in one format and missing from another. A cell keeps the
figure key it shows (a link to its sources on screen, plain text on paper). Tables of the body
are numbered "Bảng 1.", "Bảng 2."... in the order of `BODY_ORDER`; appendix tables are named by
their appendix's heading. A total row (`footer`) is kept with the last rows on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unionreport.lib.formatting import format_date, format_number, format_percent

if TYPE_CHECKING:
    from unionreport.reports.report import Line, Report


@dataclass(frozen=True)
class Cell:
    text: str
    key: str = ""  # the figure shown: a link to its provenance on screen
    unit_code: str = ""  # the figure of this child unit (else the report's unit)
    numeric: bool = False
    span: int = 1


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass
class ReportTable:
    name: str
    title: str  # "" for an appendix's table (its heading names it)
    columns: list[Column]
    rows: list[list[Cell]]
    footer: list[Cell] = field(default_factory=list)
    small: bool = False
    empty: str = "Chưa có dữ liệu."


def _text(value) -> Cell:
    return Cell("" if value is None else str(value))


def _num(value, key: str = "", unit_code: str = "") -> Cell:
    return Cell(format_number(value), key, unit_code, numeric=True)


def previous_year_label(report: Report) -> str:
    """The heading of last year's column: "(cùng phạm vi)" when a reorganisation changed the perimeter."""
    label = f"Năm {report.year - 1}"
    return f"{label} (cùng phạm vi)" if report.figures.perimeter_changed else label


def _yoy(report: Report, name: str, title: str, lines: list[Line], with_measure: bool = False) -> ReportTable:
    # Last year's column is the one "tăng, giảm" is computed against: on this year's perimeter.
    f, year = report.figures, report.year
    columns = [Column("Chỉ số"), *([Column("Đơn vị tính")] if with_measure else []),
               Column(f"Năm {year}", True), Column(previous_year_label(report), True), Column("Tăng, giảm", True)]
    rows = []
    for line in lines:
        key = line.keys[0]
        rows.append([_text(line.label), *([_text(line.measure)] if with_measure else []), _num(f.get(key), key),
                     _num(f.compared.get(key)), Cell(f.change(key), numeric=True)])
    return ReportTable(name, title, columns, rows)


# Short headers: the steps' labels need the width (members and CĐCS are counted on 31/12).
BRIDGE_COLUMNS = [("doan_vien.cuoi_nam", "Đoàn viên"), ("cdcs.so_luong", "CĐCS"), ("cham_lo.luot", "Lượt chăm lo"),
                  ("cham_lo.tien", "Tiền chăm lo (đồng)"), ("mai_am.so_nha", "Nhà Mái ấm")]


def comparable_note(report: Report) -> str:
    """Says that last year is shown on this year's perimeter, when a reorganisation made the readings differ."""
    if not report.figures.perimeter_changed:
        return ""
    previous = report.year - 1
    return (f"Số liệu năm {previous} trong các bảng so sánh được tính trên cùng phạm vi đơn vị năm {report.year} "
            f"(cộng các đơn vị sáp nhập, chuyển đến; trừ các đơn vị chuyển đi và các CĐCS giải thể theo chủ trương "
            f"năm 2025) nên khác số liệu đã báo cáo năm {previous}; bảng dưới đây đối chiếu hai số liệu.")


def _bridge(report: Report) -> ReportTable | None:
    """Last year as reported → units joined → units moved away → CĐCS dissolved under the policy → comparable base."""
    if not report.figures.perimeter_changed:
        return None
    steps = report.figures.bridge
    rows = [[_text(step.label), *(_num(step.get(key)) for key, _ in BRIDGE_COLUMNS)] for step in steps[:-1]]
    last = steps[-1]
    footer = [_text(last.label), *(_num(last.get(key)) for key, _ in BRIDGE_COLUMNS)]
    columns = [Column("Nội dung (đoàn viên, CĐCS tại 31/12)"), *(Column(label, True) for _, label in BRIDGE_COLUMNS)]
    return ReportTable("bridge", f"Đối chiếu số liệu năm {report.year - 1} đã báo cáo với cùng phạm vi "
                       f"năm {report.year}", columns, rows, footer)


def _welfare(report: Report, name: str, title: str, heading: str, lines: list[Line], totals: bool) -> ReportTable:
    f = report.figures
    rows = [[_text(line.label), _num(f.get(line.keys[0]), line.keys[0]), _num(f.get(line.keys[1]), line.keys[1])]
            for line in lines]
    footer = []
    if totals:
        label = (f"Tổng cộng ({previous_year_label(report).lower()}: "
                 f"{format_number(f.compared.get('cham_lo.luot'))} lượt, "
                 f"{format_number(f.compared.get('cham_lo.tien'))} đồng)")
        footer = [_text(label), _num(f.get("cham_lo.luot"), "cham_lo.luot"),
                  _num(f.get("cham_lo.tien"), "cham_lo.tien")]
    return ReportTable(name, title, [Column(heading), Column("Số lượt", True), Column("Số tiền (đồng)", True)],
                       rows, footer)


def _documents(report: Report) -> ReportTable | None:
    documents = report.figures.documents
    if not documents:
        return None
    rows = [[_text(d.number), _text(format_date(d.issued_on)), _text(d.get_kind_display()), _text(d.title)]
            for d in documents]
    return ReportTable("documents", f"Văn bản chỉ đạo ban hành năm {report.year}",
                       [Column("Số, ký hiệu"), Column("Ngày ban hành"), Column("Loại văn bản"), Column("Trích yếu")],
                       rows)


MEMBER_CHILD_COLUMNS = [("doan_vien.cuoi_nam", "Đoàn viên cuối năm"), ("doan_vien.moi", "Kết nạp mới"),
                        ("doan_vien.giam", "Giảm"), ("cdcs.moi", "CĐCS thành lập mới"),
                        ("cdcs.giai_the", "CĐCS giải thể")]


def _by_child(report: Report, name: str, title: str, columns: list[tuple[str, str]], *, numbered: bool,
              small: bool = False) -> ReportTable:
    rows = []
    for number, child in enumerate(report.child_rows, 1):
        rows.append([*([_text(number)] if numbered else []), _text(child.name),
                     *(_num(child.get(key), key, child.code) for key, _ in columns)])
    footer = [*([_text("")] if numbered else []), _text("Tổng cộng"),
              *(_num(report.figures.get(key), key) for key, _ in columns)]
    header = [*([Column("TT")] if numbered else []), Column(report.children_are.capitalize()),
              *(Column(label, True) for _, label in columns)]
    return ReportTable(name, title, header, rows, footer, small=small)


def _targets(report: Report) -> ReportTable:
    f = report.figures
    rows = []
    for number, t in enumerate(f.targets, 1):
        achieved = _num(t.achieved, t.figure_key) if t.achieved is not None else Cell("", numeric=True)
        verdict = "Hoàn thành" if t.met else ("Chưa hoàn thành" if t.met is False else "")
        rows.append([_text(number), _text(t.name), _text(t.measure), _num(t.planned), achieved,
                     Cell(format_percent(t.percent), numeric=True), _text(verdict)])
    footer = [Cell(f"{format_number(f.get('chi_tieu.dat'))}/{format_number(f.get('chi_tieu.tong'))} "
                   "chỉ tiêu hoàn thành", span=7)]
    columns = [Column("TT"), Column("Chỉ tiêu"), Column("Đơn vị tính"), Column("Kế hoạch", True),
               Column("Thực hiện", True), Column("% kế hoạch", True), Column("Đánh giá")]
    return ReportTable("targets", f"Thực hiện chỉ tiêu năm {report.year}", columns, rows, footer,
                       empty=f"Chưa có chỉ tiêu năm {report.year}.")


def _next_targets(report: Report) -> ReportTable | None:
    targets = report.figures.next_targets
    if not targets:
        return None
    year = report.year + 1
    rows = [[_text(n), _text(t.name), _text(t.measure), _num(t.planned_value)] for n, t in enumerate(targets, 1)]
    return ReportTable("next_targets", f"Chỉ tiêu năm {year}",
                       [Column("TT"), Column(f"Chỉ tiêu năm {year}"), Column("Đơn vị tính"), Column("Kế hoạch", True)],
                       rows)


def _houses(report: Report) -> ReportTable:
    f = report.figures
    rows = [[_text(n), _text(h.member_name), _text(h.unit.name), _text(h.get_kind_display()),
             _text(format_date(h.handover_date)), _num(h.total_support_vnd), _num(h.union_fund_vnd)]
            for n, h in enumerate(report.houses, 1)]
    footer = [_text(""), Cell(f"Tổng cộng: {format_number(f.get('mai_am.so_nha'))} nhà", span=4),
              _num(f.get("mai_am.tien"), "mai_am.tien"), _num(f.get("mai_am.tien_cong_doan"), "mai_am.tien_cong_doan")]
    columns = [Column("TT"), Column("Đoàn viên"), Column("Đơn vị"), Column("Hình thức"), Column("Ngày bàn giao"),
               Column("Kinh phí (đồng)", True), Column("Trong đó tài chính công đoàn (đồng)", True)]
    return ReportTable("houses", "", columns, rows, footer, small=True,
                       empty="Không có nhà Mái ấm Công đoàn trong năm.")


RETURN_COLUMNS = [("expected", "Phải nộp"), ("on_time", "Đúng hạn"), ("late", "Nộp muộn"), ("missing", "Chưa nộp"),
                  ("approved", "Đã duyệt")]


def _returns(report: Report) -> ReportTable:
    rows, footer = [], []
    for r in report.returns or []:
        cells = [_text(r.name), *(_num(getattr(r, attr)) for attr, _ in RETURN_COLUMNS)]
        if r.is_total:
            footer = cells
        else:
            rows.append(cells)
    columns = [Column("Đơn vị"), *(Column(label, True) for _, label in RETURN_COLUMNS)]
    return ReportTable("returns", "", columns, rows, footer, small=True)


def report_tables(report: Report) -> dict[str, ReportTable]:
    """Every table of the report by name, body tables numbered in their order."""
    year = report.year
    body = [
        _yoy(report, "workforce", f"Tình hình CNVCLĐ năm {year} so với năm {year - 1}", report.workforce_lines,
             with_measure=True),
        _bridge(report),
        _documents(report),
        _welfare(report, "welfare_occasion", "Chăm lo theo dịp", "Dịp chăm lo", report.welfare_by_occasion, True),
        _welfare(report, "welfare_form", "Chăm lo theo hình thức", "Hình thức chăm lo", report.welfare_by_form,
                 False),
        _welfare(report, "welfare_source", "Chăm lo theo nguồn kinh phí", "Nguồn kinh phí", report.welfare_by_source,
                 False),
        _yoy(report, "members", f"Phát triển đoàn viên, thành lập CĐCS năm {year} so với năm {year - 1}",
             report.member_lines),
        _by_child(report, "members_by_unit", f"Đoàn viên, CĐCS theo {report.children_are}",
                  MEMBER_CHILD_COLUMNS, numbered=False),
        _yoy(report, "activities", f"Đối thoại, Hội nghị người lao động, thỏa ước, tập huấn năm {year} "
             f"so với năm {year - 1}", report.activity_lines),
        _targets(report),
        _next_targets(report),
    ]
    tables = {}
    for number, table in enumerate((t for t in body if t is not None), 1):
        table.title = f"Bảng {number}. {table.title}"
        tables[table.name] = table
    tables["appendix_units"] = _by_child(report, "appendix_units", "", report.appendix_columns, numbered=True,
                                         small=True)
    tables["houses"] = _houses(report)
    tables["returns"] = _returns(report)
    return tables

