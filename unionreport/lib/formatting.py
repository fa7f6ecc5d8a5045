"""Vietnamese numbers, dates and the conference's "hơn / trên" phrasing.

The one place that formats figures: HTML, PDF, DOCX and Excel all call these.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

MILLION = 1_000_000
BILLION = 1_000_000_000


def format_int(value: int | Decimal | None) -> str:
    """31529000 -> '31.529.000'; None or '' (a figure never filled in) -> ''."""
    if value is None or value == "":
        return ""
    number = int(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def format_decimal(value: float | Decimal | None, places: int = 1) -> str:
    """1234.56 -> '1.234,6' (dot thousands, comma decimals)."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = format_int(int(whole))
    if places:
        text += "," + fraction.ljust(places, "0")
    return ("-" if rounded < 0 else "") + text


def format_number(value: int | float | Decimal | None, places: int = 2) -> str:
    """A count, an amount or a measured value: 12 -> '12', 12.5 -> '12,5', 1234.567 -> '1.234,57'; None -> ''.

    Whole numbers have no decimals; others at most `places`, trailing zeros dropped. The one rule for
    targets' plans, movement results and any value that may have decimals, in HTML, PDF, Word and Excel."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return format_int(number)
    text = format_decimal(number, places).rstrip("0").rstrip(",")
    return text


def format_percent(value: float | Decimal | None) -> str:
    """104.46 -> '104,5%'."""
    return "" if value is None else format_decimal(value, 1) + "%"


def format_date(value: dt.date | None) -> str:
    """date(2024, 12, 5) -> '05/12/2024'; an aware datetime is shown on Việt Nam's calendar day."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def approx_count(value: int) -> str:
    """Counts in sentences: 65318 -> 'hơn 65.000', 65000 -> '65.000', 812 -> '812'."""
    value = int(value)
    if value < 1000:
        return format_int(value)
    floor = value // 1000 * 1000
    return format_int(floor) if floor == value else f"hơn {format_int(floor)}"


def approx_million(vnd: int) -> str:
    """Money in sentences: 31529420000 -> 'trên 31.529 triệu đồng'."""
    vnd = int(vnd)
    millions, rest = divmod(vnd, MILLION)
    if millions == 0:
        return f"{format_int(vnd)} đồng"
    return ("trên " if rest else "") + f"{format_int(millions)} triệu đồng"


def approx_billion(vnd: int) -> str:
    """Large money, editor's choice: 31529420000 -> 'trên 31,5 tỷ đồng'."""
    vnd = int(vnd)
    tenths = vnd * 10 // BILLION
    if vnd < 10 * BILLION:
        return approx_million(vnd)
    exact = tenths * BILLION // 10 == vnd
    whole, fraction = divmod(tenths, 10)
    text = format_int(whole) + (f",{fraction}" if fraction else "")
    return ("" if exact else "trên ") + f"{text} tỷ đồng"


def format_change(current: int | Decimal | None, previous: int | Decimal | None) -> str:
    """Year-over-year change as '+4,5%' / '-2,0%'; '' when there is nothing to compare."""
    if current is None or not previous:
        return ""
    change = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    sign = "+" if change >= 0 else "-"
    return sign + format_percent(abs(change))
