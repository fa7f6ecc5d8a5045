"""The welfare summary equals a GROUP BY of the disbursements after every write path."""

import datetime as dt

import pytest
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from tests.returns.conftest import as_file, filled, movement  # noqa: F401  (fixtures)
from unionreport.returns.services import return_import_file
from unionreport.welfare.bulk import disbursements_replace
from unionreport.welfare.models import Disbursement, WelfareSummary
from unionreport.welfare.services import (
    DisbursementData,
    disbursement_create,
    disbursement_delete,
    disbursement_update,
)
from unionreport.welfare.summary import welfare_summary_rebuild, welfare_summary_refresh

pytestmark = pytest.mark.django_db


def raw_groups() -> set[tuple]:
    rows = (Disbursement.objects.order_by().values("unit_id", "occasion", "form", "source", y=ExtractYear("date"))
            .annotate(luot=Sum("person_times"), tien=Sum("amount_vnd")))
    return {(r["unit_id"], r["y"], r["occasion"], r["form"], r["source"], r["luot"], r["tien"]) for r in rows}


def summary_groups() -> set[tuple]:
    return set(WelfareSummary.objects.values_list("unit_id", "year", "occasion", "form", "source", "person_times",
                                                  "amount_vnd"))


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
    assert summary_groups() == raw_groups() == {(cdcs_a.pk, 2024, "tet", "gift", "employer", 6, 2_400_000)}
    disbursements_replace(unit=cdcs_a, year=2024, rows=rows[:1], batch=None)
    assert summary_groups() == raw_groups() == {(cdcs_a.pk, 2024, "tet", "gift", "employer", 2, 800_000)}


def test_it_keeps_the_summary_through_an_import_and_a_reimport(staff, filled, cdcs_a):  # noqa: F811
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    assert summary_groups() == raw_groups()
    assert sum(WelfareSummary.objects.values_list("amount_vnd", flat=True)) == 75_000_000
    wb = filled(welfare=[[1, "01/09/2024", "Khác", "Khác", 3, 300_000, "Khác", ""]], houses=[])
    assert return_import_file(actor=staff, path_or_file=as_file(wb)).ok
    assert summary_groups() == raw_groups() == {(cdcs_a.pk, 2024, "other", "other", "other", 3, 300_000)}
