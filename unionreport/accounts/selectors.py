"""Reading users: what provincial staff see in the user list."""

from django.db.models import QuerySet

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.units.models import Unit
from unionreport.units.selectors import by_level


def users_for(*, actor: User) -> QuerySet[User]:
    """Users attached to a unit the actor may see, with their unit in the same query."""
    return User.objects.filter(unit__in=visible_unit_ids(actor)).select_related("unit").order_by("username")


def units_with_users(*, actor: User) -> QuerySet[Unit]:
    return by_level(Unit.objects.filter(id__in=users_for(actor=actor).values("unit_id")))


def assignable_units() -> QuerySet[Unit]:
    """Units a user can be attached to (open or closed: an officer keeps access to its old subtree)."""
    return by_level(Unit.objects.all())
