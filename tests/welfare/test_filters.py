import datetime as dt

import pytest
from django.urls import reverse

CASES = [
    ("occasion", "hardship", {"occasion": "hardship"}, {"occasion": "tet"}),
    ("form", "cash", {"form": "cash"}, {"form": "gift"}),
    ("source", "socialised", {"source": "socialised"}, {"source": "union_funds"}),
    ("year", "2023", {"date": dt.date(2023, 6, 1)}, {"date": dt.date(2024, 6, 1)}),
]


@pytest.mark.parametrize(("param", "value", "match", "other"), CASES, ids=[c[0] for c in CASES])
def test_it_filters_disbursements_by_each_category(client, staff, cdcs_a, rows, param, value, match, other):
    wanted = rows.disbursement(cdcs_a, **match)
    rows.disbursement(cdcs_a, **other)
    client.force_login(staff)
    table = client.get(reverse("welfare:list"), {param: value}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


def test_it_filters_by_a_units_subtree_as_of_the_year_end(client, staff, district_a, cdcs_a, cdcs_b, rows):
    wanted = rows.disbursement(cdcs_a)
    rows.disbursement(cdcs_b)
    own = rows.disbursement(district_a, occasion="union_programme")
    client.force_login(staff)
    table = client.get(reverse("welfare:list"), {"unit": district_a.pk, "year": 2024}).context["table"]
    assert {r.record.pk for r in table.paginated_rows} == {wanted.pk, own.pk}


def test_it_offers_only_visible_units_in_the_unit_filter(client, upper_officer_a, district_a, cdcs_a, cdcs_b):
    client.force_login(upper_officer_a)
    response = client.get(reverse("welfare:list"), {"unit": cdcs_b.pk})
    form = response.context["filter"].form
    assert set(form.fields["unit"].queryset) == {district_a, cdcs_a}
    assert "unit" in form.errors
