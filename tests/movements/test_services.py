import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from unionreport.core import locks
from unionreport.movements.selectors import directive_counts, year_theme
from unionreport.movements.services import (
    DirectiveData,
    MovementData,
    ResultData,
    movement_create,
    movement_delete,
    result_create,
)
from unionreport.reports.services import TargetData, target_create


def test_it_lets_only_staff_keep_the_provinces_lists(officer_a, upper_officer_a, staff, province):
    data = TargetData(year=2024, name="Phát triển đoàn viên mới", measure="người", planned_value=Decimal(5000))
    for actor in (officer_a, upper_officer_a):
        with pytest.raises(PermissionDenied):
            target_create(actor=actor, data=data)
    assert target_create(actor=staff, data=data).planned_value == 5000


def test_it_keeps_movement_names_unique_in_a_year(staff, province, rows):
    rows.movement(year=2024, name="Dân vận khéo")
    with pytest.raises(ValidationError) as error:
        movement_create(actor=staff, data=MovementData(year=2024, name="Dân vận khéo"))
    assert "name" in error.value.message_dict
    assert movement_create(actor=staff, data=MovementData(year=2025, name="Dân vận khéo")).year == 2025


def test_it_refuses_to_delete_a_movement_with_results(staff, cdcs_a, rows):
    result = rows.result(cdcs_a)
    with pytest.raises(ValidationError):
        movement_delete(actor=staff, obj=result.indicator.movement)


def test_it_refuses_a_fraction_for_a_count_and_another_years_movement(officer_a, cdcs_a, rows):
    indicator = rows.indicator(rows.movement(year=2024), kind="count")
    with pytest.raises(ValidationError) as error:
        result_create(actor=officer_a, data=ResultData(unit=cdcs_a, indicator=indicator, year=2024,
                                                       value=Decimal("1.5")))
    assert "value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        result_create(actor=officer_a, data=ResultData(unit=cdcs_a, indicator=indicator, year=2023, value=Decimal(1)))
    assert "indicator" in error.value.message_dict


def test_it_locks_the_provinces_lists_with_the_provinces_year(staff, province, monkeypatch):
    monkeypatch.setattr(locks, "_checkers", [lambda unit_id, year: "Năm 2024 đã khóa sổ." if
                                             (unit_id, year) == (province.pk, 2024) else None])
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        movement_create(actor=staff, data=MovementData(year=2024, name="Lao động giỏi"))
    assert movement_create(actor=staff, data=MovementData(year=2025, name="Lao động giỏi"))


def test_it_counts_directive_documents_by_kind(staff, province, rows):
    for _ in range(6):
        rows.directive(kind="plan")
    for _ in range(3):
        rows.directive(kind="breakthrough")
    rows.directive(kind="plan", year=2023)
    counts = directive_counts(2024)
    assert (counts["plan"], counts["breakthrough"], counts["action_programme"]) == (6, 3, 0)


def test_it_reads_the_year_theme(rows):
    rows.theme(year=2024, theme="Năm tăng cường đối thoại")
    assert year_theme(2024) == "Năm tăng cường đối thoại"
    assert year_theme(2023) == ""


def test_it_checks_the_directive_date_against_the_year(staff, province):
    from unionreport.movements.services import directive_create

    with pytest.raises(ValidationError) as error:
        directive_create(actor=staff, data=DirectiveData(year=2024, kind="plan", number="1/KH",
                                                         issued_on=dt.date(2021, 1, 1), title="Kế hoạch"))
    assert "issued_on" in error.value.message_dict
