"""What the home page (dashboard) shows, gathered from the report's and the returns' selectors.

No figure is computed here: headline figures, charts and the breakdown by child unit come
from `reports.figures` / `reports.charts` (the same numbers as the report), completeness,
queues and the last upload from `returns.selectors`. This module only picks, labels and
joins them, so the number of queries is the sum of theirs and does not grow with units or rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from unionreport.accounts.access import is_approver, visible_units
from unionreport.accounts.models import User
from unionreport.lib.formatting import MILLION, format_decimal, format_int, format_number
from unionreport.lib.years import year_end
from unionreport.reports.charts import Chart, members_over_years, welfare_by_occasion
from unionreport.reports.figures import ChildFigures, Figures, figures_for
from unionreport.reports.report import report_units
from unionreport.returns import selectors as returns_selectors
from unionreport.returns.quality.selectors import QualitySummary, quality_summary
from unionreport.units.models import Unit
from unionreport.units.selectors import name_on

if TYPE_CHECKING:  # types only: the dashboard reads returns through returns.selectors
    from unionreport.returns.models import ReopenRequest, ReportingYear, Return, UploadStaging

# The headline cards: figure key, short label, unit of measure.
HEADLINES = [
    ("doan_vien.cuoi_nam", "Đoàn viên cuối năm", "đoàn viên"),
    ("doan_vien.moi", "Đoàn viên kết nạp mới", "đoàn viên"),
    ("cdcs.moi", "CĐCS thành lập mới", "CĐCS"),
    ("cham_lo.luot", "Lượt đoàn viên, NLĐ được chăm lo", "lượt"),
    ("cham_lo.tien", "Tiền chăm lo", "triệu đồng"),
    ("mai_am.so_nha", "Nhà Mái ấm Công đoàn", "nhà"),
]
# The child-unit table's figure columns (key, header).
CHILD_COLUMNS = [
    ("cdcs.so_luong", "Số CĐCS"),
    ("doan_vien.cuoi_nam", "Đoàn viên"),
    ("doan_vien.moi", "Kết nạp mới"),
    ("cdcs.moi", "CĐCS mới"),
    ("cham_lo.luot", "Chăm lo (lượt)"),
    ("cham_lo.tien", "Chăm lo (đồng)"),
    ("mai_am.so_nha", "Mái ấm (nhà)"),
]
ACTION_LIMIT = 10
MISSING_LIMIT = 15


def year_choices(year: int) -> list[int]:
    """Years offered in the chooser: the last six calendar years, and the chosen one."""
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 5, this_year + 1), year}, reverse=True)


def unit_choices(user: User, year: int, current: Unit) -> list[Unit]:
    """Units whose dashboard the user may open for the year: those a report is built for (not CĐCS) that
    existed during the year, and the unit shown."""
    start, end = dt.date(year, 1, 1), year_end(year)
    return [u for u in report_units(visible_units(user))
            if u.pk == current.pk or (u.valid_from <= end and (u.valid_to is None or u.valid_to > start))]


# ---------------------------------------------------------------- headline figures


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    measure: str
    value: int
    previous: int | None
    change: str  # '+4,5%' ('' when last year had nothing)
    trend: str  # 'up' | 'down' | ''
    text: str  # the value as shown (money in million đồng, one decimal)
    previous_text: str  # last year on this year's perimeter (what the change compares with)
    exact: str = ""  # money: the exact amount in đồng
    reported_text: str = ""  # last year as reported, when a reorganisation changed the perimeter

    @property
    def is_money(self) -> bool:
        return bool(self.exact)


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    measure: str
    text: str  # the value, formatted


@dataclass(frozen=True)
class MovementLine:
    name: str
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class TargetLine:
    name: str
    measure: str
    planned: Decimal
    achieved: int | None
    percent: Decimal | None
    met: bool | None
    bar: int  # 0..100, the progress bar's width class


def _trend(value: int, previous: int | None) -> str:
    if not previous or value == previous:
        return ""
    return "up" if value > previous else "down"


def _shown(value: int | None, in_millions: bool) -> str:
    value = value or 0
    return format_decimal(Decimal(value) / MILLION, 1) if in_millions else format_int(value)


def headlines(figures: Figures) -> list[Headline]:
    result = []
    for key, label, measure in HEADLINES:
        value, previous = figures.get(key), figures.compared.get(key)
        reported = figures.previous.get(key)
        money = measure == "triệu đồng"
        result.append(Headline(key, label, measure, value, previous, figures.change(key), _trend(value, previous),
                               _shown(value, money), _shown(previous, money),
                               f"{format_int(value)} đồng" if money else "",
                               _shown(reported, money) if reported != previous else ""))
    return result


def movement_lines(figures: Figures) -> list[MovementLine]:
    return [MovementLine(m.name, [IndicatorLine(i.name, i.measure, format_number(i.value)) for i in m.indicators])
            for m in figures.movements]


def target_lines(figures: Figures) -> list[TargetLine]:
    lines = []
    for t in figures.targets:
        bar = 0 if t.percent is None else max(0, min(100, int(t.percent)))
        lines.append(TargetLine(t.name, t.measure, t.planned, t.achieved, t.percent, t.met, bar))
    return lines


# ---------------------------------------------------------------- child units and completeness


def _return_label(row: returns_selectors.CompletenessRow) -> str:
    """The status of one CĐCS from its completeness row (expected 1)."""
    if row.approved_province:
        return "LĐLĐ tỉnh đã duyệt"
    if row.approved_upper:
        return "Cấp trên đã duyệt"
    if row.submitted:
        return "Đã nộp, chờ duyệt" + (" (muộn)" if row.late else "")
    return "Chưa nộp"


def child_rows(figures_rows: list[ChildFigures], completeness: returns_selectors.Completeness) -> list[dict]:
    """The child-unit table: key figures of each child joined with its returns (by code)."""
    status = completeness.by_code
    rows = []
    for child in figures_rows:
        row = {"code": child.code, "name": child.name, "level": child.level, "is_own": child.is_own,
               "is_grassroots": child.level == Unit.Level.GRASSROOTS}
        row.update({key.replace(".", "_"): child.get(key) for key, _ in CHILD_COLUMNS})
        done = status.get(child.code)
        if child.is_own or done is None:
            row["returns"], row["returns_sort"] = "", -1
        elif row["is_grassroots"]:
            row["returns"], row["returns_sort"] = _return_label(done), done.approved * 2 + done.submitted
        else:
            row["returns"] = f"{format_int(done.approved)}/{format_int(done.expected)} đã duyệt"
            row["returns_sort"] = done.percent or 0
        rows.append(row)
    return rows


# ---------------------------------------------------------------- the pages' data


@dataclass
class Actions:
    approvals: list[Return] = field(default_factory=list)
    approvals_count: int = 0
    reopen: list[ReopenRequest] = field(default_factory=list)
    reopen_count: int = 0
    follow_up: list[Return] = field(default_factory=list)
    follow_up_count: int = 0

    @property
    def any(self) -> bool:
        return bool(self.approvals_count or self.reopen_count or self.follow_up_count)


def _first_and_count(rows: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many there are, in one query (the count is a window over every row, taken
    before the LIMIT), not a list and a `COUNT(*)`."""
    first = list(rows.annotate(_all=Window(Count("*")))[:limit])
    return first, (first[0]._all if first else 0)


def actions_for(user: User, year: int) -> Actions | None:
    """Returns waiting at the user's step, pending reopen requests and returns marked "cần xem lại" (None for
    read-only roles): three queries."""
    if not is_approver(user):
        return None
    approvals, approvals_count = _first_and_count(returns_selectors.approvals_queue(user, year), ACTION_LIMIT)
    reopen, reopen_count = _first_and_count(returns_selectors.pending_reopen_requests_for(user), ACTION_LIMIT)
    follow_up, follow_up_count = _first_and_count(returns_selectors.follow_up_returns(user, year), ACTION_LIMIT)
    return Actions(approvals, approvals_count, reopen, reopen_count, follow_up, follow_up_count)


@dataclass
class Overview:
    unit: Unit
    year: int
    unit_name: str  # as of 31/12 of the year
    figures: Figures
    headlines: list[Headline]
    movements: list[MovementLine]
    targets: list[TargetLine]
    charts: list[Chart]
    completeness: returns_selectors.Completeness
    children: list[dict]
    actions: Actions | None
    quality: QualitySummary

    @property
    def missing_preview(self) -> list[dict]:
        return self.completeness.missing_units[:MISSING_LIMIT]

    @property
    def targets_met(self) -> tuple[int, int]:
        return self.figures.get("chi_tieu.dat"), self.figures.get("chi_tieu.tong")

    @property
    def is_province(self) -> bool:
        """Targets are assigned to the province: below it the bars show the unit's share of the plan."""
        return self.unit.level == Unit.Level.PROVINCE

    @property
    def completeness_rows(self) -> list[returns_selectors.CompletenessRow]:
        """The completeness page's rows (the CĐCS directly under the unit summed in one row: the child table
        shows each one's status)."""
        return self.completeness.rows


def overview(user: User, unit: Unit, year: int) -> Overview:
    """The leaders', staff's and upper officers' dashboard of `unit` (already checked visible) for `year`."""
    figures = figures_for(unit, year)
    completeness = returns_selectors.completeness(unit, year, missing_limit=MISSING_LIMIT)
    return Overview(
        unit=unit, year=year, unit_name=name_on(unit, year_end(year)), figures=figures,
        headlines=headlines(figures), movements=movement_lines(figures),
        targets=target_lines(figures), charts=[welfare_by_occasion(figures), members_over_years(figures)],
        completeness=completeness, children=child_rows(figures.children, completeness),
        actions=actions_for(user, year), quality=quality_summary(unit, year, as_of=completeness.as_of),
    )


@dataclass
class GrassrootsHome:
    unit: Unit
    year: int
    ret: Return | None
    settings_row: ReportingYear
    failed: UploadStaging | None
    days_left: int

    @property
    def sent(self) -> bool:
        return self.ret is not None and self.ret.is_sent

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and not self.sent

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def grassroots_home(unit: Unit, year: int, today: dt.date | None = None) -> GrassrootsHome:
    """A CĐCS officer's page: its return's status, the deadline, the last upload's errors."""
    ret = returns_selectors.return_for(unit, year)
    settings_row = returns_selectors.reporting_year(year)
    today = today or timezone.localdate()
    return GrassrootsHome(unit=unit, year=year, ret=ret, settings_row=settings_row,
                          failed=returns_selectors.last_failed_upload(unit, year, ret),
                          days_left=(settings_row.deadline - today).days)
