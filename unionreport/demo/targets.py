"""Demo targets: 15 for 2024 (most met, a few not) and next year's, measured by computed figures."""

from __future__ import annotations

import random
from decimal import Decimal

from unionreport.reports.figures import figures_for
from unionreport.reports.measures import FIGURE_KEYS
from unionreport.reports.services import TargetData, target_create
from unionreport.units.models import Unit

# (name, figure key, assigned by the confederation)
TARGETS = (
    ("Kết nạp đoàn viên mới", "doan_vien.moi", True),
    ("Thành lập CĐCS mới", "cdcs.moi", True),
    ("Tổng số đoàn viên đến cuối năm", "doan_vien.cuoi_nam", True),
    ("Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp", "dang.gioi_thieu", True),
    ("Đoàn viên ưu tú được kết nạp Đảng", "dang.ket_nap", True),
    ("CĐCS phối hợp tổ chức Hội nghị người lao động", "hoat_dong.hoi_nghi_nld", True),
    ("Đối thoại định kỳ tại nơi làm việc", "hoat_dong.doi_thoai", True),
    ("Thỏa ước lao động tập thể được ký kết", "hoat_dong.thoa_uoc", True),
    ("Lượt cán bộ, đoàn viên được tập huấn", "hoat_dong.luot_tap_huan", True),
    ("Lớp tập huấn nghiệp vụ công đoàn", "hoat_dong.lop_tap_huan", True),
    ("Lượt đoàn viên, người lao động được chăm lo", "cham_lo.luot", True),
    ("Lượt “Bữa cơm công đoàn”", "cham_lo.bua_com.luot", True),
    ("Nhà Mái ấm Công đoàn xây mới, sửa chữa", "mai_am.so_nha", False),
    ("Người lao động tham gia bảo hiểm xã hội", "lao_dong.bhxh", False),
    ("Kinh phí chăm lo đoàn viên, người lao động", "cham_lo.tien", False),
)
FACTORS = (Decimal("0.90"), Decimal("0.95"), Decimal("0.97"), Decimal("1.00"), Decimal("1.08"))


def _round(value: Decimal) -> Decimal:
    if value >= 1_000_000:
        return (value / 1_000_000).quantize(Decimal(1)) * 1_000_000
    if value >= 1000:
        return (value / 100).quantize(Decimal(1)) * 100
    return value.quantize(Decimal(1))


def load_targets(root: Unit, *, actor) -> None:
    """This year's targets (planned near what the figures achieved) and next year's, written by staff."""
    rng = random.Random(20241231)
    achieved = dict(figures_for(root, 2024).values)
    achieved["mai_am.so_nha"] = achieved.get("mai_am.so_nha", 0)
    rows = []
    for order, (name, key, national) in enumerate(TARGETS, start=1):
        value = Decimal(achieved.get(key, 0))
        planned = max(Decimal(1), _round(value * rng.choice(FACTORS)))
        if key == "mai_am.so_nha":
            planned = Decimal(15)
        measure = FIGURE_KEYS[key].measure
        rows.append(TargetData(year=2024, name=name, measure=measure, planned_value=planned, figure_key=key,
                               assigned_by_confederation=national, order=order))
        rows.append(TargetData(year=2025, name=name, measure=measure, figure_key=key, order=order,
                               planned_value=max(Decimal(1), _round(value * Decimal("1.05"))),
                               assigned_by_confederation=national))
    for data in rows:
        target_create(actor=actor, data=data)


def load_targets_for(root: Unit, year: int, *, actor) -> None:
    """`year`'s targets, planned a little above what last year achieved (the province's usual way)."""
    achieved = dict(figures_for(root, year - 1).values)
    for order, (name, key, national) in enumerate(TARGETS, start=1):
        value = Decimal(achieved.get(key, 0))
        planned = Decimal(18) if key == "mai_am.so_nha" else max(Decimal(1), _round(value * Decimal("1.04")))
        target_create(actor=actor, data=TargetData(year=year, name=name, measure=FIGURE_KEYS[key].measure,
                                                   planned_value=planned, figure_key=key, order=order,
                                                   assigned_by_confederation=national))
