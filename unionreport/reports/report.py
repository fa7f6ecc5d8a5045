"""Everything one yearly report shows, gathered once for HTML, PDF and Word (they only lay it out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from unionreport.houses.models import House
from unionreport.lib.years import year_end
from unionreport.reports import returns_status
from unionreport.reports.charts import Chart, report_charts
from unionreport.reports.document import ReportTable, comparable_note, report_tables
from unionreport.reports.figures import ChildFigures, Figures, figures_for
from unionreport.reports.measures import FIGURE_KEYS, FORM_SLUGS, OCCASION_SLUGS, SOURCE_SLUGS, TABLES
from unionreport.reports.models import DEFAULT_RECIPIENTS, ReportNarrative
from unionreport.reports.narrative import FilledSection, filled_sections
from unionreport.reports.provenance import provenance_url_maker
from unionreport.reports.selectors import narrative_for
from unionreport.reports.sums import add_values, derive_figures
from unionreport.returns.selectors import DIRECT_ROW_NAME
from unionreport.units import rollup
from unionreport.units.models import Unit
from unionreport.units.selectors import by_level, name_on
from unionreport.welfare.models import Form, Occasion, Source

CONFEDERATION = "TỔNG LĐLĐ VIỆT NAM"

WORKFORCE_ROWS = ["lao_dong.tong", "lao_dong.nu", "lao_dong.hop_dong", "lao_dong.bhxh", "lao_dong.thieu_viec",
                  "lao_dong.thu_nhap_bq", "lao_dong.no_luong", "lao_dong.no_bhxh", "lao_dong.tai_nan",
                  "lao_dong.chet", "lao_dong.tranh_chap"]
MEMBER_ROWS = ["doan_vien.cuoi_nam", "doan_vien.moi", "doan_vien.giam", "cdcs.so_luong", "cdcs.moi",
               "cdcs.giai_the", "dang.gioi_thieu", "dang.ket_nap"]
HOUSE_ROWS = ["mai_am.so_nha", "mai_am.xay_moi", "mai_am.sua_chua", "mai_am.tien", "mai_am.tien_cong_doan"]
ACTIVITY_ROWS = ["hoat_dong.doi_thoai", "hoat_dong.hoi_nghi_nld", "hoat_dong.thoa_uoc", "hoat_dong.lop_tap_huan",
                 "hoat_dong.luot_tap_huan"]
# Phụ lục 1: the key figures per upper-level unit.
APPENDIX_COLUMNS = [("cdcs.so_luong", "Số CĐCS"), ("doan_vien.cuoi_nam", "Đoàn viên"),
                    ("doan_vien.moi", "Kết nạp mới"), ("cham_lo.luot", "Chăm lo (lượt)"),
                    ("cham_lo.tien", "Chăm lo (đồng)"), ("mai_am.so_nha", "Mái ấm (nhà)"),
                    ("hoat_dong.doi_thoai", "Đối thoại")]


@dataclass(frozen=True)
class Line:
    """A table row: label, and the figure keys of its cells."""

    label: str
    keys: tuple[str, ...]
    measure: str = ""


@dataclass
class Report:
    unit: Unit
    year: int
    unit_name: str
    figures: Figures
    by_child: list[ChildFigures]
    sections: dict[str, FilledSection]
    narrative: ReportNarrative | None
    charts: list[Chart]
    houses: list[House]
    returns: list[returns_status.StatusRow] | None
    links: bool = True
    incomplete: str = ""  # "Số liệu chưa đầy đủ: ..." while some expected returns are not approved
    tables: dict[str, ReportTable] = field(default_factory=dict)
    welfare_by_occasion: list[Line] = field(default_factory=list)
    welfare_by_form: list[Line] = field(default_factory=list)
    welfare_by_source: list[Line] = field(default_factory=list)

    # --- header and signature -------------------------------------------------
    @property
    def issuer_lines(self) -> tuple[str, list[str]]:
        """Top-left block: the body above, and this unit (bold, capitals, broken before the place name)."""
        own = self.unit_name.replace("LĐLĐ", "Liên đoàn Lao động").upper()
        lines = [own]
        for word in (" TỈNH ", " THÀNH PHỐ ", " HUYỆN "):
            head, found, tail = own.partition(word)
            if found and head:
                lines = [head, word.strip() + " " + tail]
                break
        top = CONFEDERATION if self.unit.level == Unit.Level.PROVINCE else "LIÊN ĐOÀN LAO ĐỘNG TỈNH NINH BÌNH"
        return top, lines

    @property
    def document_number(self) -> str:
        return f"Số: {self.narrative.document_number if self.narrative else '01/BC-LĐLĐ'}"

    @property
    def place_date(self) -> str:
        place = self.narrative.place if self.narrative else "Ninh Bình"
        day = (self.narrative.report_date if self.narrative else None) or dt.date(self.year, 12, 5)
        return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"

    @property
    def subtitle(self) -> str:
        return (f"Tổng kết công tác công đoàn và phong trào CNVCLĐ năm {self.year}, "
                f"phương hướng, nhiệm vụ năm {self.year + 1}")

    @property
    def signer_title(self) -> str:
        return self.narrative.signer_title if self.narrative else "CHỦ TỊCH"

    @property
    def signer_name(self) -> str:
        return self.narrative.signer_name if self.narrative else ""

    @property
    def recipients(self) -> list[str]:
        text = self.narrative.recipients if self.narrative else DEFAULT_RECIPIENTS
        return [line.strip().lstrip("-").strip() for line in text.splitlines() if line.strip()]

    @property
    def comparable_note(self) -> str:
        return comparable_note(self)

    # --- tables ---------------------------------------------------------------
    def lines(self, keys: list[str]) -> list[Line]:
        return [Line(FIGURE_KEYS[k].label, (k,), FIGURE_KEYS[k].measure) for k in keys]

    @property
    def workforce_lines(self) -> list[Line]:
        return self.lines(WORKFORCE_ROWS)

    @property
    def member_lines(self) -> list[Line]:
        return self.lines(MEMBER_ROWS)

    @property
    def house_lines(self) -> list[Line]:
        return self.lines(HOUSE_ROWS)

    @property
    def activity_lines(self) -> list[Line]:
        return self.lines(ACTIVITY_ROWS)

    @property
    def appendix_columns(self) -> list[tuple[str, str]]:
        return APPENDIX_COLUMNS

    @cached_property
    def child_rows(self) -> list[ChildFigures]:
        """The rows by child of Phụ lục 1 and the members table: one per upper-level unit (conference-report
        spec), the CĐCS directly under the unit added up in one row after them (as the returns' completeness
        counts them); a unit whose children are all CĐCS (a commune union) lists each of them."""
        direct = [c for c in self._children if c.level == Unit.Level.GRASSROOTS]
        if not direct or len(direct) == len(self._children):
            return self.by_child
        values: dict[str, int] = {}
        for child in direct:
            add_values(values, child.values)
        grouped = ChildFigures(self.unit.pk, self.unit.code, DIRECT_ROW_NAME, Unit.Level.GRASSROOTS,
                               derive_figures(values))
        return [c for c in self.by_child if c not in direct] + [grouped]

    @property
    def _children(self) -> list[ChildFigures]:
        """The rows of the child units (not the unit's own rows)."""
        return [c for c in self.by_child if not c.is_own]

    @property
    def children_are(self) -> str:
        """What the rows by child are: upper-level units, or (a commune union's) CĐCS."""
        upper = any(c.level != Unit.Level.GRASSROOTS for c in self._children)
        return "đơn vị cấp trên trực tiếp cơ sở" if upper or not self.by_child else "công đoàn cơ sở"

    def section(self, name: str) -> FilledSection:
        return self.sections[name]

    # --- links ----------------------------------------------------------------
    @cached_property
    def _provenance_url(self):
        return provenance_url_maker(self.year)

    def provenance_url(self, key: str, unit_code: str | None = None) -> str:
        """The drill-down page of figure `key` at this unit (or at the child `unit_code`)."""
        return self._provenance_url(unit_code or self.unit.code, key)


def _welfare_lines(field_choices, slugs: dict) -> list[Line]:
    return [Line(label, (f"cham_lo.{slugs[value]}.luot", f"cham_lo.{slugs[value]}.tien"))
            for value, label in field_choices.choices]


def houses_of_year(unit: Unit, year: int) -> list[House]:
    table = TABLES["houses"]
    # The same scope as the houses figures: a CĐCS closed during the year keeps its houses.
    return list(House.objects.filter(rollup.flow_scope_q(unit, year), table.year_q(year))
                .select_related("unit").order_by("unit__code", "handover_date", "id"))


def build_report(unit: Unit, year: int, *, links: bool = True) -> Report:
    figures = figures_for(unit, year)
    narrative = narrative_for(unit, year)
    status = returns_status.returns_status(unit, year)
    report = Report(
        unit=unit, year=year, unit_name=name_on(unit, year_end(year)), figures=figures,
        by_child=figures.children, sections=filled_sections(narrative, figures.values, year),
        narrative=narrative, charts=report_charts(figures), houses=houses_of_year(unit, year),
        returns=status.rows, incomplete=status.incomplete, links=links,
        welfare_by_occasion=_welfare_lines(Occasion, OCCASION_SLUGS),
        welfare_by_form=_welfare_lines(Form, FORM_SLUGS), welfare_by_source=_welfare_lines(Source, SOURCE_SLUGS),
    )
    report.tables = report_tables(report)
    return report


def report_units(user_units) -> list[Unit]:
    """Units a report can be built for: the province and upper-level units the user sees."""
    return list(by_level(user_units.exclude(level=Unit.Level.GRASSROOTS)))
