"""The welfare list's totals row: from the per unit-year summary for the province's users with no filter but the
year (issue 17: one row per unit-year instead of the year's disbursements), from the rows otherwise; the same
numbers either way."""

import datetime as dt

import pytest
from django.urls import reverse


@pytest.fixture
def spread(rows, cdcs_a, cdcs_b, district_a):
    rows.disbursement(cdcs_a, amount_vnd=1_000_000, person_times=3)
    rows.disbursement(cdcs_a, amount_vnd=2_000_000, person_times=4, occasion="hardship")
    rows.disbursement(cdcs_b, amount_vnd=4_000_000, person_times=5)
    rows.disbursement(district_a, amount_vnd=8_000_000, person_times=6, occasion="union_programme")
    rows.disbursement(cdcs_b, amount_vnd=16_000_000, person_times=7, date=dt.date(2023, 5, 1))


def _totals(client, params):
    return client.get(reverse("welfare:list"), params).context["table"].totals


def test_it_takes_the_provinces_totals_from_the_summary_and_they_equal_the_rows(client, staff, spread):
    from django.db import connection
    from django.db.models import Count, Sum
    from django.test.utils import CaptureQueriesContext

    from unionreport.welfare.models import Disbursement

    client.force_login(staff)
    with CaptureQueriesContext(connection) as captured:
        from_summary = _totals(client, {"year": 2024})
    assert any("welfare_welfaresummary" in q["sql"] for q in captured.captured_queries)
    assert from_summary == {"_count": 4, "person_times": 18, "amount_vnd": 15_000_000}
    summed = Disbursement.objects.filter(date__year=2024).aggregate(
        _count=Count("*"), person_times=Sum("person_times"), amount_vnd=Sum("amount_vnd"))
    assert from_summary == summed


@pytest.mark.parametrize("params", [{"year": 2024, "occasion": "tet"}, {"year": 2024, "ma_don_vi": "CDCS-A"}],
                         ids=["occasion", "code"])
def test_it_sums_the_rows_when_a_filter_is_not_the_summarys(client, staff, spread, params):
    client.force_login(staff)
    table = client.get(reverse("welfare:list"), params).context["table"]
    records = [row.record for row in table.paginated_rows]
    assert table.totals["_count"] == len(records)
    assert table.totals["amount_vnd"] == sum(r.amount_vnd for r in records)


def test_it_sums_the_rows_for_an_upper_officer(client, upper_officer_a, spread):
    """Rows below an upper unit are placed by their date (a CĐCS that moved mid-year): not the summary's."""
    client.force_login(upper_officer_a)
    table = client.get(reverse("welfare:list"), {"year": 2024}).context["table"]
    assert table.totals == {"_count": 3, "person_times": 13, "amount_vnd": 11_000_000}


def test_it_takes_another_years_totals_from_the_summary(client, staff, spread):
    client.force_login(staff)
    assert _totals(client, {"year": 2023}) == {"_count": 1, "person_times": 7, "amount_vnd": 16_000_000}
