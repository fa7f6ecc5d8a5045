"""`python manage.py restore ARCHIVE`: bring a backup back into an empty PostgreSQL database and media folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionreport.core.backup import BackupError, backup_restore
from unionreport.lib.formatting import format_int as vn_int


class Command(BaseCommand):
    help = ("Khôi phục một tệp sao lưu vào cơ sở dữ liệu PostgreSQL trống và thư mục tệp tải lên trống. "
            "Dừng ứng dụng trước khi khôi phục.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp .tar.gz do lệnh backup tạo ra")
        parser.add_argument("--database-url", help="cơ sở dữ liệu đích (mặc định: DATABASE_URL của ứng dụng)")
        parser.add_argument("--media-root", help="thư mục tệp tải lên đích (mặc định: MEDIA_ROOT)")
        parser.add_argument("--force", action="store_true",
                            help="ghi đè khi cơ sở dữ liệu hoặc thư mục đích không trống")

    def handle(self, *args, archive, database_url, media_root, force, **options):
        try:
            result = backup_restore(archive=Path(archive), database_url=database_url,
                                    media_root=Path(media_root) if media_root else None, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.mismatches:
            lines = [f"  {name}: sao lưu {vn_int(want)} dòng, sau khôi phục {vn_int(got)} dòng"
                     for name, (want, got) in result.mismatches.items()]
            raise CommandError("Đã khôi phục nhưng số dòng không khớp với bản sao lưu:\n" + "\n".join(lines))
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục {result.tables} bảng ({vn_int(result.rows)} dòng, khớp với bản sao lưu) và "
            f"{vn_int(result.media_files)} tệp tải lên."
        ))
