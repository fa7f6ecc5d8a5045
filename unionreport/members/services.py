"""Writes of the roster, workforce and activities: access rule, year lock, the rules shared with Excel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import ensure_can_change
from unionreport.accounts.models import User
from unionreport.core.locks import ensure_editable
from unionreport.lib.db import save_values
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.rules import activity_errors, member_errors, workforce_errors
from unionreport.members.summary import member_summary_refresh
from unionreport.units.models import Unit

NOT_GRASSROOTS = "Chỉ nhập cho công đoàn cơ sở."


def _ensure_grassroots(unit: Unit) -> None:
    if not unit.is_grassroots:
        raise ValidationError({"unit": NOT_GRASSROOTS})


# --- Members -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberData:
    unit: Unit
    card_number: str
    full_name: str
    sex: str
    birth_year: int
    joined_on: dt.date
    left_on: dt.date | None = None


def member_years(joined_on: dt.date, left_on: dt.date | None) -> set[int]:
    """The reporting years whose figures a member row changes (joining and leaving years)."""
    return {joined_on.year} | ({left_on.year} if left_on else set())


def _member_values(actor: User, data: MemberData, exclude_pk: int | None = None) -> dict:
    ensure_can_change(actor, data.unit)
    _ensure_grassroots(data.unit)
    for year in member_years(data.joined_on, data.left_on):
        ensure_editable(data.unit.pk, year)
    errors = member_errors(birth_year=data.birth_year, joined_on=data.joined_on, left_on=data.left_on,
                           year=dt.date.today().year)
    card = data.card_number.strip()
    if Member.objects.filter(unit=data.unit, card_number=card).exclude(pk=exclude_pk).exists():
        errors["card_number"] = f"Số thẻ {card} đã có trong danh sách đoàn viên của đơn vị."
    if errors:
        raise ValidationError(errors)
    return vars(data) | {"card_number": card, "full_name": data.full_name.strip()}


@transaction.atomic
def member_create(*, actor: User, data: MemberData) -> Member:
    obj = Member.objects.create(**_member_values(actor, data))
    member_summary_refresh(unit_ids=[obj.unit_id])
    return obj


@transaction.atomic
def member_update(*, actor: User, obj: Member, data: MemberData) -> Member:
    ensure_can_change(actor, obj.unit)
    for year in member_years(obj.joined_on, obj.left_on):
        ensure_editable(obj.unit_id, year)
    old_unit_id = obj.unit_id
    save_values(obj, _member_values(actor, data, exclude_pk=obj.pk))
    member_summary_refresh(unit_ids=[old_unit_id, obj.unit_id])
    return obj


@transaction.atomic
def member_delete(*, actor: User, obj: Member) -> None:
    ensure_can_change(actor, obj.unit)
    for year in member_years(obj.joined_on, obj.left_on):
        ensure_editable(obj.unit_id, year)
    unit_id = obj.unit_id
    obj.delete()
    member_summary_refresh(unit_ids=[unit_id])


# --- Per CĐCS-year facts: workforce and other activities ---------------------------------------------------

def _unit_year_values(actor: User, model, data, errors: dict, exclude_pk: int | None = None) -> dict:
    ensure_can_change(actor, data.unit)
    _ensure_grassroots(data.unit)
    ensure_editable(data.unit.pk, data.year)
    if model.objects.filter(unit=data.unit, year=data.year).exclude(pk=exclude_pk).exists():
        errors["year"] = f"Đơn vị đã có số liệu năm {data.year}; hãy sửa bản đã có."
    if errors:
        raise ValidationError(errors)
    return vars(data)


@dataclass(frozen=True)
class WorkforceData:
    unit: Unit
    year: int
    total_workers: int = 0
    female_workers: int = 0
    with_contract: int = 0
    with_social_insurance: int = 0
    underemployed: int = 0
    average_income_vnd: int = 0
    wage_arrears_vnd: int = 0
    insurance_arrears_vnd: int = 0
    accidents: int = 0
    accident_deaths: int = 0
    collective_disputes: int = 0


def _workforce_values(actor, data: WorkforceData, exclude_pk=None) -> dict:
    errors = workforce_errors(**{k: v for k, v in vars(data).items() if k != "unit"})
    return _unit_year_values(actor, Workforce, data, errors, exclude_pk)


@transaction.atomic
def workforce_create(*, actor: User, data: WorkforceData) -> Workforce:
    return Workforce.objects.create(**_workforce_values(actor, data))


@transaction.atomic
def workforce_update(*, actor: User, obj: Workforce, data: WorkforceData) -> Workforce:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    return save_values(obj, _workforce_values(actor, data, exclude_pk=obj.pk))


@transaction.atomic
def workforce_delete(*, actor: User, obj: Workforce) -> None:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    obj.delete()


@dataclass(frozen=True)
class ActivityData:
    unit: Unit
    year: int
    dialogues: int = 0
    workers_conference: bool = False
    collective_agreement: bool = False
    training_classes: int = 0
    trainees: int = 0
    party_introduced: int = 0
    party_admitted: int = 0


def _activity_values(actor, data: ActivityData, exclude_pk=None) -> dict:
    errors = activity_errors(party_introduced=data.party_introduced, party_admitted=data.party_admitted)
    return _unit_year_values(actor, Activity, data, errors, exclude_pk)


@transaction.atomic
def activity_create(*, actor: User, data: ActivityData) -> Activity:
    return Activity.objects.create(**_activity_values(actor, data))


@transaction.atomic
def activity_update(*, actor: User, obj: Activity, data: ActivityData) -> Activity:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    return save_values(obj, _activity_values(actor, data, exclude_pk=obj.pk))


@transaction.atomic
def activity_delete(*, actor: User, obj: Activity) -> None:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.year)
    obj.delete()
