import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from unionreport.accounts.access import (
    can_change,
    can_see,
    changeable_among,
    changeable_units,
    ensure_may_change_anything,
    visible_units,
)
from unionreport.units.services import unit_move
from unionreport.welfare.models import Disbursement


def test_it_shows_an_officer_only_its_own_cdcs(officer_a, cdcs_a, cdcs_b):
    assert [u.code for u in visible_units(officer_a)] == ["CDCS-A"]
    assert not can_see(officer_a, cdcs_b)


def test_it_shows_an_upper_officer_its_subtree(upper_officer_a, cdcs_a, cdcs_b):
    assert sorted(u.code for u in visible_units(upper_officer_a)) == ["CDCS-A", "TPNB"]


def test_it_lets_leadership_see_but_not_change(leader, cdcs_a):
    assert can_see(leader, cdcs_a)
    assert not can_change(leader, cdcs_a)


# Changing follows today's structure; reading covers history (see tests/accounts/reorganised.py).




def _post(unit, **kw):
    data = {"unit": unit.pk, "date": "20/01/2024", "occasion": "tet", "form": "gift", "person_times": "3",
            "amount_vnd": "1.500.000", "source": "union_funds", "description": "Quà Tết"}
    return data | kw


def test_it_lets_a_dissolved_districts_officer_see_but_not_change_its_former_cdcs(
        reorganised, giavien_officer, commune_officer, district_b, cdcs_a):
    assert can_see(giavien_officer, reorganised)
    assert not can_change(giavien_officer, reorganised)
    assert not can_change(giavien_officer, district_b)
    assert list(changeable_units(giavien_officer)) == []
    assert can_change(commune_officer, reorganised)
    assert not can_change(commune_officer, cdcs_a)


def test_it_lets_staff_change_the_whole_province_and_leadership_nothing(reorganised, staff, leader, district_b,
                                                                       cdcs_a):
    assert can_change(staff, reorganised) and can_change(staff, district_b) and can_change(staff, cdcs_a)
    assert not can_change(leader, reorganised)
    assert changeable_among(leader, [reorganised.pk, cdcs_a.pk]) == set()
    assert changeable_among(staff, [reorganised.pk, cdcs_a.pk]) == {reorganised.pk, cdcs_a.pk}


def test_it_shows_the_former_cdcs_rows_read_only_to_the_dissolved_districts_officer(
        client, row_2024, giavien_officer):
    client.force_login(giavien_officer)
    detail = client.get(reverse("welfare:detail", args=[row_2024.pk]))
    assert detail.status_code == 200
    assert reverse("welfare:update", args=[row_2024.pk]) not in detail.content.decode()
    listing = client.get(reverse("welfare:list") + "?year=2024").content.decode()
    assert "Quà Tết 2024" in listing
    assert reverse("welfare:update", args=[row_2024.pk]) not in listing
    assert reverse("welfare:create") not in listing


def test_it_refuses_the_dissolved_districts_officer_every_write(client, row_2024, reorganised, giavien_officer):
    client.force_login(giavien_officer)
    assert client.get(reverse("welfare:create")).status_code == 403
    response = client.post(reverse("welfare:create"), _post(reorganised))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="ngừng hoạt động từ"):
        ensure_may_change_anything(giavien_officer)
    assert client.get(reverse("welfare:update", args=[row_2024.pk])).status_code == 403
    assert client.post(reverse("welfare:update", args=[row_2024.pk]), _post(reorganised)).status_code == 403
    assert client.post(reverse("welfare:delete", args=[row_2024.pk])).status_code == 403
    assert Disbursement.objects.filter(unit=reorganised).count() == 1
    assert Disbursement.objects.get().amount_vnd == 1_000_000


def test_it_lets_the_commune_unions_officer_change_the_moved_cdcs_rows(client, row_2024, reorganised,
                                                                      commune_officer):
    client.force_login(commune_officer)
    listing = client.get(reverse("welfare:list") + "?year=2024").content.decode()
    assert reverse("welfare:update", args=[row_2024.pk]) in listing
    response = client.post(reverse("welfare:update", args=[row_2024.pk]), _post(reorganised, amount_vnd="2.000.000"))
    assert response.status_code == 302
    assert client.post(reverse("welfare:create"), _post(reorganised)).status_code == 302
    assert client.post(reverse("welfare:delete", args=[row_2024.pk])).status_code == 302
    assert Disbursement.objects.filter(unit=reorganised).count() == 1


def test_it_refuses_leadership_writes_on_the_moved_cdcs(client, row_2024, reorganised, leader):
    client.force_login(leader)
    assert client.get(reverse("welfare:detail", args=[row_2024.pk])).status_code == 200
    assert client.post(reverse("welfare:create"), _post(reorganised)).status_code == 403
    assert client.post(reverse("welfare:update", args=[row_2024.pk]), _post(reorganised)).status_code == 403
    assert client.post(reverse("welfare:delete", args=[row_2024.pk])).status_code == 403


def test_it_decides_edit_links_in_constant_queries(client, reorganised, commune, commune_officer, district_a,
                                                   django_assert_max_num_queries):
    client.force_login(commune_officer)
    unit_move(actor=None, units=[district_a], new_parent=commune,
              effective_date=dt.date(2021, 1, 1))

    def add(n):
        Disbursement.objects.bulk_create([
            Disbursement(unit=reorganised, date=dt.date(2024, 1, 1 + i % 28), occasion="tet", form="gift",
                         person_times=1, amount_vnd=1000, source="union_funds", description=f"d{i}")
            for i in range(n)])

    add(2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("welfare:list")).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("welfare:list")).content.decode()
    assert body.count(">Sửa</a>") == 32
