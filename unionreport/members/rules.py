"""Rules of members, workforce and activities (browser forms and Excel import)."""

from __future__ import annotations

import datetime as dt

from unionreport.lib.rules import Errors, check_not_above

MIN_BIRTH_YEAR = 1940
MIN_AGE = 15


def member_errors(*, birth_year: int | None, joined_on: dt.date | None, left_on: dt.date | None,
                  year: int) -> Errors:
    errors: Errors = {}
    if birth_year is not None and not MIN_BIRTH_YEAR <= birth_year <= year - MIN_AGE:
        errors["birth_year"] = f"Năm sinh phải từ {MIN_BIRTH_YEAR} đến {year - MIN_AGE}."
    if joined_on is not None and joined_on > dt.date(year, 12, 31):
        errors["joined_on"] = f"Ngày vào công đoàn không được sau 31/12/{year}."
    if joined_on is not None and left_on is not None and left_on < joined_on:
        errors["left_on"] = "Ngày ra khỏi công đoàn không được trước ngày vào công đoàn."
    return errors


WORKFORCE_PARTS = ("female_workers", "with_contract", "with_social_insurance", "underemployed")


def workforce_errors(*, total_workers: int, female_workers: int, with_contract: int, with_social_insurance: int,
                     underemployed: int, average_income_vnd: int, accidents: int, accident_deaths: int,
                     **_ignored) -> Errors:
    errors: Errors = {}
    values = {"female_workers": female_workers, "with_contract": with_contract,
              "with_social_insurance": with_social_insurance, "underemployed": underemployed}
    for field in WORKFORCE_PARTS:
        check_not_above(errors, field, values[field], total_workers, "tổng số lao động")
    if average_income_vnd == 0 and total_workers > 0:
        errors["average_income_vnd"] = "Thu nhập bình quân chỉ được bằng 0 khi tổng số lao động bằng 0."
    if accidents == 0 and accident_deaths > 0:
        errors["accident_deaths"] = "Không có vụ tai nạn lao động thì số người chết phải bằng 0."
    return errors


def activity_errors(*, party_introduced: int, party_admitted: int, **_ignored) -> Errors:
    errors: Errors = {}
    check_not_above(errors, "party_admitted", party_admitted, party_introduced,
                    "số đoàn viên ưu tú giới thiệu cho Đảng")
    return errors
