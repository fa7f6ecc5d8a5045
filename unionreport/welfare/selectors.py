"""Reads of welfare disbursements, always through the access rule."""

from __future__ import annotations

from django.db.models import QuerySet

from unionreport.accounts.access import visible_rows
from unionreport.accounts.models import User
from unionreport.welfare.models import Disbursement


def disbursements_for(user: User) -> QuerySet[Disbursement]:
    """Disbursements of the units `user` may see, with their unit (one query per page)."""
    return visible_rows(user, Disbursement.objects.all(), date="date", batch="batch").select_related("unit")
