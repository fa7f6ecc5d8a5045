"""`python manage.py return_template`: a unit's pre-filled Excel template."""

from django.core.management.base import BaseCommand, CommandError

from unionreport.lib.years import year_argument
from unionreport.returns.excel.template import build_return_workbook
from unionreport.units.models import Unit


class Command(BaseCommand):
    help = "Ghi tệp mẫu báo cáo năm (.xlsx) của một CĐCS: return_template --unit CODE --year YEAR -o FILE"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=year_argument, required=True)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, unit, year, output, **options):
        found = Unit.objects.filter(code=unit, level=Unit.Level.GRASSROOTS).first()
        if found is None:
            raise CommandError(f"Không có CĐCS mã “{unit}”.")
        build_return_workbook(unit=found, year=year, with_data=self.with_data).save(output)
        self.stdout.write(f"Đã ghi {output}")

    with_data = False
