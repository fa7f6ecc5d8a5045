"""`python manage.py import_history FILE [--dry-run] [--source "..."] [--user USERNAME]`: aggregate history of units
that never used the application (the figures of their old reports). Every error at once; exit 1 when any."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionreport.accounts.models import User
from unionreport.lib.formatting import format_int
from unionreport.reports.aggregates import aggregate_import


class Command(BaseCommand):
    help = "Nhập số liệu tổng hợp các năm trước của đơn vị chưa dùng hệ thống (mỗi dòng một đơn vị, một năm)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nhập")
        parser.add_argument("--source", default="", help="nguồn số liệu, ví dụ “Báo cáo năm 2024 của LĐLĐ tỉnh Hà Nam”")
        parser.add_argument("--user", help="tài khoản cán bộ LĐLĐ tỉnh nhập (mặc định: tài khoản đầu tiên)")

    def handle(self, *args, file, dry_run=False, source="", user=None, **options):
        staff = User.objects.filter(role=User.Role.PROVINCE_STAFF, is_active=True).order_by("pk")
        actor = staff.filter(username=user).first() if user else staff.first()
        if actor is None:
            raise CommandError("Cần một tài khoản cán bộ LĐLĐ tỉnh đang hoạt động (--user TÊN_ĐĂNG_NHẬP).")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        with path.open("rb") as handle:
            result = aggregate_import(actor=actor, upload=handle, name=path.name, source=source, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(f"{path.name}: {error}")
        if result.errors:
            raise CommandError(f"{path.name}: {format_int(len(result.errors))} lỗi; chưa nhập gì.")
        years = ", ".join(f"{year}: {format_int(count)} đơn vị" for year, count in result.by_year().items())
        verb = "Kiểm tra xong (chưa nhập)" if dry_run else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{verb} {format_int(result.figures)} số liệu của {years}."))
