"""`python manage.py units`: the units as of a date, one a line."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionreport.units.models import Unit
from unionreport.units.selectors import units_as_of


class Command(BaseCommand):
    help = "In các đơn vị hoạt động vào một ngày: mã<TAB>cấp<TAB>tên<TAB>mã đơn vị cấp trên, mỗi đơn vị một dòng."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="ngày xem, dạng YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--level", choices=list(Unit.Level.values), help="chỉ in một cấp")

    def handle(self, *args, as_of=None, level=None, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày “{as_of}” không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2024-12-31.") from None
        for unit, name, parent in units_as_of(day, level=level):
            self.stdout.write(f"{unit.code}\t{unit.level}\t{name}\t{parent.code if parent else ''}")
