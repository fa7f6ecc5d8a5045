import pytest
from django.urls import reverse

from tests.members.factories import valid_post
from unionreport.members.models import Member, Workforce


@pytest.mark.parametrize(("field", "value", "message"), [
    ("birth_year", "2020", "Năm sinh phải từ 1940"),
    ("joined_on", "2024-13-01", "Ngày không hợp lệ"),
    ("sex", "x", "Hãy chọn"),
    ("full_name", "", "bắt buộc"),
])
def test_it_refuses_a_bad_member_in_vietnamese(client, officer_a, cdcs_a, field, value, message):
    client.force_login(officer_a)
    response = client.post(reverse("members:create"), valid_post("members:", cdcs_a) | {field: value})
    assert message in " ".join(response.context["form"].errors[field])
    assert not Member.objects.exists()


def test_it_accepts_vietnamese_numbers_for_the_workforce(client, officer_a, cdcs_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:workforce_create"), valid_post("members:workforce_", cdcs_a))
    assert response.status_code == 302
    row = Workforce.objects.get()
    assert (row.total_workers, row.average_income_vnd) == (1200, 8_500_000)


def test_it_refuses_a_future_year(client, officer_a, cdcs_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:workforce_create"),
                           valid_post("members:workforce_", cdcs_a) | {"year": "2999"})
    assert "Năm không được sau năm" in " ".join(response.context["form"].errors["year"])
    assert not Workforce.objects.exists()


def test_it_offers_only_grassroots_units_for_the_roster(client, upper_officer_a, district_a, cdcs_a):
    client.force_login(upper_officer_a)
    form = client.get(reverse("members:create")).context["form"]
    assert list(form.fields["unit"].queryset) == [cdcs_a]
