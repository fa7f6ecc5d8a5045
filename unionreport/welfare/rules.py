"""The rules of a welfare disbursement, used by the browser form and the Excel import alike."""

from __future__ import annotations

import datetime as dt

from unionreport.lib.rules import Errors, check_in_year


def disbursement_errors(*, date: dt.date | None, person_times: int | None, amount_vnd: int | None,
                        year: int | None = None) -> Errors:
    errors: Errors = {}
    check_in_year(errors, "date", date, year)
    if person_times is not None and person_times < 1:
        errors["person_times"] = "Số lượt đoàn viên phải từ 1 trở lên."
    if amount_vnd is not None and amount_vnd < 0:
        errors["amount_vnd"] = "Số tiền không được âm."
    return errors
