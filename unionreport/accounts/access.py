"""The one access rule: a user sees its own unit's subtree (at any date) and changes it unless read-only.

Every view, selector call and export decides through these functions. A unit outside
the user's subtree answers 404 (not 403) so that its existence is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from unionreport.accounts.models import User
from unionreport.units.models import Unit
from unionreport.units.selectors import ever_subtree_ids

WRITER_ROLES = {User.Role.PROVINCE_STAFF, User.Role.UPPER_OFFICER, User.Role.GRASSROOTS_OFFICER}


def visible_unit_ids(user: User) -> QuerySet:
    """Ids of the units `user` may see, as a subquery: its unit and everything ever below it."""
    if not user.is_authenticated or user.unit_id is None or not user.is_active:
        return Unit.objects.none().values("id")
    return ever_subtree_ids(user.unit_id)


def visible_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=visible_unit_ids(user))


def can_see(user: User, unit: Unit | int) -> bool:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return visible_units(user).filter(pk=unit_id).exists()


def can_change(user: User, unit: Unit | int) -> bool:
    """Leadership is read-only; other roles change what they see."""
    return user.is_authenticated and user.role in WRITER_ROLES and can_see(user, unit)


def get_visible_unit_or_404(user: User, code: str) -> Unit:
    try:
        return visible_units(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị.") from None


def get_changeable_unit_or_404(user: User, code: str) -> Unit:
    unit = get_visible_unit_or_404(user, code)
    if user.role not in WRITER_ROLES:
        raise PermissionDenied("Tài khoản chỉ được xem, không được thay đổi.")
    return unit


def ensure_can_change(user: User, unit: Unit) -> None:
    """For services: raise PermissionDenied unless `user` may change data of `unit`."""
    if not can_change(user, unit):
        raise PermissionDenied("Bạn không có quyền thay đổi dữ liệu của đơn vị này.")


def visible_or_404(user: User, queryset: QuerySet, unit_field: str = "unit", **lookup):
    """Fetch one row of a domain table by `lookup`, 404 unless its unit is visible to `user`."""
    try:
        return queryset.filter(**{f"{unit_field}__in": visible_unit_ids(user)}).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Không tìm thấy dữ liệu.") from None


def require_staff(user: User) -> None:
    """Provincial staff only (units, users, deadlines, narrative)."""
    if not (user.is_authenticated and user.is_province_staff):
        raise PermissionDenied("Chỉ cán bộ LĐLĐ tỉnh được thực hiện thao tác này.")
