"""Reads of Mái ấm Công đoàn houses, always through the access rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.houses.models import House


def houses_for(user: User) -> QuerySet[House]:
    return House.objects.filter(unit_id__in=visible_unit_ids(user)).select_related("unit")


@dataclass(frozen=True)
class HouseTotals:
    new: int
    repaired: int
    total_support_vnd: int
    union_fund_vnd: int


def house_totals(*, unit_ids, year: int) -> HouseTotals:
    """Houses handed over in the year by the units `unit_ids` (a subquery such as `subtree_ids`)."""
    row = House.objects.filter(unit_id__in=unit_ids, handover_date__year=year).aggregate(
        new=Count("pk", filter=Q(kind=House.Kind.NEW)), repaired=Count("pk", filter=Q(kind=House.Kind.REPAIR)),
        total_support_vnd=Coalesce(Sum("total_support_vnd"), 0), union_fund_vnd=Coalesce(Sum("union_fund_vnd"), 0))
    return HouseTotals(**row)
