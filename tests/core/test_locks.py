"""The returns app's lock rule, pair by pair and in bulk: same reasons, constant queries."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.members import factories
from unionreport.core import locks
from unionreport.returns.locks import return_lock_reason, return_lock_reasons
from unionreport.returns.models import ReportingYear, Return

S = Return.Status


def year(n, *, locked=False):
    return ReportingYear.objects.create(year=n, cutoff_date=dt.date(n, 11, 30), deadline=dt.date(n, 12, 10),
                                        locked=locked)


@pytest.fixture
def states(make_unit, district_a, cdcs_a, cdcs_b, staff, upper_officer_a):
    """cdcs_a: 2022 approved by the province, 2023 by the upper level, 2024 submitted; 2021 locked."""
    year(2021, locked=True)
    year(2024)
    Return.objects.create(unit=cdcs_a, year=2022, status=S.APPROVED_PROVINCE, approved_province_by=staff)
    Return.objects.create(unit=cdcs_a, year=2023, status=S.APPROVED_UPPER, approved_upper_by=upper_officer_a)
    Return.objects.create(unit=cdcs_a, year=2024, status=S.SUBMITTED)
    Return.objects.create(unit=cdcs_b, year=2025, status=S.APPROVED_PROVINCE)  # not asked below with 2025
    return {"a": cdcs_a.pk, "b": cdcs_b.pk, "district": district_a.pk}


def test_it_registers_the_returns_checker_with_its_bulk_twin():
    assert return_lock_reason in locks._checkers
    assert locks._bulk[return_lock_reason] is return_lock_reasons


def test_it_gives_the_same_reasons_in_bulk_as_pair_by_pair(states, django_assert_num_queries):
    a, b, district = states["a"], states["b"], states["district"]
    pairs = {(u, y) for u in (a, b, district) for y in (2021, 2022, 2023, 2024)} | {(a, 2025)}
    single = {pair: reason for pair in pairs if (reason := return_lock_reason(*pair))}
    with django_assert_num_queries(2):
        bulk = return_lock_reasons(pairs)
    assert bulk == single
    assert set(bulk) == {(u, 2021) for u in (a, b, district)} | {(a, 2022), (a, 2023)}
    assert "Năm 2021 đã khóa sổ" in bulk[(b, 2021)]
    assert "LĐLĐ tỉnh phê duyệt (canbo_tinh)" in bulk[(a, 2022)]
    assert "công đoàn cấp trên phê duyệt (canbo_tpnb)" in bulk[(a, 2023)]


def test_it_answers_many_pairs_in_two_queries(states, make_unit, district_a, django_assert_num_queries):
    # founded after the locked 2021: a unit dated into a locked year is refused (see tests/units/test_locked_years.py)
    units = [make_unit(f"L-{i:02}", parent=district_a, valid_from=dt.date(2022, 1, 1)) for i in range(30)]
    for unit in units[::3]:
        Return.objects.create(unit=unit, year=2023, status=S.APPROVED_UPPER)
    pairs = {(unit.pk, y) for unit in units for y in (2021, 2022, 2023, 2024)}
    with django_assert_num_queries(2):
        found = return_lock_reasons(pairs)
    assert len(found) == 30 + 10
    with django_assert_num_queries(1):  # only the locked year asked: nothing else to look up
        assert len(return_lock_reasons({(unit.pk, 2021) for unit in units})) == 30
    with django_assert_num_queries(0):
        assert return_lock_reasons(set()) == {}


def test_it_locks_list_rows_of_an_approved_return(client, staff, cdcs_a, states):
    approved = factories.disbursement(cdcs_a, date=dt.date(2022, 3, 1))
    submitted = factories.disbursement(cdcs_a, date=dt.date(2024, 3, 1))
    client.force_login(staff)
    table = client.get(reverse("welfare:list"), {"year": "tat-ca"}).context["table"]
    assert set(table.locked) == {approved.pk}
    assert "LĐLĐ tỉnh phê duyệt" in table.locked[approved.pk]
    assert submitted.pk not in table.locked


def test_it_registers_the_returns_year_checker(staff):
    from unionreport.returns.workflow import locked_years_from as returns_locked_years_from

    assert returns_locked_years_from in locks._year_checkers
    year(2023, locked=True)
    assert locks.locked_years_from(dt.date(2023, 12, 31)) == [2023]
    assert locks.locked_years_from(dt.date(2024, 1, 1)) == []
    with pytest.raises(ValidationError, match="Năm 2023 đã khóa sổ: không thể thử có hiệu lực từ 05/12/2022"):
        locks.ensure_years_open_from(dt.date(2022, 12, 5), action="thử có hiệu lực từ")
