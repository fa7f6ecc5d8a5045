"""A backdated reorganisation must not change a locked reporting year (the year-level hook of core.locks)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.organisation.test_reorganise_views import reorganise, state
from unionreport.core.locks import locked_years_from
from unionreport.returns.workflow import reporting_year_lock, reporting_year_unlock
from unionreport.units import selectors
from unionreport.units.dry_run import reorganisation_dry_run
from unionreport.units.services import (
    NewUnit,
    unit_close,
    unit_create,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)

MESSAGE = ("Năm 2024 đã khóa sổ: không thể sắp xếp tổ chức có hiệu lực từ 01/06/2024. "
           "Đề nghị LĐLĐ tỉnh mở khóa năm trước.")
BACKDATED = dt.date(2024, 6, 1)


@pytest.fixture
def locked_2024(staff):
    reporting_year_lock(actor=staff, year=2024)
    return 2024


def test_it_lists_the_locked_years_from_a_date(staff, locked_2024):
    reporting_year_lock(actor=staff, year=2022)
    assert locked_years_from(dt.date(2023, 1, 1)) == [2024]
    assert locked_years_from(dt.date(2022, 12, 31)) == [2022, 2024]
    assert locked_years_from(dt.date(2025, 1, 1)) == []


def _attempts(staff, province, district_a, district_b, cdcs_a):
    return {
        "create": lambda day: unit_create(actor=staff, data=NewUnit("MOI", "Mới", "grassroots"), parent=district_a,
                                          valid_from=day),
        "rename": lambda day: unit_rename(actor=staff, unit=district_a, new_name="Tên mới", effective_date=day),
        "move": lambda day: unit_move(actor=staff, units=[cdcs_a], new_parent=district_b, effective_date=day),
        "close": lambda day: unit_close(actor=staff, unit=district_a, effective_date=day, move_children_to=district_b),
        "merge": lambda day: unit_merge(actor=staff, sources=[district_a], into=district_b, effective_date=day),
        "split": lambda day: unit_split(actor=staff, source=district_a, effective_date=day,
                                        new_units=[NewUnit("S1", "Một", "upper"), NewUnit("S2", "Hai", "upper")],
                                        assignment={cdcs_a.pk: "S1"}),
    }


@pytest.mark.parametrize("kind", ["create", "rename", "move", "close", "merge", "split"])
def test_it_refuses_every_reorganisation_dated_into_a_locked_year(staff, province, district_a, district_b, cdcs_a,
                                                                  locked_2024, kind):
    attempt = _attempts(staff, province, district_a, district_b, cdcs_a)[kind]
    before = state()
    with pytest.raises(ValidationError) as error:
        attempt(BACKDATED)
    assert error.value.messages == [MESSAGE]
    with pytest.raises(ValidationError, match="Năm 2024 đã khóa sổ"):
        reorganisation_dry_run(lambda: attempt(BACKDATED), effective_date=BACKDATED)
    with pytest.raises(ValidationError, match="01/01/2021"):  # 31/12/2024 is after 01/01/2021 too
        attempt(dt.date(2021, 1, 1))
    assert state() == before
    attempt(dt.date(2025, 1, 1))  # after the locked year: allowed
    assert state() != before


def test_it_allows_the_reorganisation_once_the_year_is_unlocked(staff, cdcs_a, district_b, locked_2024):
    reporting_year_unlock(actor=staff, year=2024)
    unit_move(actor=staff, units=[cdcs_a], new_parent=district_b, effective_date=BACKDATED)
    assert selectors.parent_of(cdcs_a, dt.date(2024, 12, 31)) == district_b


@pytest.mark.parametrize("step", ["xem-truoc", "xac-nhan"])
def test_it_refuses_the_backdated_move_in_the_preview_and_the_confirmation(client, staff, cdcs_a, district_b,
                                                                          locked_2024, step):
    client.force_login(staff)
    before = state()
    response = client.post(reorganise(cdcs_a, "move"), {"new_parent": district_b.pk, "effective_date": "01/06/2024",
                                                        "note": "x", "buoc": step})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert state() == before
    assert selectors.parent_of(cdcs_a, dt.date(2024, 12, 31)).code == "TPNB"
    assert client.get(reverse("organisation:detail", args=[cdcs_a.code])).status_code == 200
