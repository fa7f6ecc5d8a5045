"""`python manage.py demo_logins`: the demo accounts, one a role, with the demo password."""

from django.core.management.base import BaseCommand

from unionreport.demo.management.commands.load_demo import format_logins


class Command(BaseCommand):
    help = "In bảng tài khoản mẫu (tên đăng nhập, mật khẩu, vai trò, đơn vị)."

    def handle(self, *args, **options):
        self.stdout.write(format_logins())
        self.stdout.write("Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên.")
