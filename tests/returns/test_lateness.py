"""“Muộn” is decided once (`Return.is_late`), on Việt Nam's clock, like the completeness counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.returns.conftest import YEAR
from unionreport.returns.models import Return
from unionreport.returns.selectors import completeness, reporting_year

pytestmark = pytest.mark.django_db


def _submitted(unit, local: dt.datetime) -> Return:
    return Return.objects.create(unit=unit, year=YEAR, status=Return.Status.SUBMITTED, nothing_to_report=True,
                                 submitted_at=timezone.make_aware(local))


@pytest.mark.parametrize(("days", "at", "late"), [
    (0, dt.time(23, 59), False),  # 16:59 UTC on the deadline day
    (1, dt.time(0, 0), True),
    (1, dt.time(3, 0), True),  # 20:00 UTC on the deadline day: late although the UTC date is the deadline
    (-1, dt.time(8, 0), False),
])
def test_it_decides_lateness_on_vietnams_clock(cdcs_a, district_a, days, at, late):
    deadline = reporting_year(YEAR).deadline
    ret = _submitted(cdcs_a, dt.datetime.combine(deadline + dt.timedelta(days=days), at))
    assert ret.is_late(deadline) is late
    assert ret.is_late() is late  # reads the year's settings
    total = completeness(district_a, YEAR).total
    assert (total.late, total.on_time) == ((1, 0) if late else (0, 1))


def test_it_is_not_late_before_submission(cdcs_a):
    assert not Return(unit=cdcs_a, year=YEAR).is_late(dt.date(2024, 12, 10))


def test_it_shows_the_late_badge_on_the_detail_page(client, officer_a, cdcs_a):
    deadline = reporting_year(YEAR).deadline
    _submitted(cdcs_a, dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(3, 0)))
    client.force_login(officer_a)
    html = client.get(reverse("review:return", args=[YEAR, "CDCS-A"])).content.decode()
    next_day = (deadline + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Nộp lúc 03:00 ngày {next_day}" in html
    assert '<span class="badge text-bg-danger">Nộp muộn</span>' in html


def test_it_shows_no_badge_for_a_return_on_time(client, officer_a, cdcs_a):
    deadline = reporting_year(YEAR).deadline
    _submitted(cdcs_a, dt.datetime.combine(deadline, dt.time(23, 30)))
    client.force_login(officer_a)
    html = client.get(reverse("review:return", args=[YEAR, "CDCS-A"])).content.decode()
    assert "Nộp lúc 23:30" in html and ">Muộn</span>" not in html
