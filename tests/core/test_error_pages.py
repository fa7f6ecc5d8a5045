from django.test import Client
from django.urls import reverse


def test_it_explains_a_refusal_in_vietnamese(client, leader, cdcs_a):
    client.force_login(leader)
    response = client.get(reverse("welfare:create"))
    assert response.status_code == 403
    assert "Lỗi 403" in response.content.decode()


def test_it_explains_an_expired_form_in_vietnamese(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
