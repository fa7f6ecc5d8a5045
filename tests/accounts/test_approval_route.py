"""A return waits for its CĐCS's upper unit of today; where that unit has no active officer, for the next unit up
that has one (the province), which acts "thay cho cấp trên (chưa có tài khoản)"."""

import pytest

from unionreport.accounts.access import (
    ACTING_LABEL,
    PROVINCE_STEP,
    UPPER_STEP,
    approval_route,
    approver_units,
    approvers_of,
    upper_step_unit_ids,
)
from unionreport.units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_routes_to_the_upper_unit_with_an_officer(cdcs_a, district_a, upper_officer_a, staff):
    route = approval_route(cdcs_a)
    assert (route.parent, route.approver_unit, route.acting, route.label) == (district_a, district_a, False, "")
    assert approvers_of(cdcs_a, UPPER_STEP) == [upper_officer_a]
    assert approvers_of(cdcs_a, PROVINCE_STEP) == [staff]
    assert set(Unit.objects.filter(id__in=upper_step_unit_ids(upper_officer_a)).values_list("code", flat=True)) == {
        "CDCS-A"}
    assert not Unit.objects.filter(id__in=upper_step_unit_ids(staff), code="CDCS-A").exists()


def test_it_goes_to_the_province_where_the_upper_unit_has_no_officer(cdcs_b, district_b, province, staff):
    route = approval_route(cdcs_b)
    assert (route.parent, route.approver_unit, route.acting, route.label) == (district_b, province, True,
                                                                            ACTING_LABEL)
    assert approvers_of(cdcs_b, UPPER_STEP) == [staff]
    assert Unit.objects.filter(id__in=upper_step_unit_ids(staff), code="CDCS-B").exists()
    assert approver_units([cdcs_b.pk]) == {cdcs_b.pk: province.pk}


def test_it_follows_an_officer_who_is_deactivated(cdcs_a, upper_officer_a, province, staff):
    upper_officer_a.is_active = False
    upper_officer_a.save()
    assert approval_route(cdcs_a).approver_unit == province
    assert approvers_of(cdcs_a, UPPER_STEP) == [staff]
