"""The workbook's layout (return-workbook spec): sheets, columns, labels and their kinds.

The template writer and the parser both read these definitions, so a header written by
one is the header the other looks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

from unionreport.houses.models import House
from unionreport.lib.parsing import normalise
from unionreport.members.models import Activity, Member, Workforce
from unionreport.movements.models import MovementResult
from unionreport.returns.models import Return
from unionreport.welfare.models import Disbursement, Form, Occasion, Source

# Kinds of a value: how a cell is read, written and checked.
IGNORE, TEXT, CARD, COUNT, MONEY, NUMBER, YEAR, DATE, CHOICE, YESNO = (
    "ignore", "text", "card", "count", "money", "number", "year", "date", "choice", "yesno")
SUMMABLE = {COUNT, MONEY, NUMBER}
YES_NO = [("yes", "Có"), ("no", "Không")]


@dataclass(frozen=True)
class Field:
    header: str            # column header (tables) or label (label sheets)
    name: str              # attribute of the parsed row
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()    # (key, label) pairs for CHOICE; movements are filled per year
    width: int = 14
    list_name: str = ""    # the hidden lists sheet's column for the drop-down
    target: tuple = ()     # (model, field name) the value is written to, when not the sheet's model and name

    @property
    def key(self) -> str:
        return normalise(self.header)


@dataclass(frozen=True)
class Sheet:
    title: str
    fields: tuple[Field, ...]
    table: bool = True      # a table with a header row; otherwise label in A, value in B
    required: bool = True
    note: str = ""
    aliases: tuple[str, ...] = field(default=())
    model: type | None = None  # where the rows are written: each value must fit its model field

    def model_field(self, f: Field):
        """The model field `f`'s value is written to (its length and range are checked), or None."""
        model, name = f.target or (self.model, f.name)
        if model is None:
            return None
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    @property
    def key(self) -> str:
        return normalise(self.title)

    def required_headers(self) -> list[Field]:
        return [f for f in self.fields if f.required]


INFO = Sheet("Thông tin", (
    Field("Mã đơn vị", "unit_code", TEXT, True),
    Field("Tên đơn vị", "unit_name", TEXT),
    Field("Năm báo cáo", "year", YEAR, True),
    Field("Người lập biểu", "preparer_name", TEXT),
    Field("Số điện thoại", "preparer_phone", TEXT),
    Field("Ngày lập", "prepared_on", DATE),
), table=False, model=Return)

WORKFORCE = Sheet("Tình hình lao động", (
    Field("Tổng số lao động", "total_workers", COUNT, True),
    Field("Trong đó lao động nữ", "female_workers", COUNT, True),
    Field("Số lao động có hợp đồng lao động", "with_contract", COUNT, True),
    Field("Số lao động tham gia bảo hiểm xã hội", "with_social_insurance", COUNT, True),
    Field("Số lao động thiếu việc làm", "underemployed", COUNT, True),
    Field("Thu nhập bình quân (đồng/người/tháng)", "average_income_vnd", MONEY, True),
    Field("Tiền lương nợ người lao động (đồng)", "wage_arrears_vnd", MONEY, True),
    Field("Tiền bảo hiểm xã hội nợ (đồng)", "insurance_arrears_vnd", MONEY, True),
    Field("Số vụ tai nạn lao động", "accidents", COUNT, True),
    Field("Số người chết do tai nạn lao động", "accident_deaths", COUNT, True),
    Field("Số vụ tranh chấp lao động tập thể, ngừng việc tập thể", "collective_disputes", COUNT, True),
), table=False, model=Workforce)

ROSTER = Sheet("Đoàn viên", (
    Field("STT", "stt", IGNORE, width=6),
    Field("Số thẻ đoàn viên", "card_number", CARD, True, width=18),
    Field("Họ và tên", "full_name", TEXT, True, width=28),
    Field("Giới tính", "sex", CHOICE, True, tuple(Member.Sex.choices), width=10, list_name="Giới tính"),
    Field("Năm sinh", "birth_year", YEAR, True, width=10),
    Field("Ngày vào công đoàn", "joined_on", DATE, True, width=14),
    Field("Ngày ra khỏi công đoàn", "left_on", DATE, width=14),
), model=Member)

WELFARE = Sheet("Chăm lo", (
    Field("STT", "stt", IGNORE, width=6),
    Field("Ngày", "date", DATE, True, width=12),
    Field("Dịp", "occasion", CHOICE, True, tuple(Occasion.choices), width=34, list_name="Dịp"),
    Field("Hình thức", "form", CHOICE, True, tuple(Form.choices), width=20, list_name="Hình thức"),
    Field("Số lượt đoàn viên", "person_times", COUNT, True, width=12),
    Field("Số tiền (đồng)", "amount_vnd", MONEY, True, width=16),
    Field("Nguồn kinh phí", "source", CHOICE, True, tuple(Source.choices), width=20, list_name="Nguồn kinh phí"),
    Field("Nội dung", "description", TEXT, width=40),
), model=Disbursement)

HOUSES = Sheet("Mái ấm Công đoàn", (
    Field("STT", "stt", IGNORE, width=6),
    Field("Họ và tên đoàn viên", "member_name", TEXT, True, width=28),
    Field("Số thẻ đoàn viên", "card_number", CARD, width=18, target=(Member, "card_number")),
    Field("Loại hỗ trợ", "kind", CHOICE, True, tuple(House.Kind.choices), width=12, list_name="Loại hỗ trợ"),
    Field("Tổng kinh phí hỗ trợ (đồng)", "total_support_vnd", MONEY, True, width=18),
    Field("Trong đó từ tài chính công đoàn (đồng)", "union_fund_vnd", MONEY, width=18),
    Field("Ngày bàn giao", "handover_date", DATE, True, width=14),
    Field("Địa chỉ", "address", TEXT, width=36),
), required=False, model=House)

MOVEMENTS = Sheet("Thi đua", (
    Field("STT", "stt", IGNORE, width=6),
    Field("Phong trào", "movement", CHOICE, True, width=44, list_name="Phong trào"),
    Field("Chỉ tiêu", "indicator", CHOICE, True, width=40, list_name="Chỉ tiêu"),
    Field("Giá trị", "value", NUMBER, True, width=16),
    Field("Ghi chú", "note", TEXT, width=36),
), required=False, model=MovementResult)

ACTIVITIES = Sheet("Hoạt động khác", (
    Field("Số cuộc đối thoại tại nơi làm việc", "dialogues", COUNT),
    Field("Tổ chức Hội nghị người lao động", "workers_conference", YESNO, choices=tuple(YES_NO), list_name="Có/Không"),
    Field("Ký kết thỏa ước lao động tập thể", "collective_agreement", YESNO, choices=tuple(YES_NO),
          list_name="Có/Không"),
    Field("Số lớp tập huấn", "training_classes", COUNT),
    Field("Số lượt người được tập huấn", "trainees", COUNT),
    Field("Số đoàn viên ưu tú giới thiệu cho Đảng xem xét kết nạp", "party_introduced", COUNT),
    Field("Số đoàn viên được kết nạp Đảng", "party_admitted", COUNT),
), table=False, required=False, model=Activity)

GUIDE_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"
SHEETS = (INFO, WORKFORCE, ROSTER, WELFARE, HOUSES, MOVEMENTS, ACTIVITIES)
DATA_SHEETS = (ROSTER, WELFARE, HOUSES, MOVEMENTS)
IGNORED_SHEETS = {normalise(GUIDE_TITLE), normalise(LISTS_TITLE)}
TOTAL_LABELS = {normalise("Tổng cộng"), normalise("Cộng")}
