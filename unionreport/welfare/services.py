"""Writes of welfare disbursements: access rule, year lock, then the rules shared with the Excel import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import ensure_can_change
from unionreport.accounts.models import User
from unionreport.core.locks import ensure_editable
from unionreport.lib.db import save_values
from unionreport.units.models import Unit
from unionreport.welfare.models import Disbursement
from unionreport.welfare.rules import disbursement_errors
from unionreport.welfare.summary import welfare_summary_refresh


@dataclass(frozen=True)
class DisbursementData:
    unit: Unit
    date: dt.date
    occasion: str
    form: str
    person_times: int
    amount_vnd: int
    source: str
    description: str = ""


def _check(actor: User, data: DisbursementData) -> None:
    ensure_can_change(actor, data.unit)
    ensure_editable(data.unit.pk, data.date.year)
    errors = disbursement_errors(date=data.date, person_times=data.person_times, amount_vnd=data.amount_vnd,
                                 year=data.date.year)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def disbursement_create(*, actor: User, data: DisbursementData) -> Disbursement:
    _check(actor, data)
    obj = Disbursement.objects.create(**vars(data))
    welfare_summary_refresh(unit_ids=[obj.unit_id], years=[obj.date.year])
    return obj


@transaction.atomic
def disbursement_update(*, actor: User, obj: Disbursement, data: DisbursementData) -> Disbursement:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.date.year)
    _check(actor, data)
    old_unit_id, old_year = obj.unit_id, obj.date.year
    save_values(obj, vars(data))
    # one call: the units are locked in id order (two opposite moves cannot deadlock)
    welfare_summary_refresh(unit_ids=[old_unit_id, obj.unit_id], years=[old_year, obj.date.year])
    return obj


@transaction.atomic
def disbursement_delete(*, actor: User, obj: Disbursement) -> None:
    ensure_can_change(actor, obj.unit)
    ensure_editable(obj.unit_id, obj.date.year)
    unit_id, year = obj.unit_id, obj.date.year
    obj.delete()
    welfare_summary_refresh(unit_ids=[unit_id], years=[year])
