"""Delivering the outbox through Django's mail (the SMTP server of the environment, the console in the demo).

Rows are claimed under a row lock (`SKIP LOCKED` on PostgreSQL), so the after-commit thread and the
commands never send the same row twice at once; a failure (server down, message refused) is written
to the row and retried on the next run. Nothing here can fail the request that wrote the rows: the
after-commit hook only starts a thread, and the thread catches everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from unionreport.notifications.models import Email

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 20  # then the row stays "failed" and staff see it in the sent-log
STALE_CLAIM = dt.timedelta(minutes=15)  # a worker killed while sending: the row is tried again
_running = threading.Lock()


@dataclass
class Delivery:
    sent: list[Email] = field(default_factory=list)
    failed: list[Email] = field(default_factory=list)


def _claim(limit: int, retry: bool) -> list[Email]:
    now = timezone.now()
    due = Email.objects.filter(status=Email.Status.PENDING)
    if retry:
        due = (Email.objects.filter(status__in=[Email.Status.PENDING, Email.Status.FAILED], attempts__lt=MAX_ATTEMPTS)
               | Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - STALE_CLAIM))
    with transaction.atomic():
        rows = list(due.select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)
                    .order_by("created_at", "id")[:limit])
        for row in rows:
            row.status, row.claimed_at, row.attempts = Email.Status.SENDING, now, row.attempts + 1
        Email.objects.bulk_update(rows, ["status", "claimed_at", "attempts"])
    return rows


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def deliver_pending(*, limit: int = 500, retry: bool = True) -> Delivery:
    """Send the due emails: new ones, and (`retry`) those that failed before or got stuck while sending; one
    SMTP connection for all."""
    out = Delivery()
    rows = _claim(limit, retry)
    if not rows:
        return out
    mail = get_connection(fail_silently=False)
    try:
        mail.open()
    except Exception as error:  # the server is down: every row waits for the next run
        message = _error(error)
        for row in rows:
            row.status, row.last_error = Email.Status.FAILED, message
        Email.objects.bulk_update(rows, ["status", "last_error"])
        log.warning("email server unavailable: %s", message)
        out.failed = rows
        return out
    try:
        for row in rows:
            try:
                EmailMessage(subject=row.subject, body=row.body, from_email=settings.DEFAULT_FROM_EMAIL,
                             to=[row.to], connection=mail).send()
            except Exception as error:  # refused by the server: this row only
                row.status, row.last_error = Email.Status.FAILED, _error(error)
                out.failed.append(row)
            else:
                row.status, row.last_error, row.sent_at = Email.Status.SENT, "", timezone.now()
                out.sent.append(row)
            Email.objects.filter(pk=row.pk).update(status=row.status, last_error=row.last_error,
                                                   sent_at=row.sent_at)
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection has nothing left to tell
            mail.close()
    return out


def _deliver_in_background() -> None:
    if not _running.acquire(blocking=False):
        return  # a thread is already sending; it picks up these rows too, or the next run does
    try:
        while deliver_pending(limit=100, retry=False).sent:  # rows written meanwhile by other requests too
            pass
    except Exception:
        log.exception("email delivery after commit failed; the next run of send_emails retries")
    finally:
        _running.release()
        connection.close()


def deliver_after_commit() -> None:
    """After the current transaction commits, send the outbox in a background thread (when enabled)."""
    if not getattr(settings, "NOTIFICATIONS_SEND_ON_COMMIT", True):
        return

    def start() -> None:
        try:
            threading.Thread(target=_deliver_in_background, name="unionreport-email", daemon=True).start()
        except Exception:  # never let a thread problem reach the request
            log.exception("could not start the email thread; the next run of send_emails sends the outbox")

    transaction.on_commit(start)
