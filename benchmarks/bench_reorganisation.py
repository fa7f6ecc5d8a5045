"""The reorganisation preview of a commune union: merging the commune union nearest 100 CĐCS into its neighbour,
applied and rolled back by the organisation's dry-run service (`organisation.preview.reorganisation_preview`,
what the page shows before the confirmation: the structure on the date, members, accounts, returns, the
parent's figures before and after). Goal (issue 17): ≤ 1 s at the merged size; its query count equals the
demo size's. Timed as the first preview after a write (the figures' cache emptied: the parent's figures computed
before and after applying); baseline: the parent's figures alone (`figures_for`, computed). As information: the
preview while no write happened (the figures before applying from the cache) and without the figures at all.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from benchmarks.common import BENCH_USERNAME, Context, Figure, best_of, officer_client, staff_client
from unionreport.accounts.models import User
from unionreport.lib.years import year_end
from unionreport.organisation import services
from unionreport.organisation.preview import figures_parent, reorganisation_preview
from unionreport.reports.figures import figures_for
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import valid_on_q

GOAL_S = 1.0
TARGET_CDCS = 100


SOURCE_OFFICER = "bench_canbo_xa_sap_nhap"


def _communes(year: int) -> tuple[Unit, Unit, int]:
    """(the commune union nearest TARGET_CDCS CĐCS, another to absorb it, its CĐCS) as of 31/12. The source is
    one no other benchmark gave an account (each account of a merged unit follows it: two queries), and gets
    one officer of its own, so that it has one account at both sizes."""
    rows = list(UnitPath.objects.filter(valid_on_q(year_end(year)), ancestor__level=Unit.Level.COMMUNE,
                                        unit__level=Unit.Level.GRASSROOTS)
                .values("ancestor").annotate(n=Count("id")).order_by("ancestor"))
    with_accounts = set(User.objects.exclude(username=SOURCE_OFFICER).values_list("unit_id", flat=True))
    rows.sort(key=lambda r: (r["ancestor"] in with_accounts, abs(r["n"] - TARGET_CDCS), r["ancestor"]))
    source, into = rows[0], rows[1]
    source_unit = Unit.objects.get(pk=source["ancestor"])
    officer_client(SOURCE_OFFICER, User.Role.UPPER_OFFICER, source_unit)
    return source_unit, Unit.objects.get(pk=into["ancestor"]), source["n"]


def effective_day(year: int) -> dt.date:
    """The day after the year's last structural change (reorganisations apply in date order)."""
    from django.db.models import Max

    end = year_end(year)
    found = UnitPeriod.objects.filter(valid_to__lte=end).aggregate(to=Max("valid_to"), since=Max("valid_from"))
    latest = max(d for d in (found["to"], found["since"], dt.date(year, 1, 1)) if d is not None and d <= end)
    return min(end, latest + dt.timedelta(days=1))


def _preview(ctx: Context):
    staff_client()
    actor = User.objects.get(username=BENCH_USERNAME)
    source, into, cdcs = _communes(ctx.year)
    day = effective_day(ctx.year)

    def once(with_figures: bool = True):  # fresh instances each time: the rolled-back services changed them
        src, dst = Unit.objects.get(pk=source.pk), Unit.objects.get(pk=into.pk)
        return reorganisation_preview(
            lambda: services.reorganise_merge(actor=actor, sources=[src], effective_date=day, into=dst),
            units=[src], effective_date=day, parent=figures_parent([src], dst, day) if with_figures else None,
            accounts=[])

    once()  # a server process's first request fills its caches (content types): not counted at either size
    cache.clear()  # the queries with the figures' cache empty (as after any write), the same at both sizes
    with CaptureQueriesContext(connection) as captured:
        preview = once()
    return once, len(captured), preview, source, into, cdcs


def demo(ctx: Context) -> None:
    _, queries, *_ = _preview(ctx)
    ctx.extra["demo"]["reorganisation"] = {"queries": queries}


def run(ctx: Context) -> list[Figure]:
    once, queries, preview, source, into, cdcs = _preview(ctx)
    seconds = best_of(lambda: (cache.clear(), once()), repeat=2)  # the first preview after a write
    once()
    warm = best_of(once, repeat=2)  # no write since the parent's figures were computed: "before" from the cache
    without_figures = best_of(lambda: once(with_figures=False))
    parent = figures_parent([source], into, effective_day(ctx.year))
    baseline = best_of(lambda: (cache.clear(), figures_for(parent, ctx.year)))
    members = next((f.before for f in preview.figures if f.key == "doan_vien.cuoi_nam"), 0)
    demo_queries = ctx.extra.get("demo", {}).get("reorganisation", {}).get("queries")
    return [
        Figure("reorganisation.preview_commune", round(seconds, 3), "s", round(baseline, 3), f"≤ {GOAL_S:g} s",
               at_most=GOAL_S,
               note=f"on {effective_day(ctx.year):%d/%m/%Y}, merge {source.code} ({cdcs} CĐCS) into {into.code}: "
                    f"{len(preview.changes)} units change; "
                    f"parent's members {members:,}; figures' cache emptied before each run; "
                    "baseline: figures_for of the parent once (computed)"),
        Figure("reorganisation.preview_commune.warm", round(warm, 3), "s", round(seconds, 3),
               note="the same preview while no write happened since the parent's figures were computed (those "
                    "before applying come from the cache; after applying they are computed); baseline: after a write"),
        Figure("reorganisation.preview_commune.without_figures", round(without_figures, 3), "s", round(seconds, 3),
               note="the same preview without the parent's figures (no figures_for): the reorganisation applied, "
                    "looked at and rolled back; baseline: the whole preview"),
        Figure("reorganisation.preview_commune.queries", queries, "queries", demo_queries, "= demo size",
               equal=True, note="the preview's query count vs demo size (grows with the units moved?); the "
                                "source commune has one officer's account at both sizes"),
    ]
