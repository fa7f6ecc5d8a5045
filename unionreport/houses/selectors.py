"""Reads of Mái ấm Công đoàn houses, always through the access rule."""

from __future__ import annotations

from django.db.models import QuerySet

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.houses.models import House


def houses_for(user: User) -> QuerySet[House]:
    return House.objects.filter(unit_id__in=visible_unit_ids(user)).select_related("unit")
