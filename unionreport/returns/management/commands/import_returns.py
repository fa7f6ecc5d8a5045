"""import_returns FILE_OR_FOLDER... [--dry-run] [--user USERNAME]: each file imported or refused on its own."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionreport.accounts.models import User
from unionreport.returns.services import return_import_file


class Command(BaseCommand):
    help = "Nhập các tệp báo cáo năm (.xlsx); tệp hợp lệ được nhập, tệp có lỗi không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--user", help="nhập với quyền của tài khoản này (mặc định: lệnh hệ thống)")

    def handle(self, *args, paths, dry_run, user, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản “{user}”.")
        files = self._files(paths)
        failed = 0
        tty = sys.stderr.isatty()
        for index, path in enumerate(files, start=1):
            if tty:
                sys.stderr.write(f"\r[{index}/{len(files)}] {path.name[:60]:<60}")
                sys.stderr.flush()
            result = return_import_file(actor=actor, path_or_file=path, dry_run=dry_run)
            name = str(path)
            if result.refused or result.errors:
                failed += 1
                if tty:
                    sys.stderr.write("\n")
                for line in result.lines(name):
                    self.stdout.write(line)
                continue
            what = ("hợp lệ (chạy thử, không ghi)" if dry_run else
                    "không đổi (giống lần nhập trước)" if result.unchanged else f"đã nhập, lần {result.version}")
            self.stdout.write(f"{name}: {result.unit_code} năm {result.year}: {what}; "
                              f"{len(result.warnings)} cảnh báo")
        if tty:
            sys.stderr.write("\n")
        self.stdout.write(f"Tổng: {len(files)} tệp, {len(files) - failed} hợp lệ, {failed} có lỗi.")
        if failed:
            raise CommandError(f"{failed} tệp có lỗi; các tệp đó không được nhập.", returncode=1)

    def _files(self, paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"Không có tệp hoặc thư mục “{raw}”.")
        return files
