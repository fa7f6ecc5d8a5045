"""Reads of the roster, workforce and activities, through the access rule; member counts at a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from unionreport.accounts.access import visible_rows
from unionreport.accounts.models import User
from unionreport.lib.years import year_end
from unionreport.members.models import Activity, Member, Workforce
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids


def members_for(user: User) -> QuerySet[Member]:
    return visible_rows(user, Member.objects.all(), during=("joined_on", "left_on")).select_related("unit")


def workforce_for(user: User) -> QuerySet[Workforce]:
    return visible_rows(user, Workforce.objects.all(), year="year").select_related("unit")


def activities_for(user: User) -> QuerySet[Activity]:
    return visible_rows(user, Activity.objects.all(), year="year").select_related("unit")


def members_current_q(year: int, prefix: str = "") -> Q:
    """The member summary's row of each unit that holds its members at the end of `year`: its last row of a
    year up to `year` (the rows of `year` itself, with the year's joined and left, among them)."""
    return Q(**{f"{prefix}year__lte": year}) & (
        Q(**{f"{prefix}next_year__isnull": True}) | Q(**{f"{prefix}next_year__gt": year}))


def member_on_q(day: dt.date, prefix: str = "") -> Q:
    """A member on `day`: joined on or before it and not yet left (left_on is the first day out)."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day}))


def member_during_q(year: int) -> Q:
    """A member at some time during the year."""
    return Q(joined_on__lte=dt.date(year, 12, 31)) & (Q(left_on__isnull=True) | Q(left_on__gte=dt.date(year, 1, 1)))


@dataclass(frozen=True)
class MemberCounts:
    members: int  # on the as-of date
    female: int
    new: int  # joined during the year
    left: int  # left during the year


def member_counts(*, unit_ids, year: int, as_of: dt.date | None = None) -> MemberCounts:
    """Counts for the units `unit_ids` (a subquery such as `subtree_ids`), in one query."""
    as_of = as_of or year_end(year)
    row = Member.objects.filter(unit_id__in=unit_ids).aggregate(
        members=Count("pk", filter=member_on_q(as_of)),
        female=Count("pk", filter=member_on_q(as_of) & Q(sex=Member.Sex.FEMALE)),
        new=Count("pk", filter=Q(joined_on__year=year)),
        left=Count("pk", filter=Q(left_on__year=year)),
    )
    return MemberCounts(**row)


def member_counts_under(unit: Unit, year: int) -> MemberCounts:
    """Counts of the unit's subtree as of 31/12 of the year (the report's tree)."""
    return member_counts(unit_ids=subtree_ids(unit, year_end(year)), year=year)


@dataclass(frozen=True)
class GrassrootsChanges:
    founded: int
    dissolved: int


def grassroots_changes(*, unit: Unit, year: int) -> GrassrootsChanges:
    """CĐCS founded / dissolved during the year under `unit`, from the dated hierarchy."""
    first, last = dt.date(year, 1, 1), year_end(year)
    base = Unit.objects.filter(level=Unit.Level.GRASSROOTS)
    founded = base.filter(id__in=subtree_ids(unit, last), valid_from__range=(first, last)).count()
    dissolved = base.filter(id__in=subtree_ids(unit, first - dt.timedelta(days=1)),
                            valid_to__range=(first, last)).count()
    return GrassrootsChanges(founded=founded, dissolved=dissolved)
