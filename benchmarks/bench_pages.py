"""Pages at province scale against the same pages at demo size: time and query count.

Each page is requested through Django's test Client as a provincial staff user (the widest
view). The demo-size figures are measured by `demo(ctx)` on a small province generated in
the same run; the ratio of query counts must be 1 (counts do not grow with rows).
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from benchmarks.common import Context, Figure, staff_client, timed_get
from unionreport.lib.years import year_end
from unionreport.units.models import UnitPath
from unionreport.units.selectors import child_ids, province_root, valid_on_q


def _busiest_child(year: int):
    """The province's child with the most CĐCS as of 31/12 of the year (the heaviest filter)."""
    as_of = year_end(year)
    province = province_root()
    row = (UnitPath.objects.filter(valid_on_q(as_of), ancestor__in=child_ids(province, as_of),
                                   unit__level="grassroots")
           .values("ancestor").annotate(n=Count("id")).order_by("-n", "ancestor").first())
    return row["ancestor"] if row else province.id


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _drilldown(ctx: Context) -> str | None:
    """The provenance page of the province's welfare money: figure → child units (the busiest drill-down)."""
    return _reverse("reports:provenance", ctx.province_code, ctx.year, "cham_lo.tien")


def pages(ctx: Context) -> dict[str, tuple[str | None, str]]:
    """{figure name: (url or None when the page does not exist yet, what it is)}."""
    welfare = _reverse("welfare:list")
    unit = _busiest_child(ctx.year)
    return {
        "welfare_list_filtered": (welfare and f"{welfare}?unit={unit}&year={ctx.year}",
                                  f"welfare list, subtree of the busiest child unit ({unit}), year {ctx.year}"),
        "welfare_list_province": (welfare and f"{welfare}?year={ctx.year}",
                                  f"welfare list, whole province, {ctx.year}"),
        "dashboard": (_reverse("home"), "home page (dashboard) of provincial staff"),
        "drilldown": (_drilldown(ctx), "report drill-down: welfare money of the province by child unit"),
    }


def _measure(ctx: Context) -> dict[str, dict]:
    client = staff_client()
    measured = {}
    for name, (url, what) in pages(ctx).items():
        if url is None:
            measured[name] = {"url": None, "what": what}
            continue
        seconds, queries, status = timed_get(client, url)
        measured[name] = {"url": url, "what": what, "ms": round(seconds * 1000, 1), "queries": queries,
                          "status": status}
    return measured


def demo(ctx: Context) -> None:
    ctx.extra["demo"]["pages"] = _measure(ctx)


def run(ctx: Context) -> list[Figure]:
    small = ctx.extra.get("demo", {}).get("pages", {})
    figures = []
    for name, full in _measure(ctx).items():
        base = small.get(name, {})
        if full["url"] is None:
            figures.append(Figure(f"page.{name}", 0, "skipped", note=f"{full['what']}: page not built yet"))
            continue
        status = "" if full["status"] == 200 else f"HTTP {full['status']}! "
        figures.append(Figure(f"page.{name}", full["ms"], "ms", base.get("ms"), goal="< 1000 ms",
                              note=f"{status}{full['what']}; baseline: same page at demo size"))
        figures.append(Figure(f"page.{name}.queries", full["queries"], "queries", base.get("queries"),
                              goal="ratio 1.00", note="query count at full size vs demo size"))
    return figures
