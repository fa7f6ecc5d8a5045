"""Reads of welfare disbursements, always through the access rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.welfare.models import Disbursement


def disbursements_for(user: User) -> QuerySet[Disbursement]:
    """Disbursements of the units `user` may see, with their unit (one query per page)."""
    return Disbursement.objects.filter(unit_id__in=visible_unit_ids(user)).select_related("unit")


@dataclass(frozen=True)
class WelfareTotals:
    person_times: int
    amount_vnd: int


def welfare_totals(*, unit_ids, year: int) -> WelfareTotals:
    """Lượt and money of the year for the units `unit_ids` (a subquery such as `subtree_ids`)."""
    row = Disbursement.objects.filter(unit_id__in=unit_ids, date__year=year).aggregate(
        person_times=Coalesce(Sum("person_times"), 0), amount_vnd=Coalesce(Sum("amount_vnd"), 0))
    return WelfareTotals(**row)
