"""The yearly report: the province's figures with the comparable previous year, report HTML, PDF time and memory.

Goals (issue 17, at the merged size): `figures_for(province, year)` (with last year as reported and on this
year's perimeter) ≤ 100 ms and ≤ 1,2 × the plain figures (the same call with the comparison left out,
measured in the same run); report HTML ≤ 400 ms; PDF ≤ 3 s and ≤ 250 MB peak (built in a fresh process,
as a server worker builds it). The year's table sums against hand-written SQL stay as information (issue 6).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from unittest import mock

from django.core.cache import cache
from django.db import connection

from benchmarks.common import Context, Figure, best_of
from unionreport.lib.years import year_end
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root
from unionreport.welfare.models import Form, Occasion, Source

SUBTREE = """unit_id IN (SELECT unit_id FROM units_unitpath WHERE ancestor_id = %(root)s
                 AND valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s))"""
# Flows of the year (welfare, houses, workforce, activities) also count a unit closed during the year,
# placed where it stood on its last day (its path that ended with it).
FLOW_SUBTREE = """unit_id IN (SELECT p.unit_id FROM units_unitpath p JOIN units_unit u ON u.id = p.unit_id
                 WHERE p.ancestor_id = %(root)s
                 AND ((p.valid_from <= %(day)s AND (p.valid_to IS NULL OR p.valid_to > %(day)s))
                      OR (p.valid_to = u.valid_to AND u.valid_to > %(start)s AND u.valid_to <= %(next)s)))"""


def _welfare_sql() -> str:
    columns = ["SUM(person_times)", "SUM(amount_vnd)"]
    for column, choices in (("occasion", Occasion), ("form", Form), ("source", Source)):
        for value in choices.values:
            columns.append(f"SUM(person_times) FILTER (WHERE {column} = '{value}')")
            columns.append(f"SUM(amount_vnd) FILTER (WHERE {column} = '{value}')")
    return (f"SELECT {', '.join(columns)} FROM welfare_disbursement "
            f"WHERE date >= %(start)s AND date <= %(day)s AND {FLOW_SUBTREE}")


HAND_SQL = [
    _welfare_sql(),
    f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE kind = 'new'), COUNT(*) FILTER (WHERE kind = 'repair'),
               SUM(total_support_vnd), SUM(union_fund_vnd)
        FROM houses_house WHERE handover_date >= %(start)s AND handover_date <= %(day)s AND {FLOW_SUBTREE}""",
    f"""SELECT COUNT(*) FILTER (WHERE joined_on <= %(day)s AND (left_on IS NULL OR left_on > %(day)s)),
               COUNT(*) FILTER (WHERE joined_on >= %(start)s AND joined_on <= %(day)s),
               COUNT(*) FILTER (WHERE left_on >= %(start)s AND left_on <= %(day)s)
        FROM members_member WHERE {SUBTREE}""",
    f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE valid_from >= %(start)s AND valid_from <= %(day)s)
        FROM units_unit WHERE level = 'grassroots' AND {SUBTREE.replace('unit_id IN', 'id IN', 1)}""",
    """SELECT COUNT(*) FROM units_unit u JOIN units_unitpath p ON p.unit_id = u.id
        WHERE u.level = 'grassroots' AND u.valid_to > %(start)s AND u.valid_to <= %(next)s
          AND p.valid_to = u.valid_to AND p.ancestor_id = %(root)s""",
    f"""SELECT SUM(total_workers), SUM(female_workers), SUM(with_contract), SUM(with_social_insurance),
               SUM(underemployed), SUM(average_income_vnd * total_workers), SUM(wage_arrears_vnd),
               SUM(insurance_arrears_vnd), SUM(accidents), SUM(accident_deaths), SUM(collective_disputes)
        FROM members_workforce WHERE year = %(year)s AND {FLOW_SUBTREE}""",
    f"""SELECT SUM(dialogues), COUNT(*) FILTER (WHERE workers_conference), COUNT(*) FILTER (WHERE collective_agreement),
               SUM(training_classes), SUM(trainees), SUM(party_introduced), SUM(party_admitted)
        FROM members_activity WHERE year = %(year)s AND {FLOW_SUBTREE}""",
]


def hand_written(root: Unit, year: int) -> list[tuple]:
    params = {"root": root.pk, "day": year_end(year), "start": dt.date(year, 1, 1), "next": dt.date(year + 1, 1, 1),
              "year": year}
    rows = []
    with connection.cursor() as cursor:
        for sql in HAND_SQL:
            cursor.execute(sql, params)
            rows.append(cursor.fetchone())
    return rows


def _report_html(root: Unit, year: int) -> bytes:
    """The report page as the leadership gets it (view, template, CSP nonce), without a session."""
    from csp.middleware import CSPMiddleware
    from django.test import RequestFactory

    from unionreport.accounts.models import User
    from unionreport.reports import views

    request = RequestFactory().get(f"/tong-ket/{root.code}/{year}/")
    request.user, _ = User.objects.update_or_create(username="bench_lanh_dao",
                                                    defaults={"role": User.Role.LEADERSHIP, "unit": root})
    response = CSPMiddleware(lambda r: views.report(r, code=root.code, year=year))(request)
    return response.content


def plain_figures(root: Unit, year: int):
    """figures_for without the previous year's comparison (the baseline of the comparable figures)."""
    from unionreport.reports import figures
    from unionreport.reports.comparable import Comparison

    empty = Comparison(reported={}, comparable={}, bridge=[], moved_in_stock=0)
    with mock.patch.object(figures, "compare_previous", lambda unit, year, tables: empty):
        result = figures.figures_for(root, year)
    cache.clear()  # never leave these figures for the next call
    return result


def _pdf_in_child(ctx: Context, root: Unit, year: int) -> dict:
    env = {**os.environ, "DATABASE_URL": ctx.database_url}
    out = subprocess.run([sys.executable, "-m", "benchmarks.pdf_child", root.code, str(year)], env=env,
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Figure]:
    from unionreport.reports.figures import figures_for
    from unionreport.reports.report import build_report
    from unionreport.reports.sums import year_sums

    root = Unit.objects.filter(code=ctx.province_code).first() or province_root()
    year = ctx.year
    ours = year_sums(root, year)
    baseline = hand_written(root, year)
    agree = ours["cham_lo.luot"] == (baseline[0][0] or 0) and ours["cham_lo.tien"] == (baseline[0][1] or 0)
    t_ours = best_of(lambda: year_sums(root, year))
    t_hand = best_of(lambda: hand_written(root, year))
    t_plain = best_of(lambda: (cache.clear(), plain_figures(root, year)), repeat=5)
    t_figures = best_of(lambda: (cache.clear(), figures_for(root, year)), repeat=5)
    t_cached = best_of(lambda: figures_for(root, year), repeat=5)  # computed by the last run: the same version
    t_html_cold = best_of(lambda: (cache.clear(), _report_html(root, year)), repeat=3)
    t_html = best_of(lambda: _report_html(root, year), repeat=3)
    t_data = best_of(lambda: build_report(root, year), repeat=2)
    pdf = _pdf_in_child(ctx, root, year)
    ms = 1000
    return [
        Figure("report.year_sums", round(t_ours * ms, 1), "ms", round(t_hand * ms, 1), "information (issue 6)",
               f"the year's table sums (reports.sums) vs hand-written SQL; totals agree: {agree}"),
        Figure("report.figures_comparable", round(t_figures * ms, 1), "ms", round(t_plain * ms, 1),
               "≤ 100 ms and ≤ 1,2 × plain", at_most=100, ratio_at_most=1.2,
               note=f"figures_for({root.code}, {year}) with the comparable previous year; baseline: the same "
                    "without the comparison (plain figures)"),
        Figure("report.figures_plain", round(t_plain * ms, 1), "ms", note="figures_for without the comparison"),
        Figure("report.figures_cached", round(t_cached * ms, 2), "ms", round(t_figures * ms, 1), "≤ 100 ms",
               at_most=100, note="the same call again, no write since: what the next requests get (the data "
                                 "version's query and the cache); baseline: computed"),
        Figure("report.html", round(t_html * ms, 1), "ms", round(t_data * ms, 1), "≤ 400 ms", at_most=400,
               note="whole page: figures, by child, charts, appendices; baseline: the page's data alone"),
        Figure("report.html.after_a_write", round(t_html_cold * ms, 1), "ms", round(t_html * ms, 1),
               note="information: the first request after a write (figures computed); baseline: the next ones"),
        Figure("report.pdf", round(pdf["seconds"], 2), "s", round(t_html, 3), "≤ 3 s", at_most=3,
               note=f"{pdf['kib']} KiB, fresh process (first build {pdf['first_seconds']:.2f} s, least CPU "
                    f"{pdf['cpu_seconds']:.2f} s); "
                    "baseline: the HTML page"),
        Figure("report.pdf_peak_rss", round(pdf["peak_mb"], 1), "MB", goal="≤ 250 MB", at_most=250,
               note="peak resident memory of the process that built the PDF twice (Django included)"),
    ]
