"""The rules of a Mái ấm Công đoàn house (browser form and Excel import)."""

from __future__ import annotations

import datetime as dt

from unionreport.lib.rules import Errors, check_in_year, check_not_above


def house_errors(*, total_support_vnd: int | None, union_fund_vnd: int | None, handover_date: dt.date | None,
                 year: int | None = None) -> Errors:
    errors: Errors = {}
    if total_support_vnd is not None and total_support_vnd < 1:
        errors["total_support_vnd"] = "Tổng kinh phí hỗ trợ phải từ 1 đồng trở lên."
    check_not_above(errors, "union_fund_vnd", union_fund_vnd, total_support_vnd, "tổng kinh phí hỗ trợ")
    check_in_year(errors, "handover_date", handover_date, year)
    return errors
