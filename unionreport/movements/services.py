"""Writes of movements, indicators, results, directive documents and year themes.

The province's lists (movements and their indicators, documents, themes) are
kept by provincial staff; a year locked for the province root is locked for them too.
Results belong to a unit: access rule, lock of (unit, year), then the rules shared with Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import ensure_can_change, require_staff
from unionreport.accounts.models import User
from unionreport.core.locks import ensure_editable
from unionreport.lib.db import save_values
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme
from unionreport.movements.rules import result_errors
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root


def ensure_province_year_open(year: int) -> None:
    root = province_root()
    if root is not None:
        ensure_editable(root.pk, year)


def check_staff_and_year_open(actor: User, *years: int) -> None:
    require_staff(actor)
    for year in set(years):
        ensure_province_year_open(year)


def _unique(model, errors: dict, field: str, message: str, exclude_pk=None, **lookup) -> None:
    if model.objects.filter(**lookup).exclude(pk=exclude_pk).exists():
        errors[field] = message


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- Movements ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MovementData:
    year: int
    name: str
    order: int = 0
    active: bool = True


def _movement_values(data: MovementData, exclude_pk=None) -> dict:
    errors: dict = {}
    _unique(Movement, errors, "name", f"Năm {data.year} đã có phong trào “{data.name}”.", exclude_pk,
            year=data.year, name=data.name.strip())
    _raise(errors)
    return vars(data) | {"name": data.name.strip()}


@transaction.atomic
def movement_create(*, actor: User, data: MovementData) -> Movement:
    check_staff_and_year_open(actor, data.year)
    return Movement.objects.create(**_movement_values(data))


@transaction.atomic
def movement_update(*, actor: User, obj: Movement, data: MovementData) -> Movement:
    check_staff_and_year_open(actor, obj.year, data.year)
    if data.year != obj.year and obj.indicators.filter(results__isnull=False).exists():
        raise ValidationError({"year": "Phong trào đã có kết quả của các đơn vị; không đổi năm được."})
    return save_values(obj, _movement_values(data, obj.pk))


@transaction.atomic
def movement_delete(*, actor: User, obj: Movement) -> None:
    check_staff_and_year_open(actor, obj.year)
    if MovementResult.objects.filter(indicator__movement=obj).exists():
        raise ValidationError("Phong trào đã có kết quả của các đơn vị; hãy ngừng phát động thay vì xóa.")
    obj.delete()


# --- Indicators --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorData:
    movement: Movement
    name: str
    kind: str
    measure: str = ""
    order: int = 0


def _indicator_values(data: IndicatorData, exclude_pk=None) -> dict:
    errors: dict = {}
    _unique(Indicator, errors, "name", f"Phong trào đã có chỉ tiêu “{data.name}”.", exclude_pk,
            movement=data.movement, name=data.name.strip())
    _raise(errors)
    return vars(data) | {"name": data.name.strip()}


@transaction.atomic
def indicator_create(*, actor: User, data: IndicatorData) -> Indicator:
    check_staff_and_year_open(actor, data.movement.year)
    return Indicator.objects.create(**_indicator_values(data))


@transaction.atomic
def indicator_update(*, actor: User, obj: Indicator, data: IndicatorData) -> Indicator:
    check_staff_and_year_open(actor, obj.movement.year, data.movement.year)
    if obj.results.exists() and (data.movement != obj.movement or data.kind != obj.kind):
        raise ValidationError({"kind": "Chỉ tiêu đã có kết quả; không đổi phong trào hay loại được."})
    return save_values(obj, _indicator_values(data, obj.pk))


@transaction.atomic
def indicator_delete(*, actor: User, obj: Indicator) -> None:
    check_staff_and_year_open(actor, obj.movement.year)
    if obj.results.exists():
        raise ValidationError("Chỉ tiêu đã có kết quả của các đơn vị; không xóa được.")
    obj.delete()


# --- Results per unit per year -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ResultData:
    unit: Unit
    indicator: Indicator
    year: int
    value: Decimal
    note: str = ""


def _result_values(actor: User, data: ResultData) -> dict:
    ensure_can_change(actor, data.unit)
    ensure_editable(data.unit.pk, data.year)
    _raise(result_errors(indicator=data.indicator, value=data.value, year=data.year))
    return vars(data)


@transaction.atomic
def result_create(*, actor: User, data: ResultData) -> MovementResult:
    return MovementResult.objects.create(**_result_values(actor, data))


@transaction.atomic
def result_update(*, actor: User, obj: MovementResult, data: ResultData) -> MovementResult:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    return save_values(obj, _result_values(actor, data))


@transaction.atomic
def result_delete(*, actor: User, obj: MovementResult) -> None:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    obj.delete()


# --- Directive documents, year themes -------------------------------------------------------------

@dataclass(frozen=True)
class DirectiveData:
    year: int
    kind: str
    number: str
    issued_on: dt.date
    title: str


def _directive_values(data: DirectiveData) -> dict:
    errors: dict = {}
    if data.issued_on.year not in (data.year - 1, data.year):
        errors["issued_on"] = f"Ngày ban hành phải trong năm {data.year} (hoặc cuối năm {data.year - 1})."
    _raise(errors)
    return vars(data)


@transaction.atomic
def directive_create(*, actor: User, data: DirectiveData) -> DirectiveDocument:
    check_staff_and_year_open(actor, data.year)
    return DirectiveDocument.objects.create(**_directive_values(data))


@transaction.atomic
def directive_update(*, actor: User, obj: DirectiveDocument, data: DirectiveData) -> DirectiveDocument:
    check_staff_and_year_open(actor, obj.year, data.year)
    return save_values(obj, _directive_values(data))


@transaction.atomic
def directive_delete(*, actor: User, obj: DirectiveDocument) -> None:
    check_staff_and_year_open(actor, obj.year)
    obj.delete()


@dataclass(frozen=True)
class YearThemeData:
    year: int
    theme: str


def _theme_values(data: YearThemeData, exclude_pk=None) -> dict:
    errors: dict = {}
    _unique(YearTheme, errors, "year", f"Năm {data.year} đã có chủ đề; hãy sửa chủ đề đã có.", exclude_pk,
            year=data.year)
    _raise(errors)
    return vars(data) | {"theme": data.theme.strip()}


@transaction.atomic
def year_theme_create(*, actor: User, data: YearThemeData) -> YearTheme:
    check_staff_and_year_open(actor, data.year)
    return YearTheme.objects.create(**_theme_values(data))


@transaction.atomic
def year_theme_update(*, actor: User, obj: YearTheme, data: YearThemeData) -> YearTheme:
    check_staff_and_year_open(actor, obj.year, data.year)
    return save_values(obj, _theme_values(data, obj.pk))


@transaction.atomic
def year_theme_delete(*, actor: User, obj: YearTheme) -> None:
    check_staff_and_year_open(actor, obj.year)
    obj.delete()
