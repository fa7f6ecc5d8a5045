"""The list of figures: each key says which table, which rows and what to add up.

One declaration serves the aggregation (conditional sums in one query per table), the
provenance pages (the same filter lists the rows) and the narrative editor (the keys it
offers). `FIGURE_KEYS` is the public list: key -> (Vietnamese label, unit of measure, kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, Q, Sum
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, MemberSummary, Workforce
from unionreport.members.selectors import members_current_q
from unionreport.movements.models import MovementResult
from unionreport.reports.models import AggregateFigure
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import valid_on_q
from unionreport.welfare.models import Disbursement, Form, Occasion, Source, WelfareSummary, breakdown_column


def _year_range(field: str) -> Callable[[int], Q]:
    return lambda year: Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lte": dt.date(year, 12, 31)})


def _year_equals(year: int) -> Q:
    return Q(year=year)


# How a table's rows are placed in the tree (units.rollup): flows by the tree of 31/12 and the units closed
# during the year; stocks by the tree of 31/12 only; CLOSED: the units themselves, closed during the year.
FLOW, STOCK, CLOSED = "flow", "stock", "closed"
# How its measures are summed: conditional sums (one per measure); the welfare summary's columns (one per
# figure key, `WELFARE_SUMMARY_COLUMNS`); the member summary's joined − left; aggregate history's value per figure key.
CONDITIONAL, WELFARE_COLUMNS, MEMBER_MOVES, KEY_VALUES = "conditional", "welfare_columns", "member_moves", "key_values"


@dataclass(frozen=True)
class Table:
    """A table that figures are summed from: its rows of a year, the field naming their unit, how they are
    placed in the tree and how its measures are summed."""

    name: str
    model: type
    year_q: Callable[[int], Q]
    unit_field: str | None = "unit"  # None: the rows are units themselves
    placement: str = FLOW
    aggregation: str = CONDITIONAL


def _closed_in_year(year: int) -> Q:
    return Q(level=Unit.Level.GRASSROOTS, valid_to__gt=dt.date(year, 1, 1), valid_to__lte=dt.date(year + 1, 1, 1))


TABLES = {
    t.name: t
    for t in [
        Table("welfare", Disbursement, _year_range("date")),
        Table("houses", House, _year_range("handover_date")),
        Table("members", Member, lambda year: Q()),
        Table("units", Unit, lambda year: Q(level=Unit.Level.GRASSROOTS), unit_field=None, placement=STOCK),
        Table("units_closed", Unit, _closed_in_year, unit_field=None, placement=CLOSED),
        Table("workforce", Workforce, _year_equals),
        Table("activities", Activity, _year_equals),
        Table("movements", MovementResult, _year_equals),
    ]
}


# What the figures read instead of the raw rows (the provenance pages list the raw rows, TABLES);
# members: one summary row per unit, the one holding its members at the end of the year.
SUMMARIES = {
    "welfare": Table("welfare", WelfareSummary, lambda year: Q(year=year), aggregation=WELFARE_COLUMNS),
    "members": Table("members", MemberSummary, members_current_q, aggregation=MEMBER_MOVES),
}
# Figures of units that never used the application, as their old reports stated them (a unit's own figures).
AGGREGATES = Table("aggregates", AggregateFigure, lambda year: Q(year=year), aggregation=KEY_VALUES)
# The tables whose measures make up a unit's figures of a year (movements have figures per indicator).
FIGURE_TABLES = [*(SUMMARIES.get(name) or TABLES[name]
                   for name in ("welfare", "houses", "members", "units", "units_closed", "workforce", "activities")),
                 AGGREGATES]
# Figures of a moment (31/12) rather than of the year's flows: what a unit moved or closed during the year
# takes with it differs (units.rollup).
STOCK_KEYS = {"doan_vien.cuoi_nam", "cdcs.so_luong"}



def members_stated_by_aggregates(year: int) -> Q:
    """Summary rows of units whose members of `year` are stated by aggregate history (a unit that started using
    the application later uploads its roster with the old joined dates: the old report's figure counts, not
    the roster's, so nothing is counted twice).

    An uncorrelated `unit_id IN (…)`: PostgreSQL computes the few units once (a hashed subplan) instead of
    probing the aggregates for every summary row (4,5 s of figures_for at a tenth of the merged size, issue 17)."""
    placed = valid_on_q(_end(year)) | Q(valid_to=F("unit__valid_to"), unit__valid_to__gt=dt.date(year, 1, 1),
                                        unit__valid_to__lte=dt.date(year + 1, 1, 1))
    stated = AggregateFigure.objects.filter(year=year, key__startswith="doan_vien.").values("unit_id")
    return Q(unit_id__in=UnitPath.objects.filter(placed, ancestor_id__in=stated).values("unit_id"))


def member_summary_aggregates(year: int, stock_q: Q | None = None) -> dict:
    """The member measures from `MemberSummary` rows that hold members at the end of `year`
    (`members_current_q`); `stock_q` limits members at year end to the units of the tree as of 31/12 (the rows
    may also hold units closed during the year). Members a reorganisation moved are neither joined nor left
    (`chuyen_den`/`chuyen_di` count them)."""
    rows = ~members_stated_by_aggregates(year)
    stock_q = rows if stock_q is None else stock_q & rows
    this_year = Q(year=year) & rows
    return {
        "doan_vien__cuoi_nam": Coalesce(Sum("members_end", filter=stock_q), 0),
        "doan_vien__moi": Coalesce(Sum("joined", filter=this_year), 0),
        "doan_vien__giam": Coalesce(Sum("left", filter=this_year), 0),
        "doan_vien__giam_giai_the": Coalesce(Sum("left_dissolved", filter=this_year), 0),
        "doan_vien__chuyen_den": Coalesce(Sum("joined_moved", filter=this_year), 0),
        "doan_vien__chuyen_di": Coalesce(Sum("left_moved", filter=this_year), 0),
    }


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    measure: str  # unit of measure shown in tables: "lượt", "đồng", "người"...
    kind: str  # count | money | percent
    table: str = ""  # "" for derived figures (computed from others)
    field: str | Combinable | None = None  # summed field (or expression); None counts rows
    q: Callable[[int], Q] = lambda year: Q()


class FigureKey(NamedTuple):
    label: str
    measure: str
    kind: str


def _end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _member_at_end(year: int) -> Q:
    return Q(joined_on__lte=_end(year)) & (Q(left_on__isnull=True) | Q(left_on__gt=_end(year)))


OCCASION_SLUGS = {
    Occasion.TET: "tet", Occasion.WORKERS_MONTH: "thang_cong_nhan", Occasion.UNION_DAY: "ngay_thanh_lap",
    Occasion.UNION_PROGRAMME: "chuong_trinh", Occasion.HARDSHIP: "kho_khan", Occasion.OTHER: "dip_khac",
}
FORM_SLUGS = {Form.GIFT: "tang_qua", Form.VISIT: "tham_hoi", Form.MEAL: "bua_com", Form.CASH: "tien_mat",
              Form.OTHER: "hinh_thuc_khac"}
SOURCE_SLUGS = {Source.UNION_FUNDS: "tai_chinh_cd", Source.SOCIALISED: "xa_hoi_hoa", Source.EMPLOYER: "doanh_nghiep",
                Source.OTHER: "nguon_khac"}
# The welfare summary's column of each welfare figure key.
WELFARE_SUMMARY_COLUMNS: dict[str, str] = {"cham_lo.luot": "person_times", "cham_lo.tien": "amount_vnd"}
for _dimension, _slugs in (("occasion", OCCASION_SLUGS), ("form", FORM_SLUGS), ("source", SOURCE_SLUGS)):
    for _value, _slug in _slugs.items():
        WELFARE_SUMMARY_COLUMNS[f"cham_lo.{_slug}.luot"] = breakdown_column(_dimension, _value, "person_times")
        WELFARE_SUMMARY_COLUMNS[f"cham_lo.{_slug}.tien"] = breakdown_column(_dimension, _value, "amount_vnd")


def _welfare_breakdown(field_name: str, choices, slugs: dict, dimension: str) -> list[Measure]:
    """One count and one money measure per choice, labelled with the dimension: "Khác" is an occasion, a form
    and a source, and the three must read differently wherever a label is listed."""
    measures = []
    for value, label in choices.choices:
        q = (lambda v: lambda year: Q(**{field_name: v}))(value)
        slug = slugs[value]
        measures.append(Measure(f"cham_lo.{slug}.luot", f"Chăm lo {dimension} {label}: số lượt", "lượt", "count",
                                "welfare", "person_times", q))
        measures.append(Measure(f"cham_lo.{slug}.tien", f"Chăm lo {dimension} {label}: số tiền", "đồng", "money",
                                "welfare", "amount_vnd", q))
    return measures


def _wf(key: str, label: str, field, measure: str = "người", kind: str = "count") -> Measure:
    return Measure(f"lao_dong.{key}", label, measure, kind, "workforce", field)


MEASURES: list[Measure] = [
    Measure("cham_lo.luot", "Số lượt đoàn viên, người lao động được chăm lo", "lượt", "count", "welfare",
            "person_times"),
    Measure("cham_lo.tien", "Tổng số tiền chăm lo", "đồng", "money", "welfare", "amount_vnd"),
    *_welfare_breakdown("occasion", Occasion, OCCASION_SLUGS, "dịp"),
    *_welfare_breakdown("form", Form, FORM_SLUGS, "hình thức"),
    *_welfare_breakdown("source", Source, SOURCE_SLUGS, "nguồn"),
    Measure("mai_am.so_nha", "Số nhà Mái ấm Công đoàn (xây mới và sửa chữa)", "nhà", "count", "houses"),
    Measure("mai_am.xay_moi", "Số nhà Mái ấm Công đoàn xây mới", "nhà", "count", "houses", None,
            lambda year: Q(kind=House.Kind.NEW)),
    Measure("mai_am.sua_chua", "Số nhà Mái ấm Công đoàn sửa chữa", "nhà", "count", "houses", None,
            lambda year: Q(kind=House.Kind.REPAIR)),
    Measure("mai_am.tien", "Tổng kinh phí hỗ trợ Mái ấm Công đoàn", "đồng", "money", "houses", "total_support_vnd"),
    Measure("mai_am.tien_cong_doan", "Kinh phí Mái ấm từ tài chính công đoàn", "đồng", "money", "houses",
            "union_fund_vnd"),
    Measure("doan_vien.cuoi_nam", "Số đoàn viên cuối năm", "đoàn viên", "count", "members", None, _member_at_end),
    Measure("doan_vien.moi", "Số đoàn viên kết nạp mới", "đoàn viên", "count", "members", None,
            lambda year: _year_range("joined_on")(year) & Q(moved_from__isnull=True)),
    Measure("doan_vien.giam", "Số đoàn viên giảm (ra khỏi tổ chức)", "đoàn viên", "count", "members", None,
            lambda year: _year_range("left_on")(year) & ~Q(left_reason=Member.LeftReason.MOVED)),
    Measure("doan_vien.giam_giai_the", "Trong đó đoàn viên giảm do CĐCS giải thể", "đoàn viên", "count", "members",
            None, lambda year: _year_range("left_on")(year) & Q(left_reason=Member.LeftReason.DISSOLVED)),
    Measure("doan_vien.chuyen_den", "Đoàn viên chuyển đến do sắp xếp tổ chức", "đoàn viên", "count", "members",
            None, lambda year: _year_range("moved_on")(year) & Q(moved_from__isnull=False)),
    Measure("doan_vien.chuyen_di", "Đoàn viên chuyển đi do sắp xếp tổ chức", "đoàn viên", "count", "members",
            None, lambda year: _year_range("left_on")(year) & Q(left_reason=Member.LeftReason.MOVED)),
    Measure("doan_vien.chuyen", "Đoàn viên chuyển đến (+), chuyển đi (−) qua phạm vi đơn vị do sắp xếp tổ chức",
            "đoàn viên", "count"),
    Measure("cdcs.so_luong", "Số CĐCS cuối năm", "CĐCS", "count", "units"),
    Measure("cdcs.moi", "Số CĐCS thành lập mới", "CĐCS", "count", "units", None,
            lambda year: _year_range("valid_from")(year) & Q(origin=Unit.Origin.FOUNDED)),
    Measure("cdcs.giai_the", "Số CĐCS giải thể", "CĐCS", "count", "units_closed", None,
            lambda year: Q(closure=Unit.Closure.DISSOLVED)),
    Measure("cdcs.giai_the_ngan_sach", "Trong đó CĐCS cơ quan hưởng lương ngân sách giải thể theo chủ trương 2025",
            "CĐCS", "count", "units_closed", None,
            lambda year: Q(closure=Unit.Closure.DISSOLVED, closure_reason=Unit.Reason.BUDGET_2025)),
    Measure("cdcs.hop_nhat", "Số CĐCS hợp nhất, sáp nhập vào CĐCS khác", "CĐCS", "count", "units_closed", None,
            lambda year: Q(closure=Unit.Closure.MERGED)),
    Measure("cdcs.chia_tach", "Số CĐCS chia tách thành CĐCS mới", "CĐCS", "count", "units_closed", None,
            lambda year: Q(closure=Unit.Closure.SPLIT)),
    _wf("tong", "Tổng số lao động", "total_workers"),
    _wf("nu", "Lao động nữ", "female_workers"),
    _wf("hop_dong", "Lao động có hợp đồng lao động", "with_contract"),
    _wf("bhxh", "Lao động tham gia bảo hiểm xã hội", "with_social_insurance"),
    _wf("thieu_viec", "Lao động thiếu việc làm", "underemployed"),
    _wf("thu_nhap_x_lao_dong", "Tổng thu nhập tháng (thu nhập bình quân × lao động)",
        F("average_income_vnd") * F("total_workers"), "đồng", "money"),
    Measure("lao_dong.thu_nhap_bq", "Thu nhập bình quân", "đồng/người/tháng", "money"),
    _wf("no_luong", "Tiền lương nợ người lao động", "wage_arrears_vnd", "đồng", "money"),
    _wf("no_bhxh", "Tiền bảo hiểm xã hội nợ", "insurance_arrears_vnd", "đồng", "money"),
    _wf("tai_nan", "Số vụ tai nạn lao động", "accidents", "vụ"),
    _wf("chet", "Số người chết do tai nạn lao động", "accident_deaths"),
    _wf("tranh_chap", "Số vụ tranh chấp, ngừng việc tập thể", "collective_disputes", "vụ"),
    Measure("hoat_dong.doi_thoai", "Số cuộc đối thoại tại nơi làm việc", "cuộc", "count", "activities", "dialogues"),
    Measure("hoat_dong.hoi_nghi_nld", "Số đơn vị tổ chức Hội nghị người lao động", "đơn vị", "count", "activities",
            None, lambda year: Q(workers_conference=True)),
    Measure("hoat_dong.thoa_uoc", "Số thỏa ước lao động tập thể ký kết", "bản", "count", "activities", None,
            lambda year: Q(collective_agreement=True)),
    Measure("hoat_dong.lop_tap_huan", "Số lớp tập huấn", "lớp", "count", "activities", "training_classes"),
    Measure("hoat_dong.luot_tap_huan", "Số lượt người được tập huấn", "lượt", "count", "activities", "trainees"),
    Measure("dang.gioi_thieu", "Số đoàn viên ưu tú giới thiệu cho Đảng", "người", "count", "activities",
            "party_introduced"),
    Measure("dang.ket_nap", "Số đoàn viên được kết nạp Đảng", "người", "count", "activities", "party_admitted"),
    Measure("van_ban.chuong_trinh", "Số chương trình hành động ban hành", "chương trình", "count"),
    Measure("van_ban.ke_hoach", "Số kế hoạch ban hành", "kế hoạch", "count"),
    Measure("van_ban.dot_pha", "Số chương trình đột phá ban hành", "chương trình", "count"),
    Measure("phong_trao.so_luong", "Số phong trào thi đua", "phong trào", "count"),
    Measure("chi_tieu.tong", "Số chỉ tiêu được giao", "chỉ tiêu", "count"),
    Measure("chi_tieu.dat", "Số chỉ tiêu hoàn thành", "chỉ tiêu", "count"),
]
# Money in words for sentences: the same figure, phrased in millions or billions.
ALIASES = {"cham_lo.tien_trieu": "cham_lo.tien", "cham_lo.tien_ty": "cham_lo.tien",
           "mai_am.tien_trieu": "mai_am.tien"}

MEASURE_BY_KEY = {m.key: m for m in MEASURES}
HIDDEN = {"lao_dong.thu_nhap_x_lao_dong"}
FIGURE_KEYS: dict[str, FigureKey] = {
    m.key: FigureKey(m.label, m.measure, m.kind) for m in MEASURES if m.key not in HIDDEN
}
FIGURE_KEYS["cham_lo.tien_trieu"] = FigureKey("Tổng số tiền chăm lo (triệu đồng, làm tròn)", "triệu đồng", "million")
FIGURE_KEYS["cham_lo.tien_ty"] = FigureKey("Tổng số tiền chăm lo (tỷ đồng, làm tròn)", "tỷ đồng", "billion")
FIGURE_KEYS["mai_am.tien_trieu"] = FigureKey("Kinh phí Mái ấm (triệu đồng, làm tròn)", "triệu đồng", "million")

# Figures that rows of a unit make up (the provenance pages trace these to their rows).
TRACEABLE = {m.key for m in MEASURES if m.table and m.key not in HIDDEN}


def indicator_measure(indicator_id: int) -> Measure:
    """The provenance of one movement indicator: key `chi_so.<id>`."""
    return Measure(f"chi_so.{indicator_id}", "Kết quả chỉ tiêu thi đua", "", "count", "movements", "value",
                   lambda year: Q(indicator_id=indicator_id))


def measure_for(key: str) -> Measure | None:
    key = ALIASES.get(key, key)
    if key.startswith("chi_so."):
        suffix = key.removeprefix("chi_so.")
        return indicator_measure(int(suffix)) if suffix.isdigit() else None
    return MEASURE_BY_KEY.get(key) if key not in HIDDEN else None
