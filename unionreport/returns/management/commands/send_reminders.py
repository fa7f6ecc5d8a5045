"""Write and send the day's reminders and digests (run daily: docs/production.md has the timer and the cron line).

    python manage.py send_reminders [--today YYYY-MM-DD] [--dry-run]

Prints one line per email written: `to<TAB>kind<TAB>unit` (a user without an email: `(chưa có email) username`),
then sends the outbox (new emails and those that failed before); the summary goes to stderr. `--dry-run` writes
and sends nothing. Exit status 0; delivery failures stay in the sent-log and are retried on the next run.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionreport.notifications.delivery import deliver_pending
from unionreport.notifications.services import notify, planned_emails
from unionreport.returns.reminders import day_messages


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” không phải ngày dạng YYYY-MM-DD, ví dụ 2026-12-03.") from None


class Command(BaseCommand):
    help = "Gửi thư nhắc nộp báo cáo và thư tổng hợp hằng ngày."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="ngày tính nhắc hạn (mặc định: hôm nay), dạng YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in ra, không ghi và không gửi thư nào")

    def handle(self, *args, today=None, dry_run=False, **options):
        today = today or timezone.localdate()
        written = 0
        for outgoing in day_messages(today):
            if dry_run:
                emails = planned_emails(users=outgoing.users, message=outgoing.message, key=outgoing.key)
            else:
                emails = notify(users=outgoing.users, message=outgoing.message, key=outgoing.key)
            for email in emails:
                to = email.to or f"(chưa có email) {email.user.username}"
                unit = outgoing.message.unit.code if outgoing.message.unit else ""
                self.stdout.write(f"{to}\t{email.kind}\t{unit}")
                written += 1
        if dry_run:
            self.stderr.write(f"Ngày {today:%d/%m/%Y}: {written} thư sẽ được gửi (chạy thử, chưa ghi, chưa gửi).")
            return
        done = deliver_pending()
        self.stderr.write(f"Ngày {today:%d/%m/%Y}: {written} thư mới; đã gửi {len(done.sent)}, lỗi {len(done.failed)}"
                          + (" (sẽ gửi lại ở lần chạy sau)." if done.failed else "."))
