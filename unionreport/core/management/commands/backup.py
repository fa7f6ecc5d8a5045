"""`python manage.py backup [-o DIR]`: one dated archive with the PostgreSQL dump, the media files and a manifest."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionreport.core.backup import BackupError, backup_create
from unionreport.lib.formatting import format_int as vn_int


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu PostgreSQL và thư mục tệp tải lên vào một tệp .tar.gz có ghi ngày giờ."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output-dir", default=os.environ.get("BACKUP_DIR", "backups"),
                            help="thư mục ghi tệp sao lưu (mặc định: $BACKUP_DIR hoặc ./backups)")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu trong settings")

    def handle(self, *args, output_dir, database, **options):
        try:
            result = backup_create(output_dir=Path(output_dir), alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu vào {result.path}: {len(manifest['tables'])} bảng, {vn_int(manifest['total_rows'])} dòng, "
            f"{vn_int(manifest['media_files'])} tệp tải lên ({vn_int(manifest['media_bytes'])} byte)."
        ))
