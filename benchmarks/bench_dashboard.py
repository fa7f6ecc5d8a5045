"""The home page (dashboard) at the measured size: provincial staff, the busiest upper-level officer, a commune
officer. Goal (issue 17): ≤ 250 ms each, and each page's query count equals the demo size's.

Baseline, measured in the same run on the same data: `figures_for(province, year)` alone, computed (the
cache emptied), the report's aggregation the staff dashboard reuses. The pages are timed as the next requests
get them (the figures computed once per version of the data, `reports.once`) and, as information, as the
first request after a write gets them. The parts
(completeness, the page's data) are printed as figures of their own to show where the time goes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count

from benchmarks.common import (
    BENCH_USERNAME,
    Context,
    Figure,
    best_of,
    officer_client,
    page_figures,
    staff_client,
    timed_get,
)
from unionreport.accounts.models import User
from unionreport.dashboard import selectors as ds
from unionreport.lib.years import year_end
from unionreport.reports.figures import figures_for
from unionreport.returns import selectors as returns_selectors
from unionreport.returns.quality.selectors import quality_summary
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import child_ids, province_root, valid_on_q

GOAL_MS = 250


def busiest(year: int, level: str | None = None) -> Unit:
    """The province's child (of `level`, if given) with the most CĐCS as of 31/12: the heaviest dashboard."""
    as_of = year_end(year)
    province = province_root()
    paths = UnitPath.objects.filter(valid_on_q(as_of), ancestor__in=child_ids(province, as_of),
                                    unit__level=Unit.Level.GRASSROOTS)
    if level:
        paths = paths.filter(ancestor__level=level)
    row = paths.values("ancestor").annotate(n=Count("id")).order_by("-n", "ancestor").first()
    return Unit.objects.get(pk=row["ancestor"]) if row else province


def _clients(year: int) -> dict:
    upper = busiest(year)
    commune = busiest(year, Unit.Level.COMMUNE)
    return {
        "staff": (staff_client(), "provincial staff, province"),
        "upper": (officer_client("bench_canbo_cap_tren", User.Role.UPPER_OFFICER, upper),
                  f"officer of the busiest child {upper.code}"),
        "commune": (officer_client("bench_canbo_xa", User.Role.UPPER_OFFICER, commune),
                    f"officer of commune union {commune.code}"),
    }


def _pages(ctx: Context) -> dict[str, dict]:
    """Each page as the next requests get it (the figures computed once for the data's version) and as the
    first request after a write gets it (the cache emptied before each run: figures computed)."""
    url = f"/?year={ctx.year}"
    out = {}
    for name, (client, who) in _clients(ctx.year).items():
        cold = best_of(lambda client=client: (cache.clear(), client.get(url)))
        seconds, queries, status = timed_get(client, url)
        out[name] = {"ms": round(seconds * 1000, 1), "queries": queries, "status": status,
                     "cold_ms": round(cold * 1000, 1), "what": f"GET / as {who}, year {ctx.year}"}
    return out


def demo(ctx: Context) -> None:
    ctx.extra["demo"]["dashboard"] = _pages(ctx)


def run(ctx: Context) -> list[Figure]:
    year = ctx.year
    province = province_root()
    staff_client()  # makes the staff user
    staff = User.objects.get(username=BENCH_USERNAME)
    baseline = round(best_of(lambda: (cache.clear(), figures_for(province, year))) * 1000, 1)
    parts = {
        "completeness": lambda: returns_selectors.completeness(province, year, missing_limit=ds.MISSING_LIMIT),
        # the rest of the page's data besides the figures (issue 17): the staff's actions (queue, reopen
        # requests, follow-ups: a list and its count per query), the quality card, the unit chooser
        "actions": lambda: ds.actions_for(staff, year),
        "quality_summary": lambda: quality_summary(province, year),
        "unit_choices": lambda: ds.unit_choices(staff, year, province),
        "overview_data": lambda: ds.overview(staff, province, year),
    }
    figures = [Figure("dashboard.figures_for", baseline, "ms",
                      note="the report's aggregation alone, computed (the baseline of the figures below)")]
    for name, fn in parts.items():
        figures.append(Figure(f"dashboard.{name}", round(best_of(fn) * 1000, 1), "ms", baseline,
                              note="baseline: figures_for alone"))
    pages = _pages(ctx)
    figures += page_figures("dashboard.page", pages, ctx.extra.get("demo", {}).get("dashboard", {}),
                            GOAL_MS, baseline, "figures_for alone, computed")
    figures += [Figure(f"dashboard.page.{name}.after_a_write", page["cold_ms"], "ms", baseline,
                       note="information: the first request after a write anywhere (figures computed, then "
                            "shared by the next requests); baseline: figures_for alone, computed")
                for name, page in pages.items()]
    return figures
