"""Members at the end of several years in one grouped query (each unit's row holding the year) equal the per-year
filtered sums over every year before, when
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
from unionreport.reports.sums import members_at_ends, members_history
from unionreport.units.rollup import stock_scope_q
from unionreport.units.services import unit_close, unit_move

pytestmark = pytest.mark.django_db


def _reference(unit, years) -> dict[int, int]:
    """One filtered sum per year over the joined and left of every year up to it, scoped by the year's tree."""
    aggregates = {f"cuoi_nam_{y}": Coalesce(Sum(F("joined") - F("left"),
                                                filter=Q(year__lte=y) & stock_scope_q(unit, year_end(y))), 0)
                  for y in years}
    row = MemberSummary.objects.filter(year__lte=max(years)).aggregate(**aggregates)
    return {y: int(row[f"cuoi_nam_{y}"] or 0) for y in years}


def _running_columns() -> None:
    """What `members.summary` writes beside the rows made here: members at each year end, the unit's next year."""
    rows = list(MemberSummary.objects.order_by("unit_id", "year"))
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        before = MemberSummary.objects.filter(unit_id=row.unit_id, year__lte=row.year)
        row.members_end = sum(r.joined - r.left for r in before)
        row.next_year = after.year if after and after.unit_id == row.unit_id else None
    MemberSummary.objects.bulk_update(rows, ["members_end", "next_year"])


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
    _running_columns()
    unit_move(actor=None, units=[direct], new_parent=district_a, effective_date=d(2022, 3, 1))
    unit_move(actor=None, units=[cdcs_a], new_parent=district_b, effective_date=d(2023, 6, 1))
    unit_close(actor=None, unit=cdcs_b, effective_date=d(2024, 5, 1))
    return [province, district_a, district_b, cdcs_a, cdcs_b, direct, new]


@pytest.mark.parametrize("years", [range(2021, 2026), range(2019, 2024), [2022], range(2022, 2024), [2018, 2026]])
def test_it_counts_members_of_several_years_as_the_filtered_sums_did(moved, years):
    for unit in moved:
        assert members_at_ends(unit, list(years)) == _reference(unit, list(years)), unit.code


def test_it_counts_a_cdcs_once_in_the_province_after_it_moved(moved, province):
    history = dict(members_history(province, 2025))
    assert history == _reference(province, list(range(2021, 2026)))
    assert history[2025] > 0
