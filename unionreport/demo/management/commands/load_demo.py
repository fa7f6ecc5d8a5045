"""`python manage.py load_demo`: the demo province (structure, accounts, figures); running it again changes nothing."""

from django.core.management.base import BaseCommand

from unionreport.demo import structure as demo
from unionreport.demo.data import load_demo_data


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Ninh Bình (cơ cấu 2024, sắp xếp 2025, tài khoản mẫu); chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        demo.load_demo(stdout=self.stdout)
        load_demo_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        self.stdout.write(format_logins())


def format_logins() -> str:
    rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị"), *demo.demo_logins()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["Tài khoản mẫu:"]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    return "\n".join(lines)
