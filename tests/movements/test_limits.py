"""Movement forms: numbers beyond the columns are refused in Vietnamese, with formatted limits."""

import pytest
from django.urls import reverse

from tests.members.factories import valid_post
from unionreport.movements.models import Movement, MovementResult

pytestmark = pytest.mark.django_db


def test_it_refuses_an_order_beyond_the_column(client, staff):
    client.force_login(staff)
    data = valid_post("movements:movement_") | {"order": "40000"}
    response = client.post(reverse("movements:movement_create"), data)
    assert response.context["form"].errors["order"] == ["Quá lớn. Không được lớn hơn 32.767."]
    assert not Movement.objects.exists()


def test_it_refuses_a_result_beyond_the_cap(client, officer_a, cdcs_a):
    client.force_login(officer_a)
    data = valid_post("movements:result_", cdcs_a) | {"value": "1e400"}
    response = client.post(reverse("movements:result_create"), data)
    assert response.context["form"].errors["value"] == ["Quá lớn. Không được lớn hơn 1.000.000.000.000.000."]
    assert not MovementResult.objects.exists()
