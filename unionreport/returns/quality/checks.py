"""The data-quality checks, written once: each has a code, a Vietnamese title, a severity and a function from a
CĐCS-year's facts (`facts.ReturnFacts`, from an upload or from the stored rows) to findings whose message
names the value found and the expectation. Thresholds have defaults here; staff change them per year.

Errors (the import refuses) are the return-workbook spec's rules, applied by the import itself; every
check here is a warning: the import goes through, submitting needs an explanation of each finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from unionreport.lib.formatting import format_date, format_decimal, format_int
from unionreport.returns.excel import layout as L
from unionreport.returns.quality.facts import ReturnFacts
from unionreport.welfare.models import Occasion

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: "Lỗi (không nhận tệp)", WARNING: "Cảnh báo (cần giải trình)"}


@dataclass(frozen=True)
class Threshold:
    name: str
    label: str
    default: int
    measure: str


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("members_change_pct", "Số đoàn viên cuối năm tăng hoặc giảm quá (so với năm trước)", 30, "%"),
    Threshold("welfare_per_luot_min", "Tiền chăm lo bình quân một lượt, theo từng dịp: tối thiểu", 50_000, "đồng"),
    Threshold("welfare_per_luot_max", "Tiền chăm lo bình quân một lượt, theo từng dịp: tối đa", 5_000_000, "đồng"),
    Threshold("luot_per_member", "Số lượt chăm lo tối đa so với số đoàn viên (lần)", 12, "lần"),
    Threshold("workforce_change_pct", "Số lao động hoặc thu nhập bình quân tăng hoặc giảm quá", 50, "%"),
    Threshold("income_min", "Thu nhập bình quân tối thiểu", 2_000_000, "đồng/người/tháng"),
    Threshold("income_max", "Thu nhập bình quân tối đa", 60_000_000, "đồng/người/tháng"),
    Threshold("house_min", "Kinh phí hỗ trợ một nhà Mái ấm tối thiểu", 20_000_000, "đồng"),
    Threshold("house_max", "Kinh phí hỗ trợ một nhà Mái ấm tối đa", 100_000_000, "đồng"),
    Threshold("welfare_change_factor", "Tổng tiền chăm lo gấp quá (hoặc chỉ bằng dưới 1 phần) so với năm trước",
              5, "lần"),
)
DEFAULTS: dict[str, int] = {t.name: t.default for t in THRESHOLDS}
Limits = dict[str, int]


@dataclass(frozen=True)
class Finding:
    """One warning: `key` (check code and subject) identifies it across rechecks, for its explanation."""

    code: str
    key: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    header: str = ""

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.column}{self.row or ''}" if self.column else self.sheet

    @property
    def title(self) -> str:
        return CHECKS_BY_CODE[self.code].title

    def as_dict(self) -> dict:
        return {"code": self.code, "key": self.key, "message": self.message, "sheet": self.sheet, "row": self.row,
                "column": self.column, "header": self.header, "title": self.title}


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    severity: str
    run: Callable[[ReturnFacts, Limits], Iterable[Finding]]


def _pct(new: int, old: int) -> Decimal:
    return (Decimal(new) - Decimal(old)) * 100 / Decimal(old)


def _signed_pct(value: Decimal) -> str:
    return ("+" if value >= 0 else "-") + format_decimal(abs(value), 1) + "%"


def _rows(rows: list[int]) -> str:
    shown = [str(r) for r in rows[:8]] + (["…"] if len(rows) > 8 else [])
    return "dòng " + ", ".join(shown) if rows else ""


# ---------------------------------------------------------------- the checks

def _members_change(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    limit = limits["members_change_pct"]
    if f.members_end is None or not f.members_prev:
        return
    change = _pct(f.members_end, f.members_prev)
    if abs(change) > limit:
        yield Finding("DV_THAY_DOI", "DV_THAY_DOI",
                      f"Số đoàn viên cuối năm {f.year} là {format_int(f.members_end)}, so với "
                      f"{format_int(f.members_prev)} cuối năm {f.year - 1} ({_signed_pct(change)}): thay đổi quá "
                      f"±{limit}%. Kiểm tra danh sách đoàn viên (ngày vào, ngày ra khỏi công đoàn) hoặc giải trình "
                      "lý do (kết nạp nhiều, nghỉ việc hàng loạt…).", L.ROSTER.title)


def _welfare_per_luot(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    low, high = limits["welfare_per_luot_min"], limits["welfare_per_luot_max"]
    labels = dict(Occasion.choices)
    for occasion, agg in f.welfare_by_occasion.items():
        if not agg.luot:
            continue
        per = Decimal(agg.money) / agg.luot
        if low <= per <= high:
            continue
        where = f" ({_rows(agg.rows)})" if agg.rows else ""
        yield Finding("CL_TIEN_MOI_LUOT", f"CL_TIEN_MOI_LUOT:{occasion}",
                      f"Dịp “{labels.get(occasion, occasion)}”{where}: {format_int(agg.money)} đồng cho "
                      f"{format_int(agg.luot)} lượt, bình quân {format_int(per.to_integral_value())} đồng một lượt, "
                      f"ngoài khoảng {format_int(low)}–{format_int(high)} đồng. Kiểm tra cột Số tiền (đồng) "
                      "(ghi bằng đồng, không phải nghìn đồng) và Số lượt đoàn viên.",
                      L.WELFARE.title, agg.rows[0] if agg.rows else None, f.column(L.WELFARE.title, "amount_vnd"),
                      "Số tiền (đồng)")


def _luot_per_member(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    factor = limits["luot_per_member"]
    luot = sum(agg.luot for agg in f.welfare_by_occasion.values())
    members = f.members_end or 0
    if luot and luot > factor * members:
        yield Finding("CL_LUOT_TREN_DV", "CL_LUOT_TREN_DV",
                      f"{format_int(luot)} lượt đoàn viên được chăm lo, nhiều hơn {factor} lần số đoàn viên cuối năm "
                      f"({format_int(members)}; tối đa {format_int(factor * members)} lượt). Kiểm tra cột Số lượt "
                      "đoàn viên (một lượt là một người được chăm lo một lần).", L.WELFARE.title, None,
                      f.column(L.WELFARE.title, "person_times"), "Số lượt đoàn viên")


def _workforce_change(name: str, label: str, measure: str, code: str) -> Callable[[ReturnFacts, Limits], Iterable]:
    """A check of one workforce figure against last year's (total workers, average income)."""

    def run(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
        limit = limits["workforce_change_pct"]
        new, old = (f.workforce or {}).get(name), (f.workforce_prev or {}).get(name)
        if new is None or not old:
            return
        change = _pct(new, old)
        if abs(change) > limit:
            yield Finding(code, code,
                          f"{label} năm {f.year} là {format_int(new)} {measure}, so với {format_int(old)} năm "
                          f"{f.year - 1} ({_signed_pct(change)}): thay đổi quá ±{limit}%. Kiểm tra lại hoặc giải "
                          "trình (tuyển dụng, thu hẹp sản xuất…).", L.WORKFORCE.title, f.label_row(name),
                          "B" if f.label_row(name) else "", label)

    return run


def _income_range(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    low, high = limits["income_min"], limits["income_max"]
    income = (f.workforce or {}).get("average_income_vnd")
    if income is None or not (f.workforce or {}).get("total_workers"):
        return
    if not low <= income <= high:
        yield Finding("LD_THU_NHAP_NGOAI_KHOANG", "LD_THU_NHAP_NGOAI_KHOANG",
                      f"Thu nhập bình quân {format_int(income)} đồng/người/tháng, ngoài khoảng {format_int(low)}–"
                      f"{format_int(high)} đồng. Ghi thu nhập một tháng của một người, bằng đồng (không phải nghìn "
                      "đồng, không phải cả năm).", L.WORKFORCE.title, f.label_row("average_income_vnd"),
                      "B" if f.label_row("average_income_vnd") else "",
                      "Thu nhập bình quân (đồng/người/tháng)")


def _house_support(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    low, high = limits["house_min"], limits["house_max"]
    for house in f.houses:
        if low <= house.total <= high:
            continue
        day = format_date(house.handover_date) if house.handover_date else ""
        yield Finding("MA_KINH_PHI", f"MA_KINH_PHI:{house.member_name}:{day}:{house.total}",
                      f"Nhà của {house.member_name} (bàn giao {day}): hỗ trợ {format_int(house.total)} đồng, ngoài "
                      f"khoảng {format_int(low)}–{format_int(high)} đồng thường gặp (xây mới khoảng 50 triệu, sửa "
                      "chữa 20–30 triệu đồng). Kiểm tra cột Tổng kinh phí hỗ trợ (đồng).", L.HOUSES.title, house.row,
                      f.column(L.HOUSES.title, "total_support_vnd"), "Tổng kinh phí hỗ trợ (đồng)")


def _welfare_duplicates(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    labels = dict(Occasion.choices)
    for dup in f.welfare_duplicates:
        where = f" ({_rows(dup.rows)})" if dup.rows else ""
        yield Finding("CL_TRUNG", f"CL_TRUNG:{dup.date.isoformat()}:{dup.occasion}:{dup.amount}",
                      f"{dup.count} khoản chăm lo cùng ngày {format_date(dup.date)}, cùng dịp “"
                      f"{labels.get(dup.occasion, dup.occasion)}”, cùng số tiền {format_int(dup.amount)} đồng{where}: "
                      "có thể bị nhập hai lần. Xóa dòng trùng hoặc giải trình (hai đợt khác nhau).", L.WELFARE.title,
                      dup.rows[1] if len(dup.rows) > 1 else None, f.column(L.WELFARE.title, "date"), "Ngày")


def _joined_before_year(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    if not f.members_end or f.joined_before_year or not f.open_before_year:
        return
    yield Finding("DV_NGAY_VAO", "DV_NGAY_VAO",
                  f"Cả {format_int(f.members_end)} đoàn viên trong danh sách đều có ngày vào công đoàn trong năm "
                  f"{f.year}, không ai vào trước năm {f.year}, dù công đoàn cơ sở hoạt động từ "
                  f"{format_date(f.opened)}. Ghi đúng ngày vào công đoàn của từng người (không phải ngày lập danh "
                  "sách).", L.ROSTER.title, None, f.column(L.ROSTER.title, "joined_on"), "Ngày vào công đoàn")


def _identical_to_last_year(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    has_data = bool(f.welfare_groups) or bool((f.workforce or {}).get("total_workers"))
    if not has_data or f.workforce_prev is None:
        return
    if (f.welfare_groups == f.welfare_groups_prev and f.workforce == f.workforce_prev
            and (f.activities or {}) == (f.activities_prev or {})):
        yield Finding("GIONG_NAM_TRUOC", "GIONG_NAM_TRUOC",
                      f"Số liệu năm {f.year} (tình hình lao động, hoạt động khác và từng khoản chăm lo theo dịp, hình "
                      f"thức, nguồn) giống hệt năm {f.year - 1}: có thể đã gửi lại tệp năm trước. Cập nhật số liệu năm "
                      f"{f.year} hoặc giải trình.", L.INFO.title)


def _welfare_vs_last_year(f: ReturnFacts, limits: Limits) -> Iterable[Finding]:
    factor = limits["welfare_change_factor"]
    money = sum(agg.money for agg in f.welfare_by_occasion.values())
    before = f.welfare_money_prev
    if not money or not before or not factor:
        return
    ratio = Decimal(money) / before
    if ratio > factor or ratio * factor < 1:
        yield Finding("CL_TIEN_NAM_TRUOC", "CL_TIEN_NAM_TRUOC",
                      f"Tổng tiền chăm lo năm {f.year} là {format_int(money)} đồng, bằng {format_decimal(ratio, 1)} "
                      f"lần năm {f.year - 1} ({format_int(before)} đồng): chênh lệch quá {factor} lần. Kiểm tra cột "
                      "Số tiền (đồng) hoặc giải trình.", L.WELFARE.title, None, f.column(L.WELFARE.title, "amount_vnd"),
                      "Số tiền (đồng)")


CHECKS: tuple[Check, ...] = (
    Check("DV_THAY_DOI", "Số đoàn viên thay đổi nhiều so với năm trước", WARNING, _members_change),
    Check("DV_NGAY_VAO", "Không đoàn viên nào vào công đoàn trước năm báo cáo", WARNING, _joined_before_year),
    Check("CL_TIEN_MOI_LUOT", "Tiền chăm lo một lượt bất thường", WARNING, _welfare_per_luot),
    Check("CL_LUOT_TREN_DV", "Số lượt chăm lo quá nhiều so với số đoàn viên", WARNING, _luot_per_member),
    Check("CL_TRUNG", "Khoản chăm lo trùng (cùng ngày, dịp, số tiền)", WARNING, _welfare_duplicates),
    Check("CL_TIEN_NAM_TRUOC", "Tổng tiền chăm lo chênh lệch lớn so với năm trước", WARNING, _welfare_vs_last_year),
    Check("LD_SO_LAO_DONG", "Số lao động thay đổi nhiều so với năm trước", WARNING,
          _workforce_change("total_workers", "Tổng số lao động", "người", "LD_SO_LAO_DONG")),
    Check("LD_THU_NHAP_THAY_DOI", "Thu nhập bình quân thay đổi nhiều so với năm trước", WARNING,
          _workforce_change("average_income_vnd", "Thu nhập bình quân", "đồng/người/tháng", "LD_THU_NHAP_THAY_DOI")),
    Check("LD_THU_NHAP_NGOAI_KHOANG", "Thu nhập bình quân ngoài khoảng thường gặp", WARNING, _income_range),
    Check("MA_KINH_PHI", "Kinh phí hỗ trợ nhà Mái ấm ngoài khoảng thường gặp", WARNING, _house_support),
    Check("GIONG_NAM_TRUOC", "Báo cáo giống hệt năm trước", WARNING, _identical_to_last_year),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}


def limits_with(values: dict | None) -> Limits:
    """The year's thresholds: the stored ones over the defaults (unknown names ignored)."""
    return DEFAULTS | {k: int(v) for k, v in (values or {}).items() if k in DEFAULTS}


def run_checks(facts: ReturnFacts, limits: Limits) -> list[Finding]:
    """Every warning of one CĐCS-year, in the order of `CHECKS`."""
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(check.run(facts, limits))
    order = {check.code: i for i, check in enumerate(CHECKS)}
    return sorted(found, key=lambda finding: order[finding.code])
