"""Reading history reaches as far as the move (issue: the officer of LĐLĐ huyện Gia Viễn, closed 01/07/2025, opened
CS0096's 2025 return uploaded after it moved to Công đoàn xã Gia Viễn). One rule: `access.visible_rows` /
`access.sees_year` — a former upper unit reads a CĐCS's facts of the time it was below, units below today bring
their whole history."""

import datetime as dt

import pytest
from django.urls import reverse

from unionreport.accounts.access import sees_year, visible_rows
from unionreport.accounts.models import User
from unionreport.members.models import Workforce
from unionreport.returns.models import Return
from unionreport.units.models import Unit
from unionreport.units.services import unit_close
from unionreport.welfare.models import Disbursement

pytestmark = pytest.mark.django_db
MOVED = dt.date(2025, 7, 1)


@pytest.fixture
def moved(make_unit, province, district_b, cdcs_b):
    commune = make_unit("XGV", "Công đoàn xã Gia Viễn", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                        parent=province, valid_from=MOVED)
    giavien = User.objects.create(username="canbo_giavien", role=User.Role.UPPER_OFFICER, unit=district_b)
    unit_close(actor=None, unit=district_b, effective_date=MOVED, move_children_to=commune)
    giavien.refresh_from_db()
    commune_officer = User.objects.create(username="canbo_xa", role=User.Role.UPPER_OFFICER, unit=commune)
    for day in (dt.date(2024, 5, 1), dt.date(2025, 3, 1), dt.date(2025, 9, 1)):
        Disbursement.objects.create(unit=cdcs_b, date=day, occasion="tet", form="gift", person_times=1,
                                    amount_vnd=100_000, source="union_funds")
    for year in (2024, 2025):
        Workforce.objects.create(unit=cdcs_b, year=year, total_workers=10)
        Return.objects.create(unit=cdcs_b, year=year)
    return {"cdcs": cdcs_b, "old": giavien, "new": commune_officer}


def test_it_shows_a_former_parent_only_the_time_the_cdcs_was_below(moved):
    old, cdcs = moved["old"], moved["cdcs"]
    welfare = visible_rows(old, Disbursement.objects.all(), date="date")
    assert sorted(d.date for d in welfare) == [dt.date(2024, 5, 1), dt.date(2025, 3, 1)]
    assert [w.year for w in visible_rows(old, Workforce.objects.all(), year="year")] == [2024]
    assert sees_year(old, cdcs, 2024) and not sees_year(old, cdcs, 2025)


def test_it_shows_the_unit_above_today_the_whole_history(moved, staff):
    new, cdcs = moved["new"], moved["cdcs"]
    assert visible_rows(new, Disbursement.objects.all(), date="date").count() == 3
    assert sees_year(new, cdcs, 2024) and sees_year(new, cdcs, 2025)
    assert sees_year(staff, cdcs, 2025)


def test_it_answers_404_for_the_return_filed_after_the_move(client, moved):
    client.force_login(moved["old"])
    cdcs = moved["cdcs"]
    assert client.get(reverse("review:return", args=[2025, cdcs.code])).status_code == 404
    assert client.get(reverse("returns:template", args=[2025, cdcs.code])).status_code == 404
    assert client.get(reverse("review:return", args=[2024, cdcs.code])).status_code == 200
    client.force_login(moved["new"])
    assert client.get(reverse("review:return", args=[2025, cdcs.code])).status_code == 200
