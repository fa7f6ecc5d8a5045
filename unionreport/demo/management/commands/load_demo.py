"""`python manage.py load_demo [--today YYYY-MM-DD]`: the demo province (structure, accounts, figures 2023–2025,
the 2026 season as of today); running it again changes nothing."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from unionreport.demo import logins, recent
from unionreport.demo import structure as demo
from unionreport.demo.data import load_demo_data


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” không phải ngày dạng YYYY-MM-DD, ví dụ 2026-12-02.") from None


class Command(BaseCommand):
    help = ("Nạp dữ liệu mẫu tỉnh Ninh Bình (cơ cấu 2024, sắp xếp 2025, số liệu 2023–2025, mùa báo cáo 2026 đến "
            "hôm nay); chạy lại không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="ngày “hôm nay” của mùa báo cáo 2026 (mặc định: hôm nay)")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        started = time.monotonic()
        # The outbox is delivered by send_emails / send_reminders, not by a thread while the demo writes
        # (SQLite allows one writer: the thread would lock the load out).
        with override_settings(NOTIFICATIONS_SEND_ON_COMMIT=False):
            demo.load_demo(stdout=self.stdout)
            load_demo_data(stdout=self.stdout)
            staff = demo.demo_staff()
            if staff is not None:
                with transaction.atomic():
                    recent.load_2025(staff=staff, stdout=self.stdout)
                with transaction.atomic():
                    recent.load_2026(staff=staff, today=today, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng ({time.monotonic() - started:.0f} giây)."))
        self.stdout.write(format_logins())


def format_logins() -> str:
    """The demo accounts, one a line, each with what it finds today (the open year's work)."""
    rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị", ""), *logins.rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["Tài khoản mẫu (hôm nay mỗi tài khoản có việc):"]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        if row[4]:
            lines.append("  " + " " * (sum(widths) + 6) + "→ " + row[4])
    return "\n".join(lines)
