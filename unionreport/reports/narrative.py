"""The report's words: staff text with figure placeholders, filled safely, or default sentences.

Placeholders are `{key}` or `{key|chinh_xac}` where `key` is one of FIGURE_KEYS or of
EXTRA_KEYS (the year). Filling is a regular-expression substitution over
known keys only: the text is never a template, nothing in it is evaluated, and the
result is plain text (escaped by the HTML template, written as text in PDF and Word).
Saving refuses any text in braces that is not a known placeholder (`narrative_errors`, with
the nearest valid key suggested), so a typo never reaches the official report; text saved
before that rule is filled the same way, its unknown placeholders left as typed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from unionreport.lib import formatting
from unionreport.reports.measures import ALIASES, FIGURE_KEYS

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_]+){0,3})(?:\|(chinh_xac))?\}")
IN_BRACES = re.compile(r"\{([^{}\n]{0,80})\}")  # anything a user may have meant as a placeholder
MAX_TEXT = 20_000  # characters of one section: pages of text, far below what breaks a page or a PDF
EXACT = "chinh_xac"


@dataclass(frozen=True)
class Section:
    field: str
    title: str
    default: str  # a default text, itself with placeholders


SECTIONS = [
    Section("intro_workforce", "I. Tình hình CNVCLĐ",
            "Tính đến 31/12/{nam}, các doanh nghiệp, cơ quan, đơn vị có CĐCS sử dụng {lao_dong.tong} lao động, "
            "trong đó {lao_dong.nu} lao động nữ; thu nhập bình quân "
            "{lao_dong.thu_nhap_bq|chinh_xac} đồng/người/tháng."),
    Section("intro_direction", "1. Công tác chỉ đạo",
            "Ban Thường vụ đã ban hành {van_ban.chuong_trinh} chương trình hành động, {van_ban.ke_hoach} kế hoạch "
            "và {van_ban.dot_pha} chương trình đột phá để tổ chức thực hiện nhiệm vụ năm {nam}."),
    Section("intro_welfare", "2. Chăm lo đời sống đoàn viên, người lao động",
            "Các cấp công đoàn đã chăm lo cho {cham_lo.luot} lượt đoàn viên, người lao động với tổng số tiền "
            "{cham_lo.tien_trieu}; hỗ trợ xây mới, sửa chữa {mai_am.so_nha} nhà Mái ấm Công đoàn."),
    Section("intro_members", "3. Phát triển đoàn viên, thành lập CĐCS",
            "Trong năm, các cấp công đoàn đã kết nạp {doan_vien.moi} đoàn viên, thành lập mới {cdcs.moi} CĐCS; "
            "đến 31/12/{nam} toàn tỉnh có {doan_vien.cuoi_nam} đoàn viên sinh hoạt tại {cdcs.so_luong} CĐCS."),
    Section("intro_movements", "4. Phong trào thi đua",
            "Các cấp công đoàn tiếp tục phát động và tổ chức thực hiện {phong_trao.so_luong} phong trào thi đua "
            "trong CNVCLĐ, đạt nhiều kết quả thiết thực."),
    Section("intro_dialogue", "5. Đối thoại, Hội nghị người lao động, thỏa ước lao động tập thể; đào tạo, tập huấn",
            "Các CĐCS đã phối hợp tổ chức {hoat_dong.doi_thoai} cuộc đối thoại tại nơi làm việc, "
            "{hoat_dong.hoi_nghi_nld} đơn vị tổ chức Hội nghị người lao động, ký kết {hoat_dong.thoa_uoc} thỏa ước "
            "lao động tập thể; mở {hoat_dong.lop_tap_huan} lớp tập huấn cho {hoat_dong.luot_tap_huan} lượt người."),
    Section("intro_targets", "6. Thực hiện chỉ tiêu",
            "Năm {nam}, có {chi_tieu.dat|chinh_xac}/{chi_tieu.tong|chinh_xac} chỉ tiêu hoàn thành và vượt kế hoạch."),
    Section("assessment", "Phần thứ hai – Đánh giá chung",
            "Ưu điểm: các cấp công đoàn đã bám sát nhiệm vụ, chăm lo thiết thực cho đoàn viên, người lao động.\n"
            "Hạn chế và nguyên nhân: công tác phát triển đoàn viên ở khu vực ngoài nhà nước còn gặp khó khăn."),
    Section("direction", "Phần thứ ba – Phương hướng, nhiệm vụ năm {nam_sau}",
            "Tiếp tục đổi mới nội dung, phương thức hoạt động; tập trung phát triển đoàn viên, thành lập CĐCS; "
            "chăm lo, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động."),
]
SECTION_BY_FIELD = {s.field: s for s in SECTIONS}
EXTRA_KEYS = {"nam": "Năm báo cáo", "nam_sau": "Năm kế tiếp"}


@dataclass(frozen=True)
class Segment:
    text: str
    key: str = ""  # the figure this text shows (a link in HTML), "" for plain text


Paragraph = list[Segment]


def phrase(key: str, value: int | Decimal, exact: bool = False) -> str:
    """A figure as the conference writes it in a sentence."""
    kind = FIGURE_KEYS[key].kind if key in FIGURE_KEYS else "count"
    if kind == "percent":
        return formatting.format_percent(value)
    if exact:
        return formatting.format_number(value)
    if kind == "million" or kind == "money":
        return formatting.approx_million(int(value))
    if kind == "billion":
        return formatting.approx_billion(int(value))
    if Decimal(value) != int(value):
        return formatting.format_decimal(value)
    return formatting.approx_count(int(value))


def _value(key: str, values: dict[str, int], year: int):
    if key == "nam":
        return str(year)
    if key == "nam_sau":
        return str(year + 1)
    source = ALIASES.get(key, key)
    if key in FIGURE_KEYS or source in values:
        return values.get(source, 0)
    return None


def fill(text: str, values: dict[str, int], year: int) -> list[Paragraph]:
    """Paragraphs (split on line breaks) of segments; placeholders of known keys become figures."""
    paragraphs = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        segments: Paragraph = []
        position = 0
        for match in PLACEHOLDER.finditer(line):
            key, modifier = match.group(1), match.group(2)
            value = _value(key, values, year)
            if value is None:
                continue
            if match.start() > position:
                segments.append(Segment(line[position:match.start()]))
            text_value = value if isinstance(value, str) else phrase(key, value, exact=bool(modifier))
            segments.append(Segment(text_value, "" if isinstance(value, str) else ALIASES.get(key, key)))
            position = match.end()
        if position < len(line):
            segments.append(Segment(line[position:]))
        paragraphs.append(segments)
    return paragraphs


def _title(section: Section, year: int) -> str:
    return section.title.replace("{nam_sau}", str(year + 1)).replace("{nam}", str(year))


@dataclass
class FilledSection:
    field: str
    title: str
    paragraphs: list[Paragraph]
    is_default: bool


def filled_sections(narrative, values: dict[str, int], year: int) -> dict[str, FilledSection]:
    """Every section's text (staff's, or the default sentence), filled with the figures."""
    result = {}
    for section in SECTIONS:
        text = (getattr(narrative, section.field, "") or "").strip() if narrative else ""
        result[section.field] = FilledSection(section.field, _title(section, year),
                                              fill(text or section.default, values, year), not text)
    return result


def plain(paragraph: Paragraph) -> str:
    return "".join(segment.text for segment in paragraph)


def valid_keys() -> list[str]:
    """Every key a placeholder may name: the year words and the figures."""
    return [*EXTRA_KEYS, *FIGURE_KEYS]


def narrative_errors(text: str) -> list[str]:
    """Why `text` cannot be saved, in Vietnamese: too long, or a placeholder that names no figure (with the
    nearest valid key: "Không có {cham_lo.tien_ti}. Có phải {cham_lo.tien_ty}?"). [] when it can."""
    if len(text) > MAX_TEXT:
        return [f"Đoạn văn dài {formatting.format_int(len(text))} ký tự, quá mức "
                f"{formatting.format_int(MAX_TEXT)} ký tự cho một mục. Rút gọn hoặc chia sang mục khác."]
    keys = valid_keys()
    known = set(keys)
    errors = []
    for match in IN_BRACES.finditer(text):
        typed = match.group(0)
        found = PLACEHOLDER.fullmatch(typed)
        if found and found.group(1) in known:
            continue
        key, _, modifier = match.group(1).partition("|")
        key, modifier = key.strip(), modifier.strip()
        if key in known:
            hint = f"{{{key}}} hoặc {{{key}|{EXACT}}}"
            message = f"Viết {typed} thành {hint} (không dấu cách; sau dấu | chỉ có {EXACT})."
        else:
            nearest = difflib.get_close_matches(key.lower(), keys, n=1, cutoff=0.6)
            suffix = f"|{EXACT}" if modifier == EXACT else ""
            message = (f"Không có {typed}. Có phải {{{nearest[0]}{suffix}}}?" if nearest else
                       f"Không có {typed} trong danh sách số liệu. Chọn một số liệu ở mục “Số liệu có thể chèn”, "
                       "hoặc bỏ dấu ngoặc nhọn.")
        if message not in errors:
            errors.append(message)
    return errors


@dataclass(frozen=True)
class Placeholder:
    code: str  # "{cham_lo.luot}"
    label: str
    value: str  # this year's figure, as the report writes it


def placeholder_choices(values: dict[str, int], year: int) -> list[Placeholder]:
    """What the editor offers, each key once: its code, label and this year's figure."""
    choices = [Placeholder("{" + key + "}", label, str(_value(key, values, year)))
               for key, label in EXTRA_KEYS.items()]
    for key, info in FIGURE_KEYS.items():
        value = _value(key, values, year)
        choices.append(Placeholder("{" + key + "}", info.label, phrase(key, value)))
    return choices


def preview_phrases(values: dict[str, int], year: int) -> dict[str, str]:
    """Every valid placeholder as typed → its text this year: the editor's live preview replaces these
    strings and nothing else (the page's script does no formatting of its own)."""
    result = {}
    for key in valid_keys():
        value = _value(key, values, year)
        if isinstance(value, str):
            result["{" + key + "}"] = value
            continue
        result["{" + key + "}"] = phrase(key, value)
        result["{" + key + "|" + EXACT + "}"] = phrase(key, value, exact=True)
    return result


def is_default(field: str, text: str) -> bool:
    """The text is the section's default sentence as the editor showed it (stored as "": the default)."""
    return " ".join(text.split()) == " ".join(SECTION_BY_FIELD[field].default.split())
