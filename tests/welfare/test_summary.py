"""The welfare summary equals a GROUP BY of the disbursements after every write path."""

import datetime as dt
from collections import defaultdict

import pytest

from tests.returns.conftest import as_file, filled, movement  # noqa: F401  (fixtures)
from unionreport.returns.services import return_import_file
from unionreport.welfare.bulk import disbursements_replace
from unionreport.welfare.models import BREAKDOWN_COLUMNS, Disbursement, WelfareSummary
from unionreport.welfare.services import (
    DisbursementData,
    disbursement_create,
    disbursement_delete,
    disbursement_update,
)
from unionreport.welfare.summary import summary_values, welfare_summary_rebuild, welfare_summary_refresh

pytestmark = pytest.mark.django_db


COLUMNS = ("person_times", "amount_vnd", *(column for *_, column in BREAKDOWN_COLUMNS))


def group(unit_id, year, rows) -> tuple:
    """The summary row of (occasion, form, source, lượt, tiền) rows of a unit-year, as a comparable tuple."""
    return unit_id, year, tuple(sorted(summary_values(rows).items()))


def raw_groups() -> set[tuple]:
    """The disbursements of each unit-year summed in Python, by occasion, by form and by source."""
    rows: dict[tuple, list] = defaultdict(list)
    for unit_id, day, *values in Disbursement.objects.values_list("unit_id", "date", "occasion", "form", "source",
                                                                   "person_times", "amount_vnd"):
        rows[(unit_id, day.year)].append(values)
    return {group(unit_id, year, values) for (unit_id, year), values in rows.items()}


def summary_groups() -> set[tuple]:
    return {(r.pop("unit_id"), r.pop("year"), tuple(sorted(r.items())))
            for r in WelfareSummary.objects.values("unit_id", "year", *COLUMNS)}


def data(unit, day, luot=10, tien=5_000_000, occasion="tet"):
    return DisbursementData(unit=unit, date=day, occasion=occasion, form="gift", person_times=luot, amount_vnd=tien,
                            source="union_funds")


def test_it_keeps_the_summary_equal_to_the_rows_through_the_services(staff, cdcs_a, cdcs_b):
    a = disbursement_create(actor=staff, data=data(cdcs_a, dt.date(2024, 1, 20)))
    disbursement_create(actor=staff, data=data(cdcs_a, dt.date(2024, 2, 1), luot=4, tien=2_000_000))
    b = disbursement_create(actor=staff, data=data(cdcs_b, dt.date(2024, 5, 1), occasion="workers_month"))
    assert summary_groups() == raw_groups()
    assert WelfareSummary.objects.get(unit=cdcs_a, year=2024).person_times == 14
    disbursement_update(actor=staff, obj=a, data=data(cdcs_a, dt.date(2024, 1, 20), luot=11, tien=6_000_000))
    assert summary_groups() == raw_groups()
    disbursement_delete(actor=staff, obj=b)
    assert summary_groups() == raw_groups()
    assert not WelfareSummary.objects.filter(unit=cdcs_b).exists()


def test_it_moves_the_figures_when_a_row_moves_to_another_year_or_unit(staff, cdcs_a, cdcs_b):
    row = disbursement_create(actor=staff, data=data(cdcs_a, dt.date(2024, 1, 20)))
    disbursement_update(actor=staff, obj=row, data=data(cdcs_a, dt.date(2023, 12, 20)))
    assert summary_groups() == raw_groups()
    assert list(WelfareSummary.objects.values_list("year", flat=True)) == [2023]
    disbursement_update(actor=staff, obj=row, data=data(cdcs_b, dt.date(2023, 12, 20)))
    assert summary_groups() == raw_groups()
    assert list(WelfareSummary.objects.values_list("unit_id", flat=True)) == [cdcs_b.pk]


def test_it_refreshes_exactly_the_units_and_years_asked(cdcs_a, cdcs_b):
    for unit, day in ((cdcs_a, dt.date(2024, 1, 2)), (cdcs_a, dt.date(2023, 1, 2)), (cdcs_b, dt.date(2024, 1, 2))):
        Disbursement.objects.create(unit=unit, date=day, occasion="tet", form="gift", person_times=1,
                                    amount_vnd=100_000, source="union_funds")
    welfare_summary_refresh(unit_ids=[cdcs_a.pk], years=[2024])
    assert set(WelfareSummary.objects.values_list("unit_id", "year")) == {(cdcs_a.pk, 2024)}
    welfare_summary_rebuild()
    assert summary_groups() == raw_groups() and WelfareSummary.objects.count() == 3


def test_it_replaces_the_summary_with_the_excel_rows(cdcs_a):
    rows = [{"date": dt.date(2024, 3, 1), "occasion": "tet", "form": "gift", "person_times": 2, "amount_vnd": 800_000,
             "source": "employer", "description": None}] * 3
    disbursements_replace(unit=cdcs_a, year=2024, rows=rows, batch=None)
    assert summary_groups() == raw_groups() == {group(cdcs_a.pk, 2024, [("tet", "gift", "employer", 6, 2_400_000)])}
    disbursements_replace(unit=cdcs_a, year=2024, rows=rows[:1], batch=None)
    assert summary_groups() == raw_groups() == {group(cdcs_a.pk, 2024, [("tet", "gift", "employer", 2, 800_000)])}


def test_it_keeps_the_summary_through_an_import_and_a_reimport(staff, filled, cdcs_a):  # noqa: F811
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    assert summary_groups() == raw_groups()
    assert sum(WelfareSummary.objects.values_list("amount_vnd", flat=True)) == 75_000_000
    wb = filled(welfare=[[1, "01/09/2024", "Khác", "Khác", 3, 300_000, "Khác", ""]], houses=[])
    assert return_import_file(actor=staff, path_or_file=as_file(wb)).ok
    assert summary_groups() == raw_groups() == {group(cdcs_a.pk, 2024, [("other", "other", "other", 3, 300_000)])}


def test_it_keeps_one_row_per_unit_year_with_the_totals_by_occasion_form_and_source(cdcs_a):
    for occasion, form, source, luot, tien in (("tet", "gift", "employer", 2, 800_000),
                                               ("tet", "cash", "union_funds", 3, 1_500_000),
                                               ("hardship", "gift", "union_funds", 1, 1_000_000)):
        Disbursement.objects.create(unit=cdcs_a, date=dt.date(2024, 2, 1), occasion=occasion, form=form,
                                    person_times=luot, amount_vnd=tien, source=source)
    welfare_summary_refresh(unit_ids=[cdcs_a.pk], years=[2024])
    row = WelfareSummary.objects.get()  # the figures scan a row per unit-year, not one per occasion × form × source
    assert (row.person_times, row.amount_vnd) == (6, 3_300_000)
    assert (row.occasion_tet_person_times, row.occasion_tet_amount_vnd) == (5, 2_300_000)
    assert (row.form_gift_person_times, row.form_gift_amount_vnd) == (3, 1_800_000)
    assert (row.source_union_funds_person_times, row.source_union_funds_amount_vnd) == (4, 2_500_000)
    assert (row.source_socialised_person_times, row.occasion_other_amount_vnd) == (0, 0)
