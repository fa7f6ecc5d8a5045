"""Pages at the measured size against the same pages at demo size: time and query count.

Goal (issue 17): drill-down, welfare list (province, filtered), data-quality page ≤ 300 ms each, and
each page's query count equals the demo size's (counts do not grow with rows). Each page is requested
through Django's test Client as a provincial staff user (the widest view); the demo-size figures are
measured by `demo(ctx)` on a small province generated in the same run.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from benchmarks.common import Context, Figure, page_figures, staff_client, timed_get
from unionreport.lib.years import year_end
from unionreport.units.models import UnitPath
from unionreport.units.selectors import child_ids, province_root, valid_on_q

GOAL_MS = 300


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
        "drilldown": (_drilldown(ctx), "report drill-down: welfare money of the province by child unit"),
        "quality": (_reverse("review:quality", ctx.year), f"data-quality page of the province, {ctx.year}"),
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
    measured = _measure(ctx)
    figures = [Figure(f"page.{name}", 0, "skipped", note=f"{m['what']}: page not built yet")
               for name, m in measured.items() if m["url"] is None]
    return figures + page_figures("page", {k: v for k, v in measured.items() if v["url"]},
                                  ctx.extra.get("demo", {}).get("pages", {}), GOAL_MS)
