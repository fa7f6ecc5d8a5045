"""Reads of the reports app's own rows: the narrative of a unit's year and the year's targets."""

from __future__ import annotations

from django.db.models import QuerySet

from unionreport.accounts.models import User
from unionreport.movements.selectors import with_province
from unionreport.reports.models import ReportNarrative, Target
from unionreport.units.models import Unit


def narrative_for(unit: Unit, year: int) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(unit=unit, year=year).first()


def targets_for(user: User) -> QuerySet[Target]:
    """The province's targets: every signed-in user may read them (the province's rows lock with its year)."""
    return with_province(Target.objects.all())
