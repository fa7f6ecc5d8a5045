import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from unionreport.lib import formatting as f


@pytest.mark.parametrize(("value", "text"), [(31529000, "31.529.000"), (0, "0"), (999, "999"), (-1500, "-1.500")])
def test_it_groups_thousands_with_dots(value, text):
    assert f.format_int(value) == text


def test_it_writes_dates_day_first_with_leading_zeros():
    assert f.format_date(dt.date(2024, 12, 5)) == "05/12/2024"


@pytest.mark.parametrize(("value", "text"), [(65318, "hơn 65.000"), (65000, "65.000"), (812, "812")])
def test_it_rounds_counts_down_to_the_thousand(value, text):
    assert f.approx_count(value) == text


def test_it_rounds_money_down_to_the_million():
    assert f.approx_million(31_529_420_000) == "trên 31.529 triệu đồng"
    assert f.approx_million(31_529_000_000) == "31.529 triệu đồng"
    assert f.approx_billion(31_529_420_000) == "trên 31,5 tỷ đồng"


def test_it_writes_percent_with_a_comma():
    assert f.format_percent(104.46) == "104,5%"


def test_it_fixes_djangos_vietnamese_formats_through_format_module_path():
    with translation.override("vi"):
        html = Template("{% load l10n %}{{ n }} {{ d|date:'SHORT_DATE_FORMAT' }} {{ d }}").render(
            Context({"n": 31529000, "d": dt.date(2024, 12, 5)})
        )
    assert html == "31.529.000 05/12/2024 05/12/2024"


def test_it_writes_nothing_for_a_figure_never_filled_in():
    # A stored summary may hold "" for a figure its return left empty: the page shows a blank, not a crash.
    assert f.format_int("") == f.format_number("") == ""
