"""Writes of the notifications app: tell users something (the bell, and an email in the outbox), mark read,
keep one's email choices.

`notify` is called inside the transaction of the change it reports (the review workflow), so the
notification and its email exist exactly when the change does; delivery happens after the commit
(`delivery.deliver_after_commit`), outside the request's work. Keys make every message unique: the same
event, digest or reminder is never written twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from unionreport.accounts.models import User
from unionreport.notifications import delivery
from unionreport.notifications.models import OPTIONAL, Email, Notification, Preferences
from unionreport.units.models import Unit

FOOTER = ("\n\n—\nThư gửi tự động từ Hệ thống báo cáo tổng kết năm, Liên đoàn Lao động tỉnh Ninh Bình. "
          "Vui lòng không trả lời thư này.\nĐổi địa chỉ email hoặc tắt thư tổng hợp: {settings_url}")


@dataclass(frozen=True)
class Message:
    """What to tell: `title` is the bell's line and the email's subject, `text` the bell's detail and
    `email` the email's whole text ('' sends none); `url` a path of the application."""

    kind: str
    title: str
    text: str
    url: str = ""
    email: str = ""
    unit: Unit | None = None


def absolute_url(path: str) -> str:
    """`path` on the address people open the application at (settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def _wants(prefs: dict[int, Preferences], user: User, kind: str) -> bool:
    field = OPTIONAL.get(kind)
    pref = prefs.get(user.pk)
    return field is None or pref is None or getattr(pref, field)


def _email_text(message: Message) -> str:
    from django.urls import reverse

    return message.email + FOOTER.format(settings_url=absolute_url(reverse("notifications:settings")))


def notify(*, users: Iterable[User], message: Message, key: str, email: bool = True) -> list[Email]:
    """One notification per user in the bell and (if `email` and the user has not turned the kind off) one email
    in the outbox, each keyed `key:user id`; keys already written are skipped. Returns the emails written."""
    users = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    if not users:
        return []
    keys = {user.pk: f"{key}:{user.pk}" for user in users}
    seen_notes = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    Notification.objects.bulk_create(
        [Notification(user=user, kind=message.kind, key=keys[user.pk], title=message.title[:255],
                      body=message.text, url=message.url[:500]) for user in users if keys[user.pk] not in seen_notes],
        ignore_conflicts=True)
    if not (email and message.email):
        return []
    prefs = {p.user_id: p for p in Preferences.objects.filter(user__in=users)}
    seen_mail = set(Email.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    emails = [
        Email(key=keys[user.pk], user=user, to=user.email.strip(), kind=message.kind, unit=message.unit,
              subject=message.title[:255], body=_email_text(message),
              status=Email.Status.PENDING if user.email.strip() else Email.Status.NO_ADDRESS)
        for user in users if keys[user.pk] not in seen_mail and _wants(prefs, user, message.kind)
    ]
    Email.objects.bulk_create(emails, ignore_conflicts=True)
    if any(e.status == Email.Status.PENDING for e in emails):
        delivery.deliver_after_commit()
    return emails


def planned_emails(*, users: Iterable[User], message: Message, key: str) -> list[Email]:
    """What `notify` would write, without writing (a dry run): unsaved `Email` rows."""
    users = [u for u in users if u is not None and u.is_active]
    keys = {user.pk: f"{key}:{user.pk}" for user in users}
    seen = set(Email.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    prefs = {p.user_id: p for p in Preferences.objects.filter(user__in=users)}
    return [Email(key=keys[u.pk], user=u, to=u.email.strip(), kind=message.kind, unit=message.unit,
                  subject=message.title, body=message.email,
                  status=Email.Status.PENDING if u.email.strip() else Email.Status.NO_ADDRESS)
            for u in users if keys[u.pk] not in seen and _wants(prefs, u, message.kind)]


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when `ids` is None); returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def preferences_update(*, user: User, digest: bool, approvals: bool) -> Preferences:
    prefs, _ = Preferences.objects.select_for_update().get_or_create(user=user)
    prefs.digest, prefs.approvals = digest, approvals
    prefs.save()
    return prefs


def preferences_of(user: User) -> Preferences:
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)
