"""Reads of the notifications app: a user's bell, the sent-log, the users no email can reach."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.notifications.models import Email, Notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def sent_log(*, actor: User) -> QuerySet[Email]:
    """Every email of the users `actor` sees (staff: all), newest first."""
    return (Email.objects.filter(Q(user__unit_id__in=visible_unit_ids(actor)) | Q(user__isnull=True))
            .select_related("user", "unit").order_by("-created_at", "-id"))


def users_without_email(*, actor: User) -> QuerySet[User]:
    """Active users of the units `actor` sees who have no email address: reminders cannot reach them."""
    return (User.objects.filter(is_active=True, unit_id__in=visible_unit_ids(actor))
            .filter(Q(email="") | Q(email__isnull=True)).exclude(role=User.Role.LEADERSHIP)
            .select_related("unit").order_by("unit__code", "username"))
