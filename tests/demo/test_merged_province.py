"""A generated merged province (issue 17): the shape asked for, aggregate history consistent with the importer,
and the same figures at every node whichever path computes them (figures_for, the report page, the figures
command, the drill-down from the raw rows, a reorganisation preview's figures of the parent)."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from unionreport.accounts.models import User
from unionreport.demo.province import generate_province
from unionreport.organisation.preview import PREVIEW_KEYS
from unionreport.reports.aggregates import aggregate_check
from unionreport.reports.figures import figures_for, year_values
from unionreport.reports.models import AggregateFigure, AggregateImport
from unionreport.reports.provenance import figure_provenance
from unionreport.units.models import Unit
from unionreport.units.selectors import province_root

SMALL_MERGED = {"cdcs": 60, "members": 1500, "welfare": 1500, "years": 2, "year": 2026, "merged": True,
                "communes": 4}
DRILLED = ("cham_lo.tien", "cham_lo.luot", "cham_lo.tet.tien", "mai_am.tien", "lao_dong.tong", "doan_vien.cuoi_nam",
           "doan_vien.moi")


@pytest.fixture
def merged(db):
    generate_province(**SMALL_MERGED, seed=3, stream=io.StringIO())
    return province_root()


def _nodes(province: Unit) -> list[Unit]:
    """The province, every commune and sector/zone union, the absorbed provinces, and a few CĐCS."""
    others = Unit.objects.exclude(pk=province.pk).exclude(level=Unit.Level.GRASSROOTS).order_by("code")
    grassroots = Unit.objects.filter(level=Unit.Level.GRASSROOTS).order_by("code")[:3]
    return [province, *others, *grassroots]


def test_it_generates_the_merged_shape(merged):
    assert merged.code == "LDLDNB"
    assert Unit.objects.filter(level=Unit.Level.GRASSROOTS).count() == 60
    sectors = Unit.objects.filter(level=Unit.Level.UPPER, valid_to__isnull=True)
    assert sectors.count() == 8
    absorbed = Unit.objects.filter(level=Unit.Level.PROVINCE, closure=Unit.Closure.MERGED)
    assert sorted(absorbed.values_list("code", flat=True)) == ["LDLDHNA", "LDLDNDI"]
    assert set(AggregateFigure.objects.values_list("year", flat=True)) == {2023, 2024}


def test_it_keeps_aggregate_history_the_importer_accepts(merged):
    for stored in AggregateImport.objects.all():
        with stored.file.open("rb") as handle:
            checked = aggregate_check(handle, name=stored.original_name)
        assert checked.ok, checked.errors
        assert checked.figures == stored.figures.count()


def test_it_counts_the_absorbed_provinces_history_in_the_comparable_previous_year(merged):
    figures = figures_for(merged, 2025)
    history = sum(AggregateFigure.objects.filter(year=2024, key="cham_lo.tien").values_list("value", flat=True))
    assert history > 0
    assert figures.previous_comparable["cham_lo.tien"] - figures.previous["cham_lo.tien"] >= history


@pytest.mark.parametrize("year", [2025, 2026])
def test_it_gives_the_same_figures_at_every_node_whichever_path_computes_them(merged, year):
    staff = User.objects.create(username="canbo_tinh_sinh", role=User.Role.PROVINCE_STAFF, unit=merged)
    client = Client()
    client.force_login(staff)
    for node in _nodes(merged):
        if node.valid_from.year > year:
            continue
        values = figures_for(node, year).values
        out = io.StringIO()
        call_command("figures", year=year, unit=node.code, stdout=out)
        assert json.loads(out.getvalue())["figures"] == values, node.code
        assert year_values(node, year, PREVIEW_KEYS) == {key: values[key] for key in PREVIEW_KEYS}, node.code
        if node.level != Unit.Level.PROVINCE or node == merged:  # the absorbed provinces are not the staff's
            response = client.get(f"/tong-ket/{node.code}/{year}/")
            assert response.status_code == 200, node.code
            assert response.context["report"].figures.values == values, node.code
        for key in DRILLED:
            drilled = figure_provenance(node, year, key)
            assert drilled.value == values[key], (node.code, key)
            assert drilled.children_sum == values[key], (node.code, key)
