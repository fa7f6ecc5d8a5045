"""Send the outbox now: new emails, those that failed before, those stuck while sending (the timer runs it).

    python manage.py send_emails

Prints one line per email tried (`to<TAB>kind<TAB>đã gửi|lỗi: …`); exit status 0 (failures are retried).
"""

from django.core.management.base import BaseCommand

from unionreport.notifications.delivery import deliver_pending


class Command(BaseCommand):
    help = "Gửi các thư đang chờ hoặc gửi lỗi trước đó."

    def handle(self, *args, **options):
        done = deliver_pending()
        for email in done.sent:
            self.stdout.write(f"{email.to}\t{email.kind}\tđã gửi")
        for email in done.failed:
            self.stdout.write(f"{email.to}\t{email.kind}\tlỗi: {email.last_error}")
        self.stderr.write(f"Đã gửi {len(done.sent)} thư, lỗi {len(done.failed)}.")
