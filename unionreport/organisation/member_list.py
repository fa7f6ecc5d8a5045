"""The Excel list that assigns a split CĐCS's members to the new units: card number → new unit code.

The file goes through the returns' file checks (size, zip bomb, not a workbook...) and their bounded
reader; every problem is a Vietnamese message naming the cell. The first sheet is read; its header row
(within the first 10 rows) holds “Số thẻ đoàn viên” and “Mã đơn vị mới”, in any order.
"""

from __future__ import annotations

from typing import BinaryIO

from openpyxl.utils import get_column_letter

from unionreport.lib.parsing import normalise
from unionreport.returns.excel.checks import FileRefused, check_upload
from unionreport.returns.excel.reader import BoundedWorkbook, TooManyRows, is_empty

CARD, CODE = normalise("Số thẻ đoàn viên"), normalise("Mã đơn vị mới")
MAX_ROWS = 20_000


def read_assignment(upload: BinaryIO, *, name: str = "") -> tuple[dict[str, str], list[str]]:
    """({card number: new unit code}, errors): nothing is assigned when there is any error."""
    try:
        check_upload(upload, name=name)
        book = BoundedWorkbook(upload)
    except FileRefused as refused:
        return {}, [refused.message]
    try:
        if not book.sheetnames:
            return {}, ["Tệp không có trang tính nào."]
        sheet = book.sheetnames[0]
        header, columns = None, {}
        for row, values in book.rows(sheet, max_col=20, limit=10):
            keys = [normalise(v) for v in values]
            if CARD in keys and CODE in keys:
                header, columns = row, {CARD: keys.index(CARD), CODE: keys.index(CODE)}
                break
        if header is None:
            return {}, [f"Trang “{sheet}”: không tìm thấy dòng tiêu đề có cột “Số thẻ đoàn viên” và “Mã đơn vị mới” "
                        "(trong 10 dòng đầu)."]
        result: dict[str, str] = {}
        errors: list[str] = []
        seen: dict[str, int] = {}
        for row, values in book.rows(sheet, max_col=max(columns.values()) + 1, min_row=header + 1,
                                     limit=MAX_ROWS):
            card, code = values[columns[CARD]], values[columns[CODE]]
            if is_empty(card) and is_empty(code):
                continue
            card_text = str(int(card)) if isinstance(card, float) and card.is_integer() else str(card or "").strip()
            code_text = str(code or "").strip().upper()
            where = f"{sheet}!{get_column_letter(columns[CARD] + 1)}{row}"
            if not card_text or not code_text:
                errors.append(f"{where}: cần cả số thẻ và mã đơn vị mới.")
            elif card_text in seen:
                errors.append(f"{where}: số thẻ {card_text} đã có ở dòng {seen[card_text]}.")
            else:
                seen[card_text] = row
                result[card_text] = code_text
        return ({} if errors else result), errors
    except TooManyRows as error:
        return {}, [f"Trang “{error.sheet}” có quá nhiều dòng (hơn {error.limit:,}).".replace(",", ".")]
    except FileRefused as refused:
        return {}, [refused.message]
    finally:
        book.close()
