"""The member figures of several years in one grouped query equal the per-year filtered sums they replace, when
CĐCS move between districts, move from the province to a district (their path to the province restarts) and close.

    CDCS-A under TPNB moves to GV on 01/06/2023; CDCS-P directly under TINH moves under TPNB on 01/03/2022;
    CDCS-B under GV closes on 01/05/2024; CDCS-N is founded under GV on 01/07/2023. Each has joined/left rows
    for 2019–2025 (CDCS-B up to 2024, CDCS-N from 2023).
"""

import datetime as dt

import pytest
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from unionreport.lib.years import year_end
from unionreport.members.models import MemberSummary
from unionreport.reports.sums import members_history, members_years
from unionreport.units.rollup import flow_scope_q, stock_scope_q
from unionreport.units.services import unit_close, unit_move

pytestmark = pytest.mark.django_db


def _reference(unit, years, history) -> dict[str, int]:
    """The former query: one filtered sum per year, each scoped by a subquery of the year's tree."""
    scopes = {y: stock_scope_q(unit, year_end(y)) for y in {*years, *history}}
    aggregates = {f"cuoi_nam@{y}": Coalesce(Sum(F("joined") - F("left"), filter=Q(year__lte=y) & scopes[y]), 0)
                  for y in scopes}
    for y in years:
        flows = Q(year=y) & flow_scope_q(unit, y)
        aggregates[f"moi@{y}"] = Coalesce(Sum("joined", filter=flows), 0)
        aggregates[f"giam@{y}"] = Coalesce(Sum("left", filter=flows), 0)
    row = MemberSummary.objects.filter(year__lte=max(scopes)).aggregate(**aggregates)
    return {name: int(value or 0) for name, value in row.items()}


@pytest.fixture
def moved(province, district_a, district_b, cdcs_a, cdcs_b, make_unit):
    d = dt.date
    direct = make_unit("CDCS-P", "CĐCS trực thuộc tỉnh", parent=province)
    new = make_unit("CDCS-N", "CĐCS mới", parent=district_b, valid_from=d(2023, 7, 1))
    for n, unit in enumerate([cdcs_a, cdcs_b, direct, new], start=1):
        for year in range(2019, 2026):
            if (unit == cdcs_b and year > 2024) or (unit == new and year < 2023):
                continue
            MemberSummary.objects.create(unit=unit, year=year, joined=10 * n + year % 7, left=n + year % 3)
    unit_move(actor=None, units=[direct], new_parent=district_a, effective_date=d(2022, 3, 1))
    unit_move(actor=None, units=[cdcs_a], new_parent=district_b, effective_date=d(2023, 6, 1))
    unit_close(actor=None, unit=cdcs_b, effective_date=d(2024, 5, 1))
    return [province, district_a, district_b, cdcs_a, cdcs_b, direct, new]


@pytest.mark.parametrize("years, history", [([2025, 2024], range(2021, 2026)), ([2024, 2023], range(2019, 2024)),
                                            ([2022], []), ([2023], range(2022, 2024))])
def test_it_sums_members_of_several_years_as_the_filtered_sums_did(moved, years, history):
    for unit in moved:
        assert members_years(unit, years, list(history)) == _reference(unit, years, list(history)), unit.code


def test_it_counts_a_cdcs_once_in_the_province_after_it_moved(moved, province):
    history = dict(members_history(province, 2025))
    expected = _reference(province, [], list(range(2021, 2026)))
    assert history == {y: expected[f"cuoi_nam@{y}"] for y in range(2021, 2026)}
    assert history[2025] > 0
