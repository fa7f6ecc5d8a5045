"""The browser form refuses what the Excel import refuses, in the same Vietnamese words."""

import pytest
from django.urls import reverse

from tests.welfare.test_views import post_data
from unionreport.welfare.models import Disbursement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount_vnd", "10.000.000.000.000.000.000.000.000", "Quá lớn. Không được lớn hơn 1.000.000.000.000.000."),
    ("amount_vnd", "1.000.000.000.000.001", "Quá lớn. Không được lớn hơn 1.000.000.000.000.000."),
    ("person_times", "3.000.000.000", "Quá lớn. Không được lớn hơn 10.000.000."),
    ("description", "x" * 501, "Dài quá 500 ký tự. Rút gọn còn tối đa 500 ký tự."),
])
def test_it_refuses_oversize_values_with_the_import_words(client, officer_a, cdcs_a, field, value, message):
    client.force_login(officer_a)
    response = client.post(reverse("welfare:create"), post_data(cdcs_a, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Disbursement.objects.exists()


def test_it_accepts_the_caps(client, officer_a, cdcs_a):
    client.force_login(officer_a)
    response = client.post(reverse("welfare:create"), post_data(
        cdcs_a, amount_vnd="1.000.000.000.000.000", person_times="10.000.000", description="x" * 500))
    assert response.status_code == 302
    assert Disbursement.objects.get().amount_vnd == 10**15
