"""Reading users: what provincial staff see in the user list, and the accounts a reorganisation left to review."""

import datetime as dt

from django.db.models import QuerySet

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.units.models import Unit
from unionreport.units.selectors import by_level, subtree_ids


def users_for(*, actor: User) -> QuerySet[User]:
    """Users attached to a unit the actor may see, with their unit in the same query."""
    return User.objects.filter(unit__in=visible_unit_ids(actor)).select_related("unit").order_by("username")


def units_with_users(*, actor: User) -> QuerySet[Unit]:
    return by_level(Unit.objects.filter(id__in=users_for(actor=actor).values("unit_id")))


def assignable_units() -> QuerySet[Unit]:
    """Units a user can be attached to (open or closed: an officer keeps access to its old subtree)."""
    return by_level(Unit.objects.all())


def accounts_of_closed_units(*, actor: User, today: dt.date) -> QuerySet[User]:
    """Active accounts whose unit has closed (merged, split, dissolved): move them or turn them off."""
    return (users_for(actor=actor).filter(is_active=True, unit__valid_to__lte=today)
            .order_by("unit__valid_to", "unit__code", "username"))


def units_without_officer(*, actor: User, today: dt.date) -> QuerySet[Unit]:
    """Open upper-level and commune unions with no active officer: their CĐCS's returns go up to the province."""
    officers = User.objects.filter(is_active=True, role=User.Role.UPPER_OFFICER).values("unit_id")
    return by_level(Unit.objects.filter(id__in=subtree_ids(actor.unit_id, today),
                                        level__in=[Unit.Level.UPPER, Unit.Level.COMMUNE])
                    .exclude(id__in=officers))
