"""The home page (dashboard) at province scale: time and query count, against the report's figures alone.

Goal: the provincial staff's dashboard of the generated province (1.000.000 welfare rows a
year) renders in ≤ 0,5 s, and its query count equals the demo-size count (it does not grow).
Baseline, measured in the same run on the same data: `figures_for(province, year)`
alone, the report's aggregation that the dashboard reuses (so the ratio shows what the rest
of the page costs). The parts (figures by child unit, completeness, the whole page's data)
are printed as figures of their own to show where the time goes: `completeness` as the page asks for it (counts
and the first 15 missing CĐCS) and with the whole missing list (the completeness page's).
"""

from __future__ import annotations

from django.db.models import Count

from benchmarks.common import BENCH_USERNAME, Context, Figure, best_of, staff_client, timed_get
from unionreport.accounts.models import User
from unionreport.dashboard import selectors as ds
from unionreport.lib.years import year_end
from unionreport.reports.figures import figures_for
from unionreport.returns import selectors as returns_selectors
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import child_ids, province_root, valid_on_q

GOAL_MS = 500
UPPER_USERNAME = "bench_canbo_cap_tren"


def _busiest_child(year: int) -> Unit:
    """The province's child with the most CĐCS as of 31/12 (the heaviest upper-level dashboard)."""
    as_of = year_end(year)
    province = province_root()
    row = (UnitPath.objects.filter(valid_on_q(as_of), ancestor__in=child_ids(province, as_of),
                                   unit__level=Unit.Level.GRASSROOTS)
           .values("ancestor").annotate(n=Count("id")).order_by("-n", "ancestor").first())
    return Unit.objects.get(pk=row["ancestor"]) if row else province


def _upper_client(unit: Unit):
    from django.test import Client

    user, _ = User.objects.update_or_create(
        username=UPPER_USERNAME,
        defaults={"role": User.Role.UPPER_OFFICER, "unit": unit, "first_name": "Cán bộ cấp trên đo hiệu năng"})
    client = Client()
    client.force_login(user)
    return client


def _pages(ctx: Context) -> dict[str, dict]:
    """Time and queries of the dashboard as provincial staff (province) and as the busiest child's officer."""
    url = f"/?year={ctx.year}"
    out = {}
    for name, client in (("staff", staff_client()), ("upper", _upper_client(_busiest_child(ctx.year)))):
        seconds, queries, status = timed_get(client, url)
        out[name] = {"ms": round(seconds * 1000, 1), "queries": queries, "status": status}
    return out


def demo(ctx: Context) -> None:
    ctx.extra["demo"]["dashboard"] = _pages(ctx)


def run(ctx: Context) -> list[Figure]:
    year = ctx.year
    province = province_root()
    staff_client()  # makes the staff user
    staff = User.objects.get(username=BENCH_USERNAME)
    baseline = best_of(lambda: figures_for(province, year))
    parts = {
        "completeness": best_of(lambda: returns_selectors.completeness(province, year,
                                                                       missing_limit=ds.MISSING_LIMIT)),
        "completeness_full_list": best_of(lambda: returns_selectors.completeness(province, year)),
        "overview_data": best_of(lambda: ds.overview(staff, province, year)),
        "default_year": best_of(returns_selectors.default_year),
    }
    small = ctx.extra.get("demo", {}).get("dashboard", {})
    figures = [Figure("dashboard.figures_for", round(baseline * 1000, 1), "ms",
                      note="the report's aggregation alone (the baseline of the figures below)")]
    for name, seconds in parts.items():
        figures.append(Figure(f"dashboard.{name}", round(seconds * 1000, 1), "ms", round(baseline * 1000, 1),
                              note="baseline: figures_for alone"))
    for name, full in _pages(ctx).items():
        status = "" if full["status"] == 200 else f"HTTP {full['status']}! "
        who = "provincial staff, province" if name == "staff" else "upper-level officer of the busiest child"
        figures.append(Figure(f"dashboard.page_{name}", full["ms"], "ms", round(baseline * 1000, 1),
                              goal=f"≤ {GOAL_MS} ms",
                              note=f"{status}GET / as {who}, year {year}; baseline: figures_for alone"))
        figures.append(Figure(f"dashboard.page_{name}.queries", full["queries"], "queries",
                              small.get(name, {}).get("queries"), goal="ratio 1.00",
                              note="query count at full size vs demo size"))
    return figures
