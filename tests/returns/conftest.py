"""Helpers for the returns tests: a filled workbook for CĐCS A in 2024, written the way people fill it."""

import datetime as dt
import io

import pytest

from unionreport.members.models import Member
from unionreport.movements.models import Indicator, Movement
from unionreport.returns.excel.template import build_return_workbook, workbook_bytes

YEAR = 2024


@pytest.fixture
def movement(db):
    m = Movement.objects.create(year=YEAR, name="Lao động giỏi, lao động sáng tạo", order=1)
    Indicator.objects.create(movement=m, name="Số sáng kiến được công nhận", kind=Indicator.Kind.COUNT, order=1)
    Indicator.objects.create(movement=m, name="Giá trị làm lợi (đồng)", kind=Indicator.Kind.MONEY, order=2)
    Indicator.objects.create(movement=m, name="Số giờ tình nguyện", kind=Indicator.Kind.NUMBER, order=3)
    return m


WORKFORCE = [120, 80, 118, 115, 2, 8_500_000, 0, 0, 1, 0, 0]
ACTIVITIES = [2, "Có", "Không", 3, 90, 4, 2]


def _set_labels(ws, values):
    for row, value in enumerate(values, start=1):
        ws.cell(row=row, column=2, value=value)


def _clear(ws):
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in row:
            cell.value = None


@pytest.fixture
def filled(cdcs_a, movement):
    """A function returning an openpyxl workbook of CĐCS A's 2024 return: 3 members, 2 welfare rows, 1 house..."""

    def make(unit=None, *, members=None, welfare=None, houses=None, results=None):
        wb = build_return_workbook(unit=unit or cdcs_a, year=YEAR, with_data=False)
        info = wb["Thông tin"]
        info["B4"], info["B5"], info["B6"] = "Nguyễn Văn An", "0912345678", dt.date(2024, 12, 2)
        _set_labels(wb["Tình hình lao động"], WORKFORCE)
        _set_labels(wb["Hoạt động khác"], ACTIVITIES)
        roster = wb["Đoàn viên"]
        _clear(roster)
        for i, row in enumerate(members if members is not None else [
            [1, "001234", "Nguyễn Thị Hoa", "Nữ", 1990, dt.date(2015, 3, 5), None],
            [2, "001235", "Trần Văn Bình", "Nam", 1985, "05/03/2016", None],
            [3, "001236", "Lê Văn Cường", "nam", 1979, "2010-01-20", "15/06/2024"],
        ], start=2):
            for col, value in enumerate(row, start=1):
                roster.cell(row=i, column=col, value=value)
        sheets = {"Chăm lo": welfare if welfare is not None else [
            [1, dt.date(2024, 2, 1), "Tết Nguyên đán", "Tặng quà", 120, "60.000.000", "Tài chính công đoàn", "Quà Tết"],
            [2, "10/05/2024", "Tháng Công nhân", "Bữa cơm công đoàn", 100, 15_000_000, "Doanh nghiệp", ""],
        ], "Mái ấm Công đoàn": houses if houses is not None else [
            [1, "Lê Văn Cường", "001236", "Sửa chữa", "30.000.000 đ", 20_000_000, "20/08/2024", "Gia Viễn"],
        ], "Thi đua": results if results is not None else [
            [1, "Lao động giỏi, lao động sáng tạo", "Số sáng kiến được công nhận", 5, ""],
            [2, "Lao động giỏi, lao động sáng tạo", "Giá trị làm lợi (đồng)", "250.000.000", "ước tính"],
        ]}
        for title, rows in sheets.items():
            ws = wb[title]
            _clear(ws)
            for i, row in enumerate(rows, start=2):
                for col, value in enumerate(row, start=1):
                    ws.cell(row=i, column=col, value=value)
        return wb

    return make


def as_file(wb, name="bao-cao.xlsx"):
    stream = io.BytesIO(workbook_bytes(wb))
    stream.name = name
    return stream


@pytest.fixture
def members_of(db):
    def get(unit):
        return {m.card_number: m for m in Member.objects.filter(unit=unit)}
    return get
