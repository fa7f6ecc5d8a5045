import math
from decimal import Decimal

import pytest

from unionreport.lib.parsing import ParseError, parse_int, parse_number


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, Decimal("Infinity"), Decimal("NaN")])
def test_it_refuses_infinity_and_nan_without_overflowing(value):
    with pytest.raises(ParseError):
        parse_int(value)
    with pytest.raises(ParseError):
        parse_number(value)


def test_it_refuses_nan_typed_as_text():
    with pytest.raises(ParseError):
        parse_number("NaN")
