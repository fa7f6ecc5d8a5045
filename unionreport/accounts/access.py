"""The one access rule: a user SEES every unit ever below its unit, CHANGES today's subtree and APPROVES
the returns of today's subtree at its step.

Reading covers history, for the time a unit was below: the officer of a district federation
dissolved in 2025 still reads its former CĐCS's 2024 rows, not what the CĐCS filed after it moved
to its commune union (`visible_rows`, `sees_year`, `visible_or_404`; a year is placed as the figures
place it, `units.rollup.placed_q`). Units below the user's unit today bring their whole history with
them (a province that absorbed another reads the other's past).

Changing follows today's structure: a user changes (and approves returns of) only the units below
its unit as of today, and only while its own unit is open; leadership never changes anything;
provincial staff change the whole province (its root stays open), closed units' history included.

Approving has two steps: the upper level (an upper-level officer, or provincial staff acting for
it) approves the returns of the CĐCS below it today, never its own unit's; the province (its
staff) approves after it. A return waits, at the upper step, for its CĐCS's upper unit of today;
where that unit has no active officer, for the next unit up that has one, the province at the top
(`approval_route`, `upper_step_unit_ids`): its staff then act "thay cho cấp trên (chưa có tài khoản)".

Every view, selector call and export decides through these functions. A unit outside
the user's subtree answers 404 (not 403) so that its existence is not revealed; a unit
the user sees but may not change answers 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from unionreport.accounts.models import User
from unionreport.lib.formatting import format_date
from unionreport.units.models import Unit, UnitPath
from unionreport.units.rollup import placed_q
from unionreport.units.selectors import ever_subtree_ids, subtree_ids, valid_on_q

WRITER_ROLES = {User.Role.PROVINCE_STAFF, User.Role.UPPER_OFFICER, User.Role.GRASSROOTS_OFFICER}
APPROVER_ROLES = {User.Role.PROVINCE_STAFF, User.Role.UPPER_OFFICER}
UPPER_STEP, PROVINCE_STEP = "upper", "province"  # the two approval steps of a return


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


def may_change_anything(user: User, on: dt.date | None = None) -> bool:
    """A writer role whose own unit is open today (or on the date `on`; no query once `user.unit` is loaded)."""
    if not (user.is_authenticated and user.is_active and user.unit_id and user.role in WRITER_ROLES):
        return False
    return user.is_province_staff or user.unit.is_open_on(on or timezone.localdate())


def ensure_may_change_anything(user: User) -> None:
    """403 with the reason: a read-only role, or an account of a unit closed (dissolved, merged) today."""
    if may_change_anything(user):
        return
    if user.is_authenticated and user.role in WRITER_ROLES and user.unit_id and user.unit.valid_to:
        raise PermissionDenied(f"{user.unit.name} đã ngừng hoạt động từ {format_date(user.unit.valid_to)}: "
                               "tài khoản chỉ được xem số liệu các năm trước, không được thay đổi.")
    raise PermissionDenied("Tài khoản chỉ được xem, không được thay đổi.")


def changeable_unit_ids(user: User, on: dt.date | None = None) -> QuerySet:
    """Ids of the units `user` may change, as a subquery: its unit's subtree as of today (or `on`: what a
    person could change on that date, for records written afterwards such as the demo's past years).

    Provincial staff: every unit of the province (closed ones too, whose history nobody
    else may correct). Leadership, inactive users and users of a closed unit: none.
    """
    if not may_change_anything(user, on):
        return Unit.objects.none().values("id")
    if user.is_province_staff:
        return ever_subtree_ids(user.unit_id)
    return subtree_ids(user.unit_id, on or timezone.localdate())


def changeable_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=changeable_unit_ids(user))


def changeable_among(user: User, unit_ids, on: dt.date | None = None) -> set[int]:
    """The ids among `unit_ids` that `user` may change: at most one query (lists: one per page)."""
    unit_ids = {int(unit_id) for unit_id in unit_ids if unit_id is not None}
    if not unit_ids or not may_change_anything(user, on):
        return set()
    if user.is_province_staff:
        return unit_ids
    return set(Unit.objects.filter(id__in=changeable_unit_ids(user, on), pk__in=unit_ids)
               .values_list("pk", flat=True))


def can_change(user: User, unit: Unit | int, on: dt.date | None = None) -> bool:
    """Leadership is read-only; writers change their unit's subtree as of today (or `on`)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return bool(changeable_among(user, [unit_id], on))


def get_visible_unit_or_404(user: User, code: str) -> Unit:
    try:
        return visible_units(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị.") from None


def get_changeable_unit_or_404(user: User, code: str) -> Unit:
    unit = get_visible_unit_or_404(user, code)
    ensure_can_change(user, unit)
    return unit


def ensure_can_change(user: User, unit: Unit | int) -> None:
    """For services and views: raise PermissionDenied unless `user` may change data of `unit`."""
    if user.is_authenticated and user.role not in WRITER_ROLES:
        raise PermissionDenied("Tài khoản chỉ được xem, không được thay đổi.")
    if not can_change(user, unit):
        raise PermissionDenied("Bạn không có quyền thay đổi dữ liệu của đơn vị này: theo tổ chức hiện nay, "
                               "đơn vị không thuộc phạm vi quản lý của bạn nên chỉ được xem.")


# --- Reading a unit's facts of a time: only for the time it was below the user's unit -----------------------

def reads_by_unit_alone(user: User) -> bool:
    """Does `user` read every row of a unit whatever its date (a user of an open root unit, the province, reads
    everything ever below it)? Then the rows `visible_rows` gives depend on their unit only, and sums kept per
    unit-year (the welfare summary) add up to the same totals as the rows."""
    return user.is_authenticated and user.is_active and _sees_all_history(user)


def _sees_all_history(user: User) -> bool:
    """A user of an open root unit (the province) reads everything ever below it: no time bound is needed."""
    return bool(user.unit_id) and user.unit.valid_to is None and user.unit.level == Unit.Level.PROVINCE


def _paths_of(unit_ref: str, user: User) -> QuerySet:
    return UnitPath.objects.filter(unit=OuterRef(unit_ref), ancestor=user.unit_id)


def _ever_below_root_q(unit_ref: str, user: User) -> Q:
    """Rows of units ever below the user's root unit, said as "not of a unit outside it".

    The same rows (every row has a unit): below the province are nearly all units (12.120 of 12.151 at the
    merged size), outside it a few (absorbed provinces' units that closed before the merger). As
    `unit_id IN (the 12.120)` PostgreSQL hash-joins millions of rows (the year's 2,5 M welfare rows of the
    whole-province list); as `NOT unit_id IN (the 31)` it checks each row against a small hashed set inside
    the scan, and the list's aggregate reads only the index (welfare list: 0,8 → 0,35 s under load)."""
    outside = Unit.objects.exclude(id__in=ever_subtree_ids(user.unit_id)).values("id")
    return ~Q(**{f"{unit_ref}__in": outside})


def visible_rows(user: User, queryset: QuerySet, *, unit_field: str = "unit", date: str | None = None,
                 batch: str | None = None, year: str | None = None, during: tuple[str, str] | None = None
                 ) -> QuerySet:
    """The rows of `queryset` that `user` may read: of units below its unit today (their whole history), or of
    units that were below it when the fact happened — on the row's `date`, in its `year` (placed as the year's
    figures place it), or at some time `during` (start field, end field or None) for a membership.

    A dated row that came with a return (`batch`: its import batch, which has the return's year) was filed with
    that return, so it is placed as the return is, by the year: the 2025 return of a CĐCS that moved in July
    2025, filed in December, takes its January welfare rows along to the new upper unit; a row typed in by hand
    keeps its date."""
    if not user.is_authenticated or user.unit_id is None or not user.is_active:
        return queryset.none()
    unit_ref = f"{unit_field}_id"
    if _sees_all_history(user):
        return queryset.filter(_ever_below_root_q(unit_ref, user))
    rows = queryset.filter(**{f"{unit_ref}__in": ever_subtree_ids(user.unit_id)})
    paths = _paths_of(unit_ref, user)
    if date is not None:
        then = Exists(paths.filter(Q(valid_from__lte=OuterRef(date)) & (Q(valid_to__isnull=True)
                                                                        | Q(valid_to__gt=OuterRef(date)))))
        if batch is not None:
            filed = Exists(paths.filter(placed_q(OuterRef(f"{batch}__year"))))
            then = Q(**{f"{batch}__isnull": True}) & then | Q(**{f"{batch}__isnull": False}) & filed
    elif year is not None:
        then = Exists(paths.filter(placed_q(OuterRef(year))))
    elif during is not None:  # the path's interval overlaps [start, end)
        start, end = during
        then = Exists(paths.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(start))).filter(
            valid_from__lt=Coalesce(OuterRef(end), Value(dt.date.max))))
    else:
        return rows
    today = subtree_ids(user.unit_id, timezone.localdate()) if user.unit.is_open_on(timezone.localdate()) else None
    now_below = Q(**{f"{unit_ref}__in": today}) if today is not None else Q(pk__in=[])
    return rows.filter(now_below | then)


def sees_year(user: User, unit: Unit, year: int) -> bool:
    """May `user` read `unit`'s facts of `year` (its return, rows, report)? One rule with `visible_rows`."""
    if not can_see(user, unit):
        return False
    if _sees_all_history(user) or unit.pk == user.unit_id:
        return True
    today = timezone.localdate()
    if user.unit.is_open_on(today) and subtree_ids(user.unit_id, today).filter(unit_id=unit.pk).exists():
        return True
    return UnitPath.objects.filter(placed_q(year), unit=unit, ancestor=user.unit_id).exists()


def ensure_sees_year(user: User, unit: Unit, year: int) -> None:
    """404 (nothing revealed) unless `user` may read `unit`'s facts of `year`."""
    if not sees_year(user, unit, year):
        raise Http404("Không tìm thấy dữ liệu của năm này.")


def visible_or_404(user: User, queryset: QuerySet, unit_field: str = "unit", *, year_field: str | None = None,
                   **lookup):
    """Fetch one row of a domain table by `lookup`, 404 unless its unit is visible to `user` — and, for a row of a
    year (a return's file, a reopen request: `year_field`), unless the unit was below the user's unit in that
    year (`visible_rows`)."""
    if year_field is not None:
        rows = visible_rows(user, queryset, unit_field=unit_field, year=year_field)
    else:
        rows = queryset.filter(**{f"{unit_field}__in": visible_unit_ids(user)})
    try:
        return rows.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Không tìm thấy dữ liệu.") from None


def owned_or_404(user: User, queryset: QuerySet, owner_field: str = "user", **lookup):
    """Fetch one row that belongs to `user` alone (a background export's file), 404 for anyone else — provincial
    staff included: what it holds was scoped to its owner when it was made."""
    try:
        return queryset.get(**{owner_field: user}, **lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Không tìm thấy dữ liệu.") from None


def require_staff(user: User) -> None:
    """Provincial staff only (units, users, deadlines, narrative)."""
    if not (user.is_authenticated and user.is_province_staff):
        raise PermissionDenied("Chỉ cán bộ LĐLĐ tỉnh được thực hiện thao tác này.")


def is_approver(user: User) -> bool:
    """A role that approves returns at all (which ones: `can_approve`)."""
    return user.is_authenticated and user.is_active and user.role in APPROVER_ROLES


def can_approve(user: User, unit: Unit, step: str, on: dt.date | None = None) -> bool:
    """May `user` approve (or send back) `unit`'s return at `step` (today, or on the date `on`)?

    Upper step: an approver who may change the unit today and is not the unit itself (the officer of a
    dissolved district no longer approves its former CĐCS). Province step: provincial staff."""
    if not is_approver(user):
        return False
    if step == PROVINCE_STEP:
        return user.is_province_staff
    return user.unit_id != unit.pk and can_change(user, unit, on)


def ensure_can_approve(user: User, unit: Unit, step: str, *, action: str = "duyệt", on: dt.date | None = None
                       ) -> None:
    """PermissionDenied (Vietnamese, naming who may) unless `can_approve`."""
    if can_approve(user, unit, step, on):
        return
    if step == PROVINCE_STEP:
        raise PermissionDenied(f"Chỉ cán bộ LĐLĐ tỉnh mới {action} được báo cáo ở bước này.")
    raise PermissionDenied(f"Chỉ công đoàn cấp trên của đơn vị mới {action} được báo cáo này.")


# ---------------------------------------------------------------- the approval route (who waits for a return)

ACTING_LABEL = "thay cho cấp trên (chưa có tài khoản)"


def _officer_unit_ids(day: dt.date) -> QuerySet:
    """Ids of the units open on `day` that have an active upper-level officer, as a subquery."""
    return (User.objects.filter(is_active=True, role=User.Role.UPPER_OFFICER, unit__valid_from__lte=day)
            .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gt=day)).values("unit_id"))


def upper_step_unit_ids(user: User, on: dt.date | None = None) -> QuerySet:
    """Ids of the units whose returns wait for `user` at the upper step, as a subquery: below the user's unit
    today, with no unit in between that has an active officer (staff: the units with no officer above them
    below the province). Empty for roles that do not approve and accounts of closed units."""
    if not is_approver(user) or not may_change_anything(user, on):
        return Unit.objects.none().values("id")
    day = on or timezone.localdate()
    below = UnitPath.objects.filter(valid_on_q(day), ancestor_id=user.unit_id, depth__gt=0)
    # A unit up the tree from U that is nearer than the user's unit is a unit strictly below the user's unit (the
    # day's paths form a tree): the units under such a unit with an officer, as one set, not a correlated
    # NOT EXISTS per path (which PostgreSQL ran as a nested loop over every pair: 0,5 s for staff at the merged
    # size, twice per dashboard).
    nearer_officers = _officer_unit_ids(day).filter(unit_id__in=below.values("unit_id"))
    under_nearer = UnitPath.objects.filter(valid_on_q(day), depth__gt=0, ancestor_id__in=nearer_officers)
    return below.exclude(unit_id__in=under_nearer.values("unit_id")).values("unit_id")


def acting_unit_ids(on: dt.date | None = None) -> QuerySet:
    """Ids of the units whose upper unit of today has no active officer, as a subquery (the queue's
    "thay cho cấp trên (chưa có tài khoản)")."""
    day = on or timezone.localdate()
    return (UnitPath.objects.filter(valid_on_q(day), depth=1).exclude(ancestor__level=Unit.Level.PROVINCE)
            .exclude(ancestor_id__in=_officer_unit_ids(day)).values("unit_id"))


@dataclass(frozen=True)
class ApprovalRoute:
    """Where a CĐCS's return goes at the upper step today: its upper unit, and the unit whose people approve
    (the upper unit itself, or the next one up with an officer: then `acting`)."""

    parent: Unit | None
    approver_unit: Unit | None
    acting: bool

    @property
    def label(self) -> str:
        return ACTING_LABEL if self.acting else ""


def approval_route(unit: Unit, on: dt.date | None = None) -> ApprovalRoute:
    """The route of `unit`'s return (two queries)."""
    day = on or timezone.localdate()
    paths = list(UnitPath.objects.filter(valid_on_q(day), unit=unit, depth__gt=0).select_related("ancestor")
                 .order_by("depth"))
    if not paths:
        return ApprovalRoute(None, None, False)
    with_officer = set(_officer_unit_ids(day).filter(unit_id__in=[p.ancestor_id for p in paths])
                       .values_list("unit_id", flat=True))
    for path in paths:
        if path.ancestor_id in with_officer or path.ancestor.level == Unit.Level.PROVINCE:
            return ApprovalRoute(paths[0].ancestor, path.ancestor, path.depth > 1)
    return ApprovalRoute(paths[0].ancestor, None, False)


def approvers_of(unit: Unit, step: str, on: dt.date | None = None) -> list[User]:
    """The people a return waits for at `step`: the officers of its route's unit at the upper step (staff
    where the route reaches the province), staff at the province step."""
    staff = User.objects.filter(is_active=True, role=User.Role.PROVINCE_STAFF)
    if step == PROVINCE_STEP:
        return list(staff)
    route = approval_route(unit, on)
    if route.approver_unit is None:
        return []
    if route.approver_unit.level == Unit.Level.PROVINCE:
        return list(staff)
    return list(User.objects.filter(is_active=True, role=User.Role.UPPER_OFFICER, unit=route.approver_unit))


def can_review(user: User, unit: Unit) -> bool:
    """Any approver of the return at either step (marks it "cần xem lại", reads its history)."""
    return can_approve(user, unit, UPPER_STEP) or can_approve(user, unit, PROVINCE_STEP)


def approver_units(unit_ids, on: dt.date | None = None) -> dict[int, int]:
    """For many units at once, the unit whose people approve each one's return at the upper step (`approval_route`
    in bulk: two queries): its nearest unit up with an active officer, else the province."""
    day = on or timezone.localdate()
    paths = list(UnitPath.objects.filter(valid_on_q(day), unit_id__in=unit_ids, depth__gt=0)
                 .values_list("unit_id", "ancestor_id", "depth", "ancestor__level").order_by("unit_id", "depth"))
    with_officer = set(_officer_unit_ids(day).values_list("unit_id", flat=True))
    found: dict[int, int] = {}
    for unit_id, ancestor_id, _, level in paths:
        if unit_id not in found and (ancestor_id in with_officer or level == Unit.Level.PROVINCE):
            found[unit_id] = ancestor_id
    return found
