"""Writes of Mái ấm Công đoàn houses: access rule, year lock, the rules shared with the Excel import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import ensure_can_change
from unionreport.accounts.models import User
from unionreport.core.locks import ensure_editable
from unionreport.houses.models import House
from unionreport.houses.rules import house_errors
from unionreport.lib.db import save_values
from unionreport.members.models import Member
from unionreport.units.models import Unit


@dataclass(frozen=True)
class HouseData:
    unit: Unit
    member_name: str
    kind: str
    total_support_vnd: int
    handover_date: dt.date
    union_fund_vnd: int | None = None
    address: str = ""
    member_card: str = ""  # when given, the member must be on the unit's roster


def _values(actor: User, data: HouseData) -> dict:
    ensure_can_change(actor, data.unit)
    ensure_editable(data.unit.pk, data.handover_date.year)
    errors = house_errors(total_support_vnd=data.total_support_vnd, union_fund_vnd=data.union_fund_vnd,
                          handover_date=data.handover_date, year=data.handover_date.year)
    member = None
    if data.member_card:
        member = Member.objects.filter(unit=data.unit, card_number=data.member_card.strip()).first()
        if member is None:
            errors["member_card"] = f"Không có đoàn viên số thẻ {data.member_card} trong danh sách của đơn vị."
    if errors:
        raise ValidationError(errors)
    values = {k: v for k, v in vars(data).items() if k != "member_card"}
    return values | {"member": member, "address": data.address or ""}


@transaction.atomic
def house_create(*, actor: User, data: HouseData) -> House:
    return House.objects.create(**_values(actor, data))


@transaction.atomic
def house_update(*, actor: User, obj: House, data: HouseData) -> House:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.handover_date.year)
    return save_values(obj, _values(actor, data))


@transaction.atomic
def house_delete(*, actor: User, obj: House) -> None:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.handover_date.year)
    obj.delete()
