"""Figures read from the summaries equal the same figures summed from the raw rows (the old way)."""

import datetime as dt

import pytest
from django.db.models import Count, F, Q

from unionreport.lib.years import year_end
from unionreport.members.models import Member
from unionreport.members.summary import member_summary_refresh
from unionreport.reports.figures import figures_for
from unionreport.reports.measures import TABLES
from unionreport.reports.sums import aggregate_expr, measures_of, members_history
from unionreport.units.rollup import flow_by_child_q, flow_scope_q, stock_by_child_q, stock_scope_q
from unionreport.units.services import unit_close
from unionreport.welfare.models import Disbursement, Form, Occasion, Source
from unionreport.welfare.summary import welfare_summary_refresh

pytestmark = pytest.mark.django_db
KEYS = [m.key for name in ("welfare", "members") for m in measures_of(name)]


STOCK = {"doan_vien.cuoi_nam"}  # as of 31/12; the other figures are flows (a CĐCS closed in the year counts)


def raw(unit, year, by_child=False) -> dict:
    """The welfare and member figures summed from Disbursement and Member rows, as before the summaries."""
    result: dict = {}
    for name in ("welfare", "members"):
        table = TABLES[name]
        base = table.model.objects.filter(table.year_q(year))
        for stock in (False, True):
            measures = [m for m in measures_of(name) if (m.key in STOCK) == stock]
            if not measures:
                continue
            aggregates = {m.key.replace(".", "__"): aggregate_expr(m, year) for m in measures}
            if by_child:
                q, group = stock_by_child_q(unit, year_end(year)) if stock else flow_by_child_q(unit, year)
                for row in base.filter(q).order_by().values(g=F(group)).annotate(**aggregates):
                    g = row.pop("g")
                    result.setdefault(g, {}).update({k.replace("__", "."): int(v or 0) for k, v in row.items()})
            else:
                scope = stock_scope_q(unit, year_end(year)) if stock else flow_scope_q(unit, year)
                row = base.filter(scope).aggregate(**aggregates)
                result.update({k.replace("__", "."): int(v or 0) for k, v in row.items()})
    return result


@pytest.fixture
def varied(province, district_a, district_b, cdcs_a, cdcs_b, make_unit):
    """Rows over three years, every occasion, form and source, members joining and leaving."""
    units = [province, district_a, cdcs_a, cdcs_b]
    occasions, forms, sources = list(Occasion), list(Form), list(Source)
    n = 0
    for year in (2022, 2023, 2024):
        for unit in units:
            for k in range(7):
                n += 1
                Disbursement.objects.create(
                    unit=unit, date=dt.date(year, 1 + (n % 12), 1 + k), occasion=occasions[n % len(occasions)],
                    form=forms[(n // 2) % len(forms)], source=sources[(n // 3) % len(sources)],
                    person_times=1 + n % 17, amount_vnd=100_000 * (1 + (n * 7) % 23))
        for unit in (cdcs_a, cdcs_b):
            for k in range(6):
                n += 1
                left = dt.date(year + k % 3, 6, 1) if k % 2 else None
                Member.objects.create(unit=unit, card_number=f"{n:05d}", full_name=f"Đoàn viên {n}",
                                      sex="nu" if n % 3 else "nam", birth_year=1990,
                                      joined_on=dt.date(year, 1 + k, 1), left_on=left)
    closing = make_unit("CDCS-X", parent=district_a, valid_from=dt.date(2020, 1, 1))
    Disbursement.objects.create(unit=closing, date=dt.date(2024, 3, 1), occasion="tet", form="gift",
                                person_times=5, amount_vnd=700_000, source="union_funds")
    unit_close(actor=None, unit=closing, effective_date=dt.date(2024, 9, 1))  # closed in 2024, rows kept
    units.append(closing)
    welfare_summary_refresh(unit_ids=[u.pk for u in units], years=[2022, 2023, 2024])
    member_summary_refresh(unit_ids=[cdcs_a.pk, cdcs_b.pk])
    return units


@pytest.mark.parametrize("year", [2023, 2024])
def test_it_gives_the_same_figures_as_the_raw_rows(varied, province, district_a, year):
    for unit in (province, district_a):
        figures = figures_for(unit, year)
        expected, previous = raw(unit, year), raw(unit, year - 1)
        assert {k: figures.get(k) for k in KEYS} == expected
        assert {k: figures.previous.get(k) for k in KEYS} == previous
        assert expected["cham_lo.tien"] > 0 and expected["doan_vien.cuoi_nam"] > 0


def test_it_gives_the_same_breakdown_by_child_as_the_raw_rows(varied, province):
    expected = raw(province, 2024, by_child=True)
    rows = figures_for(province, 2024).children
    assert rows[0].is_own
    for row in rows:
        assert {k: row.get(k) for k in KEYS} == {k: expected.get(row.unit_id, {}).get(k, 0) for k in KEYS}


def test_it_gives_the_same_members_history_as_the_raw_rows(varied, province):
    expected = []
    for y in range(2020, 2025):
        end = year_end(y)
        count = Member.objects.filter(stock_scope_q(province, end), Q(joined_on__lte=end),
                                      Q(left_on__isnull=True) | Q(left_on__gt=end)).aggregate(n=Count("pk"))["n"]
        expected.append((y, count))
    assert members_history(province, 2024) == expected
    assert expected[-1][1] > 0


@pytest.mark.parametrize("year", [2023, 2024])
def test_it_adds_the_children_up_to_the_units_figures(varied, province, district_a, year):
    for unit in (province, district_a):
        figures = figures_for(unit, year)
        assert figures.values | raw(unit, year) == figures.values  # the totals read from the summaries
        for key in KEYS:
            assert sum(c.get(key) for c in figures.children) == figures.get(key), (unit.code, key)
        assert year == 2023 or figures.get("cdcs.giai_the") == 1


def test_it_adds_the_children_up_on_the_report_data(report_data, province):
    figures = figures_for(province, 2024)
    assert figures.get("cham_lo.tien") == 18_600_000
    assert sum(c.get("cham_lo.tien") for c in figures.children) == 18_600_000
