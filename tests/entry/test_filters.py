"""The unit filter of every list: a select of the units above grassroots level, a code field
for any unit (a CĐCS mostly); the unit's subtree as of 31/12 of the chosen year; the access rule."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.members import factories
from tests.members.factories import UNIT_KINDS, make
from unionreport.units.services import unit_close, unit_move

UNIT_PREFIXES = list(UNIT_KINDS)  # every list with a unit filter
REFUSED = "trong phạm vi bạn được xem"


def list_url(prefix):
    return reverse(prefix + "list")


def records(response):
    return {row.record.pk for row in response.context["table"].paginated_rows}


def make_in(prefix, unit, **kw):
    if prefix == "movements:result_":  # one indicator per row: a unit has one result per indicator and year
        return factories.result(unit, **kw)
    return make(prefix, unit, **kw)


@pytest.mark.parametrize("prefix", UNIT_PREFIXES)
def test_it_filters_each_list_by_a_cdcs_code(client, staff, cdcs_a, cdcs_b, prefix):
    wanted = make_in(prefix, cdcs_a)
    make_in(prefix, cdcs_b)
    client.force_login(staff)
    response = client.get(list_url(prefix), {"ma_don_vi": "  cdcs-a "})  # case and spaces do not matter
    assert response.status_code == 200
    assert records(response) == {wanted.pk}
    assert response.context["filter"].form.errors == {}


@pytest.mark.parametrize("prefix", UNIT_PREFIXES)
def test_it_filters_each_list_by_an_upper_units_code_with_its_cdcs(client, staff, district_a, cdcs_a, cdcs_b,
                                                                    prefix):
    wanted = make_in(prefix, cdcs_a)
    make_in(prefix, cdcs_b)
    client.force_login(staff)
    assert records(client.get(list_url(prefix), {"ma_don_vi": "TPNB"})) == {wanted.pk}
    assert records(client.get(list_url(prefix), {"unit": district_a.pk})) == {wanted.pk}


@pytest.mark.parametrize("prefix", UNIT_PREFIXES)
def test_it_refuses_a_code_outside_the_users_units(client, upper_officer_a, cdcs_a, cdcs_b, prefix):
    make_in(prefix, cdcs_a)
    make_in(prefix, cdcs_b)
    client.force_login(upper_officer_a)
    for code in ("CDCS-B", "GV", "TINH", "KHONG-CO"):
        response = client.get(list_url(prefix), {"ma_don_vi": code})
        assert response.status_code == 200
        assert records(response) == set(), code  # not the other unit's rows, nor every visible row
        assert response.context["table"].totals["_count"] == 0
        html = response.content.decode()
        assert f"Không có đơn vị mã “{code}” {REFUSED}." in html


@pytest.mark.parametrize("prefix", UNIT_PREFIXES)
def test_it_shows_no_rows_for_a_unit_id_outside_the_users_units(client, upper_officer_a, cdcs_a, cdcs_b, prefix):
    make_in(prefix, cdcs_a)
    make_in(prefix, cdcs_b)
    client.force_login(upper_officer_a)
    response = client.get(list_url(prefix), {"unit": cdcs_b.pk})
    assert "unit" in response.context["filter"].form.errors
    assert records(response) == set()


def test_it_keeps_both_choices_the_rows_under_both(client, staff, district_a, district_b, cdcs_a):
    wanted = factories.disbursement(cdcs_a)
    client.force_login(staff)
    assert records(client.get(list_url("welfare:"), {"unit": district_a.pk, "ma_don_vi": "CDCS-A"})) == {wanted.pk}
    assert records(client.get(list_url("welfare:"), {"unit": district_b.pk, "ma_don_vi": "CDCS-A"})) == set()


def test_it_takes_the_tree_as_of_the_year_end_of_the_chosen_year(client, staff, district_a, district_b, cdcs_a):
    """CĐCS A moves from TPNB to GV on 01/07/2024: in 2024 it is under GV, in 2023 under TPNB."""
    unit_move(actor=None, units=[cdcs_a], new_parent=district_b, effective_date=dt.date(2024, 7, 1))
    row_2023 = factories.disbursement(cdcs_a, date=dt.date(2023, 5, 1))
    row_2024 = factories.disbursement(cdcs_a, date=dt.date(2024, 5, 1))
    client.force_login(staff)
    url = list_url("welfare:")
    assert records(client.get(url, {"ma_don_vi": "GV", "year": 2024})) == {row_2024.pk}
    assert records(client.get(url, {"ma_don_vi": "GV", "year": 2023})) == set()
    assert records(client.get(url, {"ma_don_vi": "TPNB", "year": 2023})) == {row_2023.pk}
    assert records(client.get(url, {"unit": district_b.pk, "year": 2024})) == {row_2024.pk}


def _option_values(html):
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_it_offers_the_units_above_grassroots_and_not_every_cdcs(client, staff, province, district_a, district_b,
                                                                  cdcs_a, cdcs_b, make_unit):
    for i in range(30):
        make_unit(f"CS{i:05}", parent=district_a)
    client.force_login(staff)
    response = client.get(list_url("welfare:"))
    assert _option_values(response.content.decode()) == [str(u.pk) for u in (province, district_b, district_a)]
    html = response.content.decode()
    assert '<optgroup label="LĐLĐ tỉnh">' in html and '<optgroup label="Công đoàn cấp trên trực tiếp cơ sở">' in html
    assert 'name="ma_don_vi"' in html and "Mã CĐCS (gồm cấp dưới)" in html
    # a CĐCS chosen by id (a link from elsewhere) is offered too, selected
    response = client.get(list_url("welfare:"), {"unit": cdcs_a.pk})
    assert str(cdcs_a.pk) in _option_values(response.content.decode())
    assert f'<option value="{cdcs_a.pk}" selected>' in response.content.decode()


def test_it_offers_a_grassroots_officer_its_own_unit(client, officer_a, cdcs_a, cdcs_b):
    client.force_login(officer_a)
    response = client.get(list_url("welfare:"))
    assert _option_values(response.content.decode()) == [str(cdcs_a.pk)]


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("prefix", UNIT_PREFIXES)
def test_it_filters_by_unit_and_code_in_constant_queries(client, staff, make_unit, district_a, cdcs_a, prefix,
                                                         django_assert_max_num_queries):
    """The unit (validated: 1 query) and the code (looked up: 1) each add one subtree query, whatever the rows."""
    client.force_login(staff)
    units = [cdcs_a, *(make_unit(f"CS{i:05}", parent=district_a) for i in range(9))]
    for unit in units[:3]:
        make_in(prefix, unit)
    url, chosen = list_url(prefix), {"ma_don_vi": "TPNB", "unit": district_a.pk, "year": "tat-ca"}
    plain, filtered = count_queries(client, url), count_queries(client, url, chosen)
    assert filtered <= plain + 4
    for _ in range(6):
        for unit in units:
            make_in(prefix, unit)
    with django_assert_max_num_queries(filtered):
        response = client.get(url, chosen)
    assert response.context["table"].totals["_count"] == 63


def test_it_labels_every_empty_choice_all_and_closed_units_closed(client, staff, district_b, cdcs_a):
    unit_close(actor=None, unit=district_b, effective_date=dt.date(2025, 7, 1))
    client.force_login(staff)
    html = client.get(list_url("welfare:")).content.decode()
    assert "---------" not in html
    assert html.count('<option value="" selected>Tất cả</option>') == 4  # unit, occasion, form, source
    assert "LĐLĐ huyện Gia Viễn (GV) – ngừng hoạt động từ 01/07/2025" in html
    results = client.get(list_url("movements:result_")).content.decode()
    assert "---------" not in results and results.count(">Tất cả</option>") == 4


def test_it_passes_a_big_subtree_as_a_subquery(client, staff, district_a, cdcs_a, cdcs_b, monkeypatch):
    from unionreport.entry import filters as lists

    monkeypatch.setattr(lists, "MAX_LISTED_IDS", 1)
    wanted = factories.disbursement(cdcs_a)
    factories.disbursement(cdcs_b)
    client.force_login(staff)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(list_url("welfare:"), {"unit": district_a.pk, "year": 2024})
    assert records(response) == {wanted.pk}
    aggregate = next(q["sql"] for q in captured if "SUM(" in q["sql"])
    assert aggregate.count("units_unitpath") == 2  # the access rule's and the subtree's
