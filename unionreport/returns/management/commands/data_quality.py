"""Run the data-quality checks on the stored rows of a year's returns, keep the result (the pages show the same)
and print every warning.

    python manage.py data_quality --year YEAR [--unit CODE]

One warning a line: `UNIT_CODE<TAB>CHECK_CODE<TAB>message`, then a summary line. Exit status 0.
"""

from django.core.management.base import BaseCommand, CommandError

from unionreport.lib.formatting import format_int
from unionreport.lib.years import year_argument
from unionreport.returns.quality.selectors import scope_unit_ids, warnings_below
from unionreport.returns.quality.store import quality_recheck, returns_of_year
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root


class Command(BaseCommand):
    help = "Kiểm tra chất lượng số liệu các báo cáo năm và in mọi cảnh báo."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True, help="năm báo cáo")
        parser.add_argument("--unit", help="mã đơn vị: chỉ các CĐCS thuộc đơn vị này (mặc định: cả tỉnh)")

    def handle(self, *args, year, unit=None, **options):
        scope = Unit.objects.filter(code=unit).first() if unit else province_root()
        if scope is None:
            raise CommandError(f"Không có đơn vị mã “{unit}”." if unit else "Chưa có đơn vị nào.")
        quality_recheck(unit_ids=returns_of_year(year).filter(unit_id__in=scope_unit_ids(scope, year)), year=year)
        count, units = 0, set()
        for warning in warnings_below(scope, year).iterator():
            self.stdout.write(f"{warning.unit.code}\t{warning.code}\t{warning.message}")
            count += 1
            units.add(warning.unit_id)
        self.stdout.write(f"Tổng cộng: {format_int(count)} cảnh báo ở {format_int(len(units))} CĐCS, năm {year}, "
                          f"{scope.name} ({scope.code}).")

