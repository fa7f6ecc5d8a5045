"""Vietnamese names for the synthetic province: units, communes, people.

People's names are a pure function of the member's number (no random stream), so that a
house can name its member without keeping half a million names in memory.
"""

from __future__ import annotations

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Đỗ", "Bùi", "Ngô", "Dương", "Lý", "Phan",
          "Đặng", "Trịnh", "Tạ", "Lương", "Mai", "Đoàn", "Cao")
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Ngọc", "Tiến")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Mạnh", "Nam",
              "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh")
GIVEN_FEMALE = ("Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai",
                "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Trang", "Yến")

PLACES = ("Gia Hưng", "Gia Phong", "Gia Vân", "Gia Trấn", "Ninh Giang", "Ninh Khánh", "Ninh Phúc", "Ninh Mỹ",
          "Trường Yên", "Hoa Lư", "Nam Thành", "Đông Thành", "Tân Thành", "Bích Đào", "Vân Giang", "Thanh Bình",
          "Phúc Thành", "Trung Sơn", "Bắc Sơn", "Nam Sơn", "Tây Sơn", "Yên Bình", "Quang Sơn", "Đông Sơn",
          "Khánh Nhạc", "Khánh Hội", "Khánh Trung", "Yên Từ", "Yên Phong", "Yên Thắng", "Yên Mạc", "Kim Đông",
          "Kim Tân", "Bình Minh", "Phát Diệm", "Lai Thành", "Nho Quan", "Phú Sơn", "Cúc Phương", "Gia Lâm",
          "Gia Sinh", "Thạch Bình", "Lạc Vân", "Đồng Phong", "Sơn Hà", "Quỳnh Lưu", "Văn Phương", "Xích Thổ")

COMPANY_WORDS = ("Dệt may", "Da giày", "Cơ khí", "Xi măng", "May mặc", "Điện tử", "Thực phẩm", "Bao bì",
                 "Xây dựng", "Vận tải", "Thương mại", "Du lịch", "Gốm sứ", "Nội thất", "Nhựa", "Phân bón",
                 "Ô tô", "Linh kiện", "Dược phẩm", "Chế biến gỗ")
COMPANY_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Chi nhánh Công ty")

# (code, name) of the upper-level units; districts close on 01/07/2025, the rest continue.
DISTRICTS = (
    ("TPNB", "LĐLĐ Thành phố Ninh Bình"),
    ("TD", "LĐLĐ Thành phố Tam Điệp"),
    ("HL", "LĐLĐ huyện Hoa Lư"),
    ("GV", "LĐLĐ huyện Gia Viễn"),
    ("NQ", "LĐLĐ huyện Nho Quan"),
    ("YK", "LĐLĐ huyện Yên Khánh"),
    ("YM", "LĐLĐ huyện Yên Mô"),
    ("KS", "LĐLĐ huyện Kim Sơn"),
)
SECTORS = (
    ("GD", "Công đoàn ngành Giáo dục", "sector"),
    ("YT", "Công đoàn ngành Y tế", "sector"),
    ("KCN", "Công đoàn các Khu công nghiệp tỉnh", "industrial_zone"),
)
# The merged province (--size merged, 01/07/2025): two provinces absorbed whole, their CĐCS moved to the new
# communes; five more sector/zone unions (eight in all) for a province three times the size.
ABSORBED = (("LDLDHNA", "LĐLĐ tỉnh Hà Nam"), ("LDLDNDI", "LĐLĐ tỉnh Nam Định"))
MERGED_SECTORS = (
    ("VC", "Công đoàn Viên chức tỉnh", "sector"),
    ("GTXD", "Công đoàn ngành Giao thông - Xây dựng", "sector"),
    ("NNPTNT", "Công đoàn ngành Nông nghiệp và Môi trường", "sector"),
    ("KKTND", "Công đoàn Khu kinh tế Ninh Cơ", "industrial_zone"),
    ("KCNHN", "Công đoàn các Khu công nghiệp Hà Nam", "industrial_zone"),
)
# Thành phố Ninh Bình and huyện Hoa Lư merged into Thành phố Hoa Lư (NQ 1318/NQ-UBTVQH15).
MERGED_CITY = ("TPHL", "LĐLĐ Thành phố Hoa Lư")
MERGED_SOURCES = ("TPNB", "HL")


def _mix(number: int, salt: int) -> int:
    """A cheap, reproducible 32-bit hash (Knuth's multiplicative method, then a xorshift)."""
    h = (number * 2654435761 + salt * 40503 + 0x9E3779B9) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 2246822519) & 0xFFFFFFFF
    return h ^ (h >> 13)


def person(number: int, salt: int) -> tuple[str, str]:
    """(full name, sex) of member number `number`: a pure function, the same everywhere."""
    h = _mix(number, salt)
    female = h % 100 < 52
    family = FAMILY[(h >> 7) % len(FAMILY)]
    if female:
        middle, given = MIDDLE_FEMALE[(h >> 12) % len(MIDDLE_FEMALE)], GIVEN_FEMALE[(h >> 17) % len(GIVEN_FEMALE)]
    else:
        middle, given = MIDDLE_MALE[(h >> 12) % len(MIDDLE_MALE)], GIVEN_MALE[(h >> 17) % len(GIVEN_MALE)]
    return f"{family} {middle} {given}", ("nu" if female else "nam")


def place(index: int) -> str:
    base = PLACES[index % len(PLACES)]
    round_ = index // len(PLACES)
    return base if round_ == 0 else f"{base} {round_ + 1}"


def grassroots_name(kind: str, index: int, rng) -> str:
    where = place(rng.randrange(len(PLACES) * 3))
    if kind == "school":
        level = rng.choice(("Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường THPT"))
        return f"Công đoàn {level} {where}"
    if kind == "health":
        return f"Công đoàn {rng.choice(('Trạm Y tế', 'Trung tâm Y tế', 'Bệnh viện Đa khoa'))} {where}"
    if kind == "administrative":
        return f"Công đoàn {rng.choice(('UBND', 'Cơ quan Đảng ủy', 'Kho bạc Nhà nước', 'Chi cục Thuế'))} {where}"
    words = rng.choice(COMPANY_WORDS)
    return f"Công đoàn {rng.choice(COMPANY_FORMS)} {words} {where} {index}"
