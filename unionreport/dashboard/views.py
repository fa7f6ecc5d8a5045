"""The home page: a dashboard per role (thin: parse the request, call the dashboard selectors, render).

- leadership, provincial staff and upper-level officers: the year's figures of a unit they see
  (GET `unit` = code, `year`), with last year's, targets, charts, return completeness, the child
  units and, for those who approve, the actions waiting for them;
- grassroots officers: their return's status, deadline, last upload's errors and the template.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from unionreport.accounts.access import ensure_sees_year, get_visible_unit_or_404
from unionreport.core.year_setup import year_gaps
from unionreport.dashboard import selectors as ds
from unionreport.dashboard.tables import ChildTable
from unionreport.lib.years import year_from_text
from unionreport.returns import selectors as returns_selectors
from unionreport.units.selectors import heirs, province_root

CHILD_ROWS_PER_PAGE = 50


def _year(request) -> int:
    """?year= when it is a reporting year, else the default year (one rule for every page)."""
    return year_from_text(request.GET.get("year")) or returns_selectors.default_year()


@require_GET
def home(request):
    user = request.user
    if user.unit_id is None:
        return render(request, "dashboard/no_unit.html", {})
    if not user.unit.is_open_on(timezone.localdate()) and not request.GET.get("unit"):
        return _closed_unit(request)
    if user.unit.is_grassroots:
        return _grassroots(request)
    code = request.GET.get("unit", "").strip()
    unit = get_visible_unit_or_404(user, code) if code else user.unit
    year = _year(request)
    ensure_sees_year(user, unit, year)
    data = ds.overview(user, unit, year)
    table = ChildTable(data.children, year=year)
    RequestConfig(request, paginate={"per_page": CHILD_ROWS_PER_PAGE}).configure(table)
    return render(request, "dashboard/overview.html", {
        "d": data, "table": table, "year": year, "unit": unit,
        "units": ds.unit_choices(user, year, unit), "years": ds.year_choices(year),
        "gaps": year_gaps(year) if user.is_province_staff else [],
    })


def _grassroots(request):
    unit = request.user.unit
    year = _year(request)
    return render(request, "dashboard/grassroots.html", {
        "g": ds.grassroots_home(unit, year), "year": year, "unit": unit, "years": ds.year_choices(year),
    })


def _closed_unit(request):
    """An account of a unit that closed: when, who took over and whom to call; not a page of zeros."""
    unit = request.user.unit
    province = province_root()
    return render(request, "dashboard/closed_unit.html", {
        "unit": unit, "heirs": heirs(unit), "province": province,
        "years": [y for y in ds.year_choices(unit.valid_to.year) if y < unit.valid_to.year or
                  (y == unit.valid_to.year and unit.valid_to.month > 1)],
    })
