"""What the review pages show, gathered from the returns' and the report's selectors: a return's figures beside
last year's, the difference from its previous upload, its warnings and history; nothing is computed here that
`reports.figures.figures_for` or `returns.quality` already computes.

Last year's figures are on this year's perimeter (`figures.compared`), with the figure as reported beside them
where a reorganisation changed the perimeter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unionreport.lib.formatting import format_change, format_int, format_number
from unionreport.reports.figures import Figures, figures_for
from unionreport.reports.measures import FIGURE_KEYS, OCCASION_SLUGS
from unionreport.returns import selectors as returns_selectors
from unionreport.returns.models import Return, ReturnVersion
from unionreport.returns.quality.selectors import ShownWarning, live_warnings
from unionreport.units.models import Unit
from unionreport.welfare.models import Occasion

_WORKFORCE = ["lao_dong.tong", "lao_dong.nu", "lao_dong.hop_dong", "lao_dong.bhxh", "lao_dong.thieu_viec",
              "lao_dong.thu_nhap_bq", "lao_dong.no_luong", "lao_dong.no_bhxh", "lao_dong.tai_nan", "lao_dong.chet",
              "lao_dong.tranh_chap"]
_ACTIVITIES = ["hoat_dong.doi_thoai", "hoat_dong.hoi_nghi_nld", "hoat_dong.thoa_uoc", "hoat_dong.lop_tap_huan",
               "hoat_dong.luot_tap_huan", "dang.gioi_thieu", "dang.ket_nap"]
_WELFARE = ["cham_lo.luot", "cham_lo.tien"] + [
    key for occasion in Occasion.values for key in (f"cham_lo.{OCCASION_SLUGS[occasion]}.luot",
                                                    f"cham_lo.{OCCASION_SLUGS[occasion]}.tien")]
GROUPS = [
    ("Đoàn viên", ["doan_vien.cuoi_nam", "doan_vien.moi", "doan_vien.giam"]),
    ("Chăm lo đoàn viên", _WELFARE),
    ("Mái ấm Công đoàn", ["mai_am.so_nha", "mai_am.xay_moi", "mai_am.sua_chua", "mai_am.tien",
                          "mai_am.tien_cong_doan"]),
    ("Tình hình lao động", _WORKFORCE),
    ("Hoạt động khác", _ACTIVITIES),
]


@dataclass(frozen=True)
class FigureLine:
    key: str
    label: str
    measure: str
    value: str
    previous: str  # last year on this year's perimeter (what the change compares with)
    change: str
    sub: bool = False  # a breakdown line (welfare by occasion)
    reported: str = ""  # last year as reported, when a reorganisation changed the perimeter


@dataclass
class FigureGroup:
    title: str
    lines: list[FigureLine] = field(default_factory=list)


def _line(figures: Figures, key: str) -> FigureLine:
    meta = FIGURE_KEYS[key]
    value, previous, reported = figures.get(key), figures.compared.get(key), figures.previous.get(key)
    return FigureLine(key, meta.label.removeprefix("Chăm lo – "), meta.measure, format_int(value),
                      format_int(previous) if previous is not None else "–", format_change(value, previous),
                      sub=key.count(".") == 2,
                      reported=format_int(reported) if reported is not None and reported != previous else "")


def figure_groups(figures: Figures) -> list[FigureGroup]:
    """The key figures of a CĐCS-year beside last year's and the change, in groups, and its movement results."""
    groups = [FigureGroup(title, [_line(figures, key) for key in keys]) for title, keys in GROUPS]
    movements = FigureGroup("Kết quả phong trào thi đua")
    for movement in figures.movements:
        for indicator in movement.indicators:
            movements.lines.append(FigureLine(indicator.key, f"{movement.name}: {indicator.name}", indicator.measure,
                                              format_number(indicator.value), "–", ""))
    return [*groups, movements] if movements.lines else groups


@dataclass
class VersionChange:
    """What the current upload changed against the return as it was before it (kept with the version)."""

    version: ReturnVersion
    totals: list[dict]
    workforce: list[dict]
    members: dict
    first: bool


def version_change(ret: Return | None) -> VersionChange | None:
    version = ret.current_version if ret else None
    if version is None:
        return None
    summary = version.summary or {}
    return VersionChange(version, summary.get("totals", []), summary.get("workforce", []), summary.get("members", {}),
                         first=version.number == 1)


@dataclass
class ReturnReview:
    unit: Unit
    year: int
    ret: Return | None
    figures: Figures
    groups: list[FigureGroup]
    change: VersionChange | None
    warnings: list[ShownWarning]
    events: list

    @property
    def unexplained(self) -> int:
        return sum(1 for w in self.warnings if not w.explanation)


def return_review(unit: Unit, year: int) -> ReturnReview:
    """Everything the return page shows about the return's content (a constant number of queries)."""
    ret = returns_selectors.return_for(unit, year)
    figures = figures_for(unit, year)
    return ReturnReview(unit=unit, year=year, ret=ret, figures=figures, groups=figure_groups(figures),
                        change=version_change(ret), warnings=live_warnings(unit, year),
                        events=list(returns_selectors.events_of(ret)))
