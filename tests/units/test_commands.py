import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from unionreport.units.models import Unit
from unionreport.units.services import unit_close


def run(*args):
    out = io.StringIO()
    call_command("units", *args, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_it_prints_units_as_of_a_date(province, district_a, cdcs_a, staff):
    unit_close(actor=staff, unit=district_a, effective_date=dt.date(2025, 7, 1), move_children_to=province)
    assert run("--as-of", "2024-12-31") == [
        ["CDCS-A", "grassroots", "Công đoàn Công ty Dệt may Hoa Lư", "TPNB"],
        ["TINH", "province", "LĐLĐ tỉnh Ninh Bình", ""],
        ["TPNB", "upper", "LĐLĐ Thành phố Ninh Bình", "TINH"],
    ]
    assert run("--as-of", "2025-12-31", "--level", "grassroots") == [
        ["CDCS-A", "grassroots", "Công đoàn Công ty Dệt may Hoa Lư", "TINH"]]
    assert [row[0] for row in run()] == ["CDCS-A", "TINH"]


def test_it_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("--as-of", "31/12/2024")
    assert Unit.objects.count() == 0
