"""Reads of welfare disbursements, always through the access rule."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from unionreport.accounts.access import reads_by_unit_alone, visible_rows
from unionreport.accounts.models import User
from unionreport.welfare.models import Disbursement, WelfareSummary


def disbursements_for(user: User) -> QuerySet[Disbursement]:
    """Disbursements of the units `user` may see, with their unit (one query per page)."""
    return visible_rows(user, Disbursement.objects.all(), date="date", batch="batch").select_related("unit")


def list_totals_from_summary(filterset) -> dict | None:
    """The welfare list's totals row (count, person-times, amount) from the per unit-year summary, when it states
    them exactly: a user whose rows depend on their unit alone (the province's) and no filter but the year. One
    sum over ~12.000 rows a year instead of the year's 2,5 M disbursements (issue 17: the whole-province list).
    None otherwise: the list sums its rows."""
    user = getattr(filterset.request, "user", None)
    form = filterset.form
    if user is None or not form.is_valid() or not reads_by_unit_alone(user):
        return None
    if any(value not in (None, "") for name, value in form.cleaned_data.items() if name != "year"):
        return None
    rows = visible_rows(user, WelfareSummary.objects.all())
    if form.cleaned_data.get("year"):
        rows = rows.filter(year=form.cleaned_data["year"])
    return rows.aggregate(_count=Coalesce(Sum("disbursements"), 0), person_times=Sum("person_times"),
                          amount_vnd=Sum("amount_vnd"))
