"""`python manage.py demo_logins [--host 127.0.0.1:8101]`: the demo accounts, one a role, with the demo password,
and the address to open (`make demo HOST=…` passes the one it serves on)."""

from django.core.management.base import BaseCommand

from unionreport.demo.management.commands.load_demo import format_logins

DEFAULT_HOST = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "In bảng tài khoản mẫu (tên đăng nhập, mật khẩu, vai trò, đơn vị) và địa chỉ để mở."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=DEFAULT_HOST,
                            help=f"địa chỉ:cổng mà máy chủ phục vụ (mặc định {DEFAULT_HOST})")

    def handle(self, *args, **options):
        host = options["host"].strip() or DEFAULT_HOST
        if host.startswith(":"):  # runserver accepts ":8101"
            host = "127.0.0.1" + host
        elif host.isdigit():  # or a port alone
            host = f"127.0.0.1:{host}"
        self.stdout.write(format_logins())
        self.stdout.write(f"Mở http://{host} và đăng nhập bằng một tài khoản ở trên.")
