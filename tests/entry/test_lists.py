"""The list machinery: every column of every table sorts, totals cover the filtered rows, pages of 50."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tables2 import A

from tests.members import factories
from tests.members.factories import make
from unionreport.core import locks
from unionreport.houses.views import HOUSES
from unionreport.members.views import ACTIVITIES, MEMBERS, WORKFORCE
from unionreport.movements.views import KINDS as MOVEMENT_KINDS
from unionreport.returns.models import ReportingYear
from unionreport.welfare.views import DISBURSEMENTS


@pytest.fixture
def rows(db):
    return factories


KINDS = [MEMBERS, WORKFORCE, ACTIVITIES, DISBURSEMENTS, HOUSES, *MOVEMENT_KINDS]


def prefix_of(kind):
    return f"{kind.namespace}:{kind.prefix}"


def sortable_columns():
    cases = []
    for kind in KINDS:
        table = kind.table_class([])
        for column in table.columns:
            if column.name != "actions":
                cases.append(pytest.param(kind, column.name, id=f"{prefix_of(kind)}{column.name}"))
    return cases


def test_it_makes_every_column_but_the_actions_sortable():
    for kind in KINDS:
        table = kind.table_class([])
        assert all(c.orderable for c in table.columns if c.name != "actions"), prefix_of(kind)


def sort_key(record, order_by):
    return tuple(A(accessor.lstrip("-")).resolve(record, quiet=True) for accessor in order_by)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize(("kind", "column"), sortable_columns())
def test_it_sorts_by_each_column(client, staff, cdcs_a, cdcs_b, db, kind, column, descending):
    prefix = prefix_of(kind)
    for unit in (cdcs_a, cdcs_b, cdcs_a):
        make(prefix, unit)
    client.force_login(staff)
    response = client.get(reverse(kind.url_name("list")),
                          {"sort": ("-" if descending else "") + column, "year": "tat-ca"})
    assert response.status_code == 200
    table = response.context["table"]
    bound = table.columns[column]
    keys = [sort_key(row.record, bound.order_by) for row in table.paginated_rows]
    keys = [k for k in keys if None not in k]  # NULLs sort first or last depending on the database
    assert keys == sorted(keys, reverse=descending)
    assert len(list(table.paginated_rows)) == 3


def test_it_sums_the_filtered_rows_not_the_page(client, staff, cdcs_a, cdcs_b, rows):
    for _ in range(55):
        rows.disbursement(cdcs_a, amount_vnd=1_000_000, person_times=1)
    rows.disbursement(cdcs_b, amount_vnd=7, person_times=1)
    rows.disbursement(cdcs_a, amount_vnd=9, person_times=1, date=dt.date(2023, 5, 1))
    client.force_login(staff)
    response = client.get(reverse("welfare:list"), {"year": 2024, "unit": cdcs_a.pk})
    table = response.context["table"]
    assert len(list(table.paginated_rows)) == 50
    assert table.totals == {"_count": 55, "person_times": 55, "amount_vnd": 55_000_000}
    html = response.content.decode()
    assert "55.000.000" in html and "Tổng cộng năm 2024 (55 dòng)" in html
    page2 = client.get(reverse("welfare:list"), {"year": 2024, "unit": cdcs_a.pk, "page": 2}).context["table"]
    assert len(list(page2.paginated_rows)) == 5


def test_it_keeps_the_filters_in_the_export_links(client, staff, cdcs_a, rows):
    client.force_login(staff)
    html = client.get(reverse("welfare:list"), {"year": 2024, "occasion": "tet", "page": 1}).content.decode()
    assert "?year=2024&amp;occasion=tet&amp;export=csv" in html


def test_it_shows_rows_of_a_locked_year_read_only(client, staff, officer_a, cdcs_a, rows, monkeypatch):
    open_row = rows.disbursement(cdcs_a)
    locked_row = rows.disbursement(cdcs_a, date=dt.date(2023, 3, 1))
    calls = []

    def bulk(pairs):
        calls.append(pairs)
        return {pair: "Năm 2023 đã khóa sổ." for pair in pairs if pair[1] == 2023}

    def single(unit_id, year):
        return "Năm 2023 đã khóa sổ." if year == 2023 else None

    monkeypatch.setattr(locks, "_checkers", [single])
    monkeypatch.setattr(locks, "_bulk", {single: bulk})
    client.force_login(officer_a)
    table = client.get(reverse("welfare:list"), {"year": "tat-ca"}).context["table"]
    assert table.locked == {locked_row.pk: "Năm 2023 đã khóa sổ."}
    assert calls == [{(cdcs_a.pk, 2024), (cdcs_a.pk, 2023)}]  # one call for the whole page
    html = client.get(reverse("welfare:list"), {"year": "tat-ca"}).content.decode()
    assert reverse("welfare:update", args=[open_row.pk]) in html
    assert reverse("welfare:update", args=[locked_row.pk]) not in html
    detail = client.get(reverse("welfare:detail", args=[locked_row.pk]))
    assert "Năm 2023 đã khóa sổ." in detail.content.decode() and detail.context["update_url"] is None
    response = client.post(reverse("welfare:update", args=[locked_row.pk]),
                           factories.valid_post("welfare:", cdcs_a) | {"date": "01/03/2023"})
    assert "Năm 2023 đã khóa sổ." in " ".join(response.context["form"].non_field_errors())
    locked_row.refresh_from_db()
    assert locked_row.amount_vnd == 5_000_000
    assert client.post(reverse("welfare:delete", args=[locked_row.pk])).status_code == 200
    assert type(locked_row).objects.filter(pk=locked_row.pk).exists()


def test_it_asks_a_checker_without_bulk_twin_pair_by_pair(monkeypatch):
    asked = []
    monkeypatch.setattr(locks, "_checkers", [lambda u, y: asked.append((u, y)) or ("khóa" if y == 2020 else None)])
    monkeypatch.setattr(locks, "_bulk", {})
    assert locks.lock_reasons([(1, 2020), (1, 2021), (1, 2020)]) == {(1, 2020): "khóa"}
    assert sorted(asked) == [(1, 2020), (1, 2021)]


def test_it_hides_edit_links_from_leadership(client, leader, cdcs_a, rows):
    row = rows.disbursement(cdcs_a)
    client.force_login(leader)
    html = client.get(reverse("welfare:list")).content.decode()
    assert reverse("welfare:detail", args=[row.pk]) in html
    assert reverse("welfare:update", args=[row.pk]) not in html
    assert reverse("welfare:create") not in html


@pytest.mark.real_default_year
def test_it_opens_on_the_reporting_year_and_offers_every_year(client, staff, cdcs_a, rows):
    rows.disbursement(cdcs_a, amount_vnd=1_000_000, person_times=2, date=dt.date(2023, 5, 1))
    rows.disbursement(cdcs_a, amount_vnd=3_000_000, person_times=5, date=dt.date(2024, 5, 1))
    ReportingYear.objects.create(year=2024, cutoff_date=dt.date(2024, 11, 30), deadline=dt.date(2024, 12, 10),
                                 opened_at=timezone.now())  # the year the province opened, not locked
    client.force_login(staff)
    response = client.get(reverse("welfare:list"))
    html = response.content.decode()
    assert response.context["table"].totals["amount_vnd"] == 3_000_000  # 2024, the year the dashboard shows
    assert "Tổng cộng năm 2024 (1 dòng)" in html
    assert '<option value="tat-ca">Tất cả các năm</option>' in html and '<option value="2024" selected>' in html
    response = client.get(reverse("welfare:list"), {"year": "tat-ca"})
    assert response.context["table"].totals["amount_vnd"] == 4_000_000
    assert "Tổng cộng tất cả các năm (2 dòng)" in response.content.decode()
    assert '<option value="tat-ca" selected>' in response.content.decode()


def test_it_paginates_in_vietnamese(client, staff, cdcs_a, rows):
    for _ in range(120):
        rows.disbursement(cdcs_a, amount_vnd=1_000, person_times=1)
    client.force_login(staff)
    html = client.get(reverse("welfare:list"), {"page": 2}).content.decode()
    assert "Trước</a>" in html and "Sau <span" in html
    assert "previous</a>" not in html.replace(" ", "").replace("\n", "") and "Table navigation" not in html


@pytest.mark.parametrize("order_by", [None, "-year"])
def test_it_orders_rows_equal_on_the_sorted_columns_by_id(staff, order_by):
    # PostgreSQL returns ties in any order, and a counted (GROUP BY) list drops Meta.ordering: pages and
    # exports would repeat or skip rows.
    from unionreport.movements.selectors import movements_for
    from unionreport.movements.tables import MovementTable

    table = MovementTable(movements_for(staff), order_by=order_by)
    assert table.data.data.query.order_by[-1] in ("pk", "id")


def test_it_writes_the_rows_as_django_tables2s_template_would(rf):
    """`ListTable.body_rows` writes what django-tables2's own template writes: escaped cells, localised values,
    the row's attributes, and cell attributes computed per row when they are callables of the record."""
    import django_tables2 as tables
    from django.template import Context, Template

    from unionreport.entry.tables import IntColumn, ListTable

    class Plain(tables.Table):
        name = tables.Column(attrs={"td": {"class": lambda record: f"hang-{record['id']}"}})
        amount = IntColumn(total=False)

        class Meta:
            template_name = "django_tables2/bootstrap5.html"
            row_attrs = {"data-id": lambda record: record["id"]}

    class Ours(ListTable):
        name = tables.Column(attrs={"td": {"class": lambda record: f"hang-{record['id']}"}})
        amount = IntColumn(total=False)

        class Meta(ListTable.Meta):
            row_attrs = {"data-id": lambda record: record["id"]}

    data = [{"id": 1, "name": "<b>Hoa & Lan</b>", "amount": 1_500_000}, {"id": 2, "name": "Bình", "amount": 0}]
    request = rf.get("/")

    def body(table_class):
        table = table_class(data)
        html = Template("{% load django_tables2 %}{% render_table table %}").render(
            Context({"table": table, "request": request}))
        inner = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
        return " ".join(inner.split()).replace("> <", "><")

    assert body(Ours) == body(Plain)
    assert "&lt;b&gt;Hoa &amp; Lan&lt;/b&gt;" in body(Ours) and 'class="hang-2"' in body(Ours)
