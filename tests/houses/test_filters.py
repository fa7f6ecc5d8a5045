import datetime as dt

import pytest
from django.urls import reverse

CASES = [
    ("kind", "repair", {"kind": "repair"}, {"kind": "new"}),
    ("year", "2023", {"handover_date": dt.date(2023, 6, 1)}, {"handover_date": dt.date(2024, 6, 1)}),
]


@pytest.mark.parametrize(("param", "value", "match", "other"), CASES, ids=[c[0] for c in CASES])
def test_it_filters_houses(client, staff, cdcs_a, rows, param, value, match, other):
    wanted = rows.house(cdcs_a, **match)
    rows.house(cdcs_a, **other)
    client.force_login(staff)
    table = client.get(reverse("houses:list"), {param: value}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


def test_it_filters_houses_by_unit_subtree(client, staff, district_b, cdcs_a, cdcs_b, rows):
    rows.house(cdcs_a)
    wanted = rows.house(cdcs_b)
    client.force_login(staff)
    table = client.get(reverse("houses:list"), {"unit": district_b.pk}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]
