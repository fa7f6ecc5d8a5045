import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum

from unionreport.accounts.models import User
from unionreport.demo.province import generate_province, province_totals
from unionreport.units import selectors
from unionreport.units.models import Unit, UnitPath
from unionreport.units.rollup import stock_by_child_q
from unionreport.units.services import rebuild_paths
from unionreport.welfare.models import Disbursement

TINY = {"cdcs": 20, "members": 200, "welfare": 500}
END_2024, END_2025 = dt.date(2024, 12, 31), dt.date(2025, 12, 31)


def _generate(seed=7, wipe=False, **sizes):
    return generate_province(**(TINY | sizes), seed=seed, wipe=wipe, stream=io.StringIO())


@pytest.mark.django_db
def test_it_generates_a_province_of_the_asked_size():
    result = _generate()
    totals = province_totals()
    assert totals["members"] == 200
    assert totals["welfare_rows"] == 2 * 500
    assert Unit.objects.filter(level=Unit.Level.GRASSROOTS).count() == 20
    assert result.rows["welfare_disbursement"] == 1000
    assert result.years == [2024, 2025]
    connection.check_constraints()  # every generated reference points at a real row


@pytest.mark.django_db
def test_it_gives_the_same_totals_for_the_same_seed_and_others_for_another():
    _generate(seed=7)
    first = province_totals()
    _generate(seed=7, wipe=True)
    assert province_totals() == first
    _generate(seed=8, wipe=True)
    assert province_totals() != first


@pytest.mark.django_db
def test_it_builds_the_closure_table_the_services_would_build():
    _generate()
    generated = set(UnitPath.objects.values_list("unit_id", "ancestor_id", "depth", "valid_from", "valid_to"))
    rebuild_paths()
    assert set(UnitPath.objects.values_list("unit_id", "ancestor_id", "depth", "valid_from", "valid_to")) == generated


@pytest.mark.django_db
def test_it_reorganises_the_districts_into_communes_in_2025():
    _generate()
    province = selectors.province_root()
    open_2024 = set(Unit.objects.filter(selectors.valid_on_q(END_2024), level=Unit.Level.GRASSROOTS)
                    .values_list("id", flat=True))
    assert open_2024 <= set(selectors.subtree_ids(province, END_2024).values_list("unit_id", flat=True))
    levels_2024, levels_2025 = (
        set(Unit.objects.filter(id__in=selectors.child_ids(province, day)).values_list("kind", flat=True))
        for day in (END_2024, END_2025))
    assert "district" in levels_2024 and "commune" not in levels_2024
    assert "district" not in levels_2025 and "commune" in levels_2025
    open_2025 = Unit.objects.filter(selectors.valid_on_q(END_2025), level=Unit.Level.GRASSROOTS)
    for unit in open_2025:
        assert selectors.ancestors(unit, END_2025)[0] == province


@pytest.mark.django_db
def test_it_rolls_up_welfare_by_child_to_the_total_of_the_tree():
    _generate()
    province = selectors.province_root()
    rows = Disbursement.objects.filter(date__year=2024)
    q, group = stock_by_child_q(province, END_2024)
    by_child = rows.filter(q).values(group).annotate(vnd=Sum("amount_vnd"), n=Count("id"))
    in_tree = rows.filter(unit_id__in=selectors.subtree_ids(province, END_2024))
    assert sum(r["vnd"] for r in by_child) == in_tree.aggregate(v=Sum("amount_vnd"))["v"] > 0


@pytest.mark.django_db
def test_it_refuses_a_database_that_has_units_unless_told_to_wipe(province, staff):
    with pytest.raises(CommandError, match="--wipe"):
        call_command("generate_province", "--cdcs", "5", "--members", "20", "--welfare", "30",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert Unit.objects.get() == province
    out = io.StringIO()
    call_command("generate_province", "--cdcs", "5", "--members", "20", "--welfare", "30", "--wipe",
                 stdout=out, stderr=io.StringIO())
    assert "Đã sinh tỉnh" in out.getvalue()
    assert not Unit.objects.filter(code="TINH").exists()
    assert User.objects.get(pk=staff.pk).unit is None


@pytest.mark.django_db
def test_it_fills_the_summaries_so_the_figures_equal_the_rows():
    from tests.members.test_summary import raw_groups as member_groups
    from tests.members.test_summary import summary_groups as member_summary
    from tests.welfare.test_summary import raw_groups as welfare_groups
    from tests.welfare.test_summary import summary_groups as welfare_summary
    from unionreport.reports.figures import figures_for
    from unionreport.units.rollup import flow_subtree_ids

    result = _generate()
    assert welfare_summary() == welfare_groups() and member_summary() == member_groups()
    assert result.extra["summary_rows"]["welfare_summary"] == len(welfare_groups())
    figures = figures_for(selectors.province_root(), 2025).values
    # The year's flows: the tree as of 31/12 plus units closed during the year (the district
    # federations closed on 01/07/2025 keep what they spent before), as the report counts them.
    rows = Disbursement.objects.filter(date__year=2025,
                                       unit_id__in=flow_subtree_ids(selectors.province_root(), 2025))
    assert figures["cham_lo.tien"] == rows.aggregate(v=Sum("amount_vnd"))["v"] > 0
