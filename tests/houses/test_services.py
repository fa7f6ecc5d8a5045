import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from unionreport.houses.services import HouseData, house_create


def data(unit, **kw):
    values = {"unit": unit, "member_name": "Trần Thị Hoa", "kind": "new", "total_support_vnd": 50_000_000,
              "union_fund_vnd": 30_000_000, "handover_date": dt.date(2024, 5, 1)}
    return HouseData(**values | kw)


def test_it_links_the_member_when_the_card_is_on_the_roster(officer_a, cdcs_a, rows):
    member = rows.member(cdcs_a, card_number="0042")
    house = house_create(actor=officer_a, data=data(cdcs_a, member_card="0042"))
    assert house.member == member


def test_it_refuses_a_card_not_on_the_units_roster(officer_a, cdcs_a, cdcs_b, rows):
    rows.member(cdcs_b, card_number="0042")
    with pytest.raises(ValidationError) as error:
        house_create(actor=officer_a, data=data(cdcs_a, member_card="0042"))
    assert "member_card" in error.value.message_dict


def test_it_refuses_union_funds_above_the_total(officer_a, cdcs_a):
    with pytest.raises(ValidationError) as error:
        house_create(actor=officer_a, data=data(cdcs_a, union_fund_vnd=60_000_000))
    assert error.value.message_dict["union_fund_vnd"] == ["Không được lớn hơn tổng kinh phí hỗ trợ."]


def test_it_refuses_leadership(leader, cdcs_a):
    with pytest.raises(PermissionDenied):
        house_create(actor=leader, data=data(cdcs_a))
