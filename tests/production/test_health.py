"""/healthz: 200 when the database answers, 503 when it does not, and no login needed."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_it_answers_503_when_the_database_does_not_answer(client, error):
    with mock.patch.object(connection, "cursor", side_effect=error):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_it_needs_no_login_and_sets_no_session(client):
    response = client.get("/healthz", follow=False)
    assert response.status_code == 200
    assert "Location" not in response
    assert "sessionid" not in response.cookies


def test_it_costs_one_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/healthz")


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
