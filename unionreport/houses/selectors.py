"""Reads of Mái ấm Công đoàn houses, always through the access rule."""

from __future__ import annotations

from django.db.models import QuerySet

from unionreport.accounts.access import visible_rows
from unionreport.accounts.models import User
from unionreport.houses.models import House


def houses_for(user: User) -> QuerySet[House]:
    return visible_rows(user, House.objects.all(), date="handover_date", batch="batch").select_related("unit")
