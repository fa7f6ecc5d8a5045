"""Rules of an emulation result (browser form and Excel import)."""

from __future__ import annotations

from decimal import Decimal

from unionreport.lib.rules import Errors
from unionreport.movements.models import Indicator


def result_errors(*, indicator: Indicator | None, value: Decimal | None, year: int | None = None) -> Errors:
    """`year` (optional): the result's year must be the year of the indicator's movement."""
    errors: Errors = {}
    if indicator is not None and year is not None and indicator.movement.year != year:
        errors["indicator"] = (f"Phong trào “{indicator.movement.name}” thuộc năm {indicator.movement.year}, "
                               f"không phải năm {year}.")
    if value is None or indicator is None:
        return errors
    if value < 0:
        errors["value"] = "Giá trị không được âm."
    elif indicator.kind in (Indicator.Kind.COUNT, Indicator.Kind.MONEY) and value != value.to_integral_value():
        errors["value"] = "Chỉ tiêu này là số nguyên (số lượng hoặc tiền đồng)."
    return errors
