import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from unionreport.members.services import (
    ActivityData,
    MemberData,
    WorkforceData,
    activity_create,
    member_create,
    member_update,
    workforce_create,
)


def member_data(unit, **kw):
    values = {"unit": unit, "card_number": "0042", "full_name": "Lê Văn Tâm", "sex": "nam", "birth_year": 1985,
              "joined_on": dt.date(2024, 2, 1)}
    return MemberData(**values | kw)


def test_it_keeps_card_numbers_unique_in_a_unit(officer_a, cdcs_a, rows):
    rows.member(cdcs_a, card_number="0042")
    with pytest.raises(ValidationError) as error:
        member_create(actor=officer_a, data=member_data(cdcs_a))
    assert error.value.message_dict["card_number"] == ["Số thẻ 0042 đã có trong danh sách đoàn viên của đơn vị."]


def test_it_allows_the_same_card_number_in_another_unit(staff, cdcs_a, cdcs_b, rows):
    rows.member(cdcs_b, card_number="0042")
    assert member_create(actor=staff, data=member_data(cdcs_a)).card_number == "0042"


def test_it_refuses_a_roster_at_an_upper_level_unit(staff, district_a):
    with pytest.raises(ValidationError) as error:
        member_create(actor=staff, data=member_data(district_a))
    assert "unit" in error.value.message_dict


def test_it_refuses_leaving_before_joining(officer_a, cdcs_a, rows):
    member = rows.member(cdcs_a)
    with pytest.raises(ValidationError) as error:
        member_update(actor=officer_a, obj=member, data=member_data(cdcs_a, left_on=dt.date(2023, 1, 1)))
    assert "left_on" in error.value.message_dict
    member.refresh_from_db()
    assert member.left_on is None


def test_it_applies_the_workforce_rules(officer_a, cdcs_a):
    with pytest.raises(ValidationError) as error:
        workforce_create(actor=officer_a, data=WorkforceData(unit=cdcs_a, year=2024, total_workers=10,
                                                              female_workers=11, average_income_vnd=0))
    assert set(error.value.message_dict) == {"female_workers", "average_income_vnd"}


def test_it_keeps_one_activity_row_per_unit_and_year(officer_a, cdcs_a, rows):
    rows.activity(cdcs_a, year=2024)
    with pytest.raises(ValidationError) as error:
        activity_create(actor=officer_a, data=ActivityData(unit=cdcs_a, year=2024))
    assert "year" in error.value.message_dict


def test_it_refuses_more_party_admissions_than_introductions(officer_a, cdcs_a):
    with pytest.raises(ValidationError) as error:
        activity_create(actor=officer_a, data=ActivityData(unit=cdcs_a, year=2024, party_introduced=1,
                                                            party_admitted=2))
    assert "party_admitted" in error.value.message_dict
