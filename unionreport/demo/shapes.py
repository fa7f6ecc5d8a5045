"""The shapes of the demo figures: invented names, welfare per occasion, the six movements, exact totals."""

from __future__ import annotations

from unionreport.members.models import Member
from unionreport.welfare.models import Form, Occasion

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Đỗ", "Bùi", "Ngô", "Dương", "Lương", "Phan",
          "Đặng", "Trịnh", "Tạ", "Mai", "Đoàn", "Cao", "Lại")
MIDDLE = {False: ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Ngọc", "Tiến"),
          True: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương")}
GIVEN = {False: ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Mạnh",
                 "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"),
         True: ("Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan",
                "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Trang", "Yến")}

# (occasion, form, lượt from, lượt to, chance a CĐCS has it, đồng per lượt from, to)
OCCASION_PLAN = (
    (Occasion.TET, Form.GIFT, 20, 160, 0.95, 400_000, 1_000_000),
    (Occasion.WORKERS_MONTH, Form.MEAL, 15, 120, 0.7, 80_000, 200_000),
    (Occasion.UNION_DAY, Form.GIFT, 10, 80, 0.5, 300_000, 600_000),
    (Occasion.UNION_PROGRAMME, Form.MEAL, 20, 150, 0.5, 50_000, 120_000),
    (Occasion.HARDSHIP, Form.VISIT, 1, 8, 0.8, 1_000_000, 3_000_000),
    (Occasion.OTHER, Form.CASH, 2, 15, 0.3, 300_000, 1_000_000),
)
# The totals the conference reads: 2024 "hơn 65.000 lượt", "trên 31.529 triệu đồng".
WELFARE_TOTALS = {2024: (65_318, 31_529_420_000), 2023: (58_742, 27_815_300_000)}

# (movement, [(indicator, kind, measure, value per CĐCS from, to)])
MOVEMENTS = (
    ("Lao động giỏi, lao động sáng tạo", (("Số sáng kiến được công nhận", "count", "sáng kiến", 1, 8),
                                          ("Giá trị làm lợi (đồng)", "money", "đồng", 20_000_000, 400_000_000))),
    ("Xanh, sạch, đẹp, đảm bảo an toàn vệ sinh lao động",
     (("Số đơn vị đạt chuẩn Xanh, sạch, đẹp", "count", "đơn vị", 0, 2),
      ("Số đoàn viên tham gia", "count", "người", 20, 200))),
    ("Dân vận khéo", (("Số mô hình Dân vận khéo được công nhận", "count", "mô hình", 0, 3),)),
    ("Chung sức xây dựng nông thôn mới, xây dựng đô thị văn minh",
     (("Số tiền ủng hộ (đồng)", "money", "đồng", 1_000_000, 30_000_000),
      ("Số ngày công đóng góp", "count", "ngày công", 5, 120))),
    ("Trồng mới 1 tỷ cây xanh", (("Số cây xanh trồng mới", "count", "cây", 10, 300),)),
    ("Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp",
     (("Số sáng kiến cải cách hành chính", "count", "sáng kiến", 0, 4),)),
)


def adjust_to_total(rows: list[dict], field: str, target: int, step: int = 1) -> None:
    """Scale `field` of the rows to add up to `target` exactly, in multiples of `step` (the last rows take the rest)."""
    current = sum(row[field] for row in rows)
    if not rows or current == 0:
        return
    for row in rows:
        row[field] = max(step, row[field] * target // current // step * step)
    rest = target - sum(row[field] for row in rows)
    for row in reversed(rows):
        if rest == 0:
            break
        value = row[field]
        change = max(rest, step - value)  # never below one step when taking away
        row[field] = value + change
        rest -= change


def person(rng, card_number: str, joined_on, left_on=None) -> dict:
    """A member row with an invented Vietnamese name (the roster's columns)."""
    female = rng.random() < 0.55
    return {"card_number": card_number,
            "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[female])} {rng.choice(GIVEN[female])}",
            "sex": Member.Sex.FEMALE if female else Member.Sex.MALE, "birth_year": rng.randrange(1968, 2005),
            "joined_on": joined_on, "left_on": left_on}
