from decimal import Decimal

import pytest
from django.urls import reverse


def test_it_filters_results_by_unit_year_movement_indicator_and_kind(client, staff, district_a, cdcs_a, cdcs_b,
                                                                     rows):
    green = rows.movement(name="Xanh, sạch, đẹp")
    trees = rows.indicator(green, name="Số cây xanh trồng mới", kind="count")
    money = rows.indicator(green, name="Giá trị làm lợi (đồng)", kind="money")
    other = rows.indicator(rows.movement(name="Dân vận khéo"))
    a_trees = rows.result(cdcs_a, trees, value=Decimal(100))
    a_money = rows.result(cdcs_a, money, value=Decimal(5_000_000))
    b_trees = rows.result(cdcs_b, trees, value=Decimal(50))
    a_other = rows.result(cdcs_a, other)
    old = rows.result(cdcs_a, rows.indicator(rows.movement(year=2023)), year=2023)
    client.force_login(staff)

    def pks(**params):
        table = client.get(reverse("movements:result_list"), params).context["table"]
        return {r.record.pk for r in table.paginated_rows}

    assert pks(unit=district_a.pk, year=2024) == {a_trees.pk, a_money.pk, a_other.pk}
    assert pks(year=2023) == {old.pk}
    assert pks(movement=green.pk) == {a_trees.pk, a_money.pk, b_trees.pk}
    assert pks(indicator=trees.pk) == {a_trees.pk, b_trees.pk}
    assert pks(kind="money") == {a_money.pk}


def test_it_totals_result_values_only_for_one_indicator(client, staff, cdcs_a, cdcs_b, rows):
    trees = rows.indicator(name="Số cây xanh trồng mới")
    rows.result(cdcs_a, trees, value=Decimal(100))
    rows.result(cdcs_b, trees, value=Decimal(50))
    rows.result(cdcs_a, value=Decimal(7))
    client.force_login(staff)
    assert "value" not in client.get(reverse("movements:result_list")).context["table"].totals
    table = client.get(reverse("movements:result_list"), {"indicator": trees.pk}).context["table"]
    assert table.totals["value"] == 150


@pytest.mark.parametrize(("url_name", "param", "value", "make_match", "make_other"), [
    ("movements:movement_list", "year", "2023", {"year": 2023}, {"year": 2024}),
    ("movements:movement_list", "active", "false", {"active": False}, {"active": True}),
    ("reports:target_list", "year", "2023", {"year": 2023}, {"year": 2024}),
    ("reports:target_list", "assigned_by_confederation", "false", {"assigned_by_confederation": False}, {}),
    ("movements:directive_list", "year", "2023", {"year": 2023}, {"year": 2024}),
    ("movements:directive_list", "kind", "breakthrough", {"kind": "breakthrough"}, {"kind": "plan"}),
    ("movements:theme_list", "year", "2023", {"year": 2023}, {"year": 2024}),
])
def test_it_filters_the_provinces_lists(client, officer_a, rows, url_name, param, value, make_match, make_other):
    make = {"movements:movement_list": rows.movement, "reports:target_list": rows.target,
            "movements:directive_list": rows.directive, "movements:theme_list": rows.theme}[url_name]
    wanted = make(**make_match)
    make(**make_other)
    client.force_login(officer_a)
    table = client.get(reverse(url_name), {param: value}).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]


@pytest.mark.parametrize(("param", "value"), [("year", "2023"), ("movement", None), ("kind", "money")])
def test_it_filters_indicators(client, staff, rows, param, value):
    movement = rows.movement(year=2023)
    wanted = rows.indicator(movement, kind="money")
    rows.indicator(rows.movement(year=2024), kind="count")
    client.force_login(staff)
    query = {"year": "tat-ca"} | {param: value or movement.pk}
    table = client.get(reverse("movements:indicator_list"), query).context["table"]
    assert [r.record.pk for r in table.paginated_rows] == [wanted.pk]
