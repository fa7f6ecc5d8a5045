import datetime as dt

import pytest
from django.urls import reverse

MEMBER_CASES = [
    ("sex", "nu", {"sex": "nu"}, {"sex": "nam"}),
    ("status", "left", {"left_on": dt.date(2024, 3, 1)}, {}),
    ("status", "active", {}, {"left_on": dt.date(2024, 3, 1)}),
    ("q", "Hoa", {"full_name": "Trần Thị Hoa"}, {"full_name": "Lê Văn Nam"}),
    ("year", "2021", {"joined_on": dt.date(2020, 1, 1)}, {"joined_on": dt.date(2022, 1, 1)}),
    ("year", "2024", {"joined_on": dt.date(2020, 1, 1)}, {"joined_on": dt.date(2020, 1, 1),
                                                         "left_on": dt.date(2023, 6, 1)}),
]


@pytest.mark.parametrize(("param", "value", "match", "other"), MEMBER_CASES,
                         ids=[f"{c[0]}={c[1]}" for c in MEMBER_CASES])
def test_it_filters_the_roster(client, staff, cdcs_a, rows, param, value, match, other):
    wanted = rows.member(cdcs_a, **match)
    rows.member(cdcs_a, **other)
    client.force_login(staff)
    table = client.get(reverse("members:list"), {param: value}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


@pytest.mark.parametrize("url_name", ["members:list", "members:workforce_list", "members:activity_list"])
def test_it_filters_each_list_by_unit_subtree(client, staff, district_a, cdcs_a, cdcs_b, rows, url_name):
    make = {"members:list": rows.member, "members:workforce_list": rows.workforce,
            "members:activity_list": rows.activity}[url_name]
    wanted = make(cdcs_a)
    make(cdcs_b)
    client.force_login(staff)
    table = client.get(reverse(url_name), {"unit": district_a.pk}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


@pytest.mark.parametrize("url_name", ["members:workforce_list", "members:activity_list"])
def test_it_filters_yearly_facts_by_year(client, staff, cdcs_a, rows, url_name):
    make = rows.workforce if url_name == "members:workforce_list" else rows.activity
    wanted = make(cdcs_a, year=2023)
    make(cdcs_a, year=2024)
    client.force_login(staff)
    table = client.get(reverse(url_name), {"year": 2023}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


@pytest.mark.parametrize(("param", "value"), [("workers_conference", "true"), ("workers_conference", "false"),
                                               ("collective_agreement", "true"), ("collective_agreement", "false")])
def test_it_filters_activities_by_yes_no(client, staff, cdcs_a, rows, param, value):
    flag = value == "true"
    wanted = rows.activity(cdcs_a, year=2023, **{param: flag})
    rows.activity(cdcs_a, year=2024, **{param: not flag})
    client.force_login(staff)
    table = client.get(reverse("members:activity_list"), {param: value, "year": "tat-ca"}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]
