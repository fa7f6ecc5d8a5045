"""Roster and workforce forms: range errors in Vietnamese with formatted numbers, as the Excel import says."""

import pytest
from django.urls import reverse

from tests.members.factories import valid_post
from unionreport.members.models import Member, Workforce

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value", "message"), [
    ("total_workers", "2.147.483.648", "Quá lớn. Không được lớn hơn 10.000.000."),
    ("accidents", "99999999999", "Quá lớn. Không được lớn hơn 10.000.000."),
    ("average_income_vnd", "10.000.000.000.000.000.000.000.000", "Quá lớn. Không được lớn hơn 1.000.000.000.000.000."),
])
def test_it_refuses_oversize_workforce_numbers(client, officer_a, cdcs_a, field, value, message):
    client.force_login(officer_a)
    data = valid_post("members:workforce_", cdcs_a) | {field: value}
    response = client.post(reverse("members:workforce_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Workforce.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("card_number", "X" * 33, "Dài quá 32 ký tự. Rút gọn còn tối đa 32 ký tự."),
    ("full_name", "Ng" * 200, "Dài quá 255 ký tự. Rút gọn còn tối đa 255 ký tự."),
    ("birth_year", "99999", "Quá lớn. Không được lớn hơn 32.767."),
])
def test_it_refuses_oversize_member_values(client, officer_a, cdcs_a, field, value, message):
    client.force_login(officer_a)
    data = valid_post("members:", cdcs_a) | {field: value}
    response = client.post(reverse("members:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "2147483647" not in response.content.decode()
    assert not Member.objects.exists()
