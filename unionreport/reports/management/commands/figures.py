"""Print a unit's key figures for a year as JSON (keys: reports.measures.FIGURE_KEYS, see docs/reports.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from unionreport.lib.years import year_argument
from unionreport.reports.figures import figures_for
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root


def resolve_unit(code: str | None) -> Unit:
    unit = Unit.objects.filter(code=code).first() if code else province_root()
    if unit is None:
        raise CommandError(f"Không tìm thấy đơn vị {code or '(LĐLĐ tỉnh)'}.")
    return unit


class Command(BaseCommand):
    help = "In các số liệu chủ yếu của một đơn vị trong một năm dưới dạng JSON."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True)
        parser.add_argument("--unit", help="mã đơn vị (mặc định: LĐLĐ tỉnh)")

    def handle(self, *args, year, unit=None, **options):
        target = resolve_unit(unit)
        figures = figures_for(target, year)
        payload = {
            "unit": target.code, "year": year, "as_of": figures.as_of.isoformat(),
            "figures": figures.values, "previous_year": figures.previous,
            "previous_year_comparable": figures.compared,
            "bridge": [{"step": step.step, "label": step.label, **step.values} for step in figures.bridge],
            "movements": [{"name": m.name, "indicators": {i.name: str(i.value) for i in m.indicators}}
                          for m in figures.movements],
            "targets": [{"name": t.name, "figure_key": t.figure_key, "planned": str(t.planned),
                         "achieved": t.achieved, "percent": None if t.percent is None else round(float(t.percent), 1),
                         "met": t.met} for t in figures.targets],
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
