"""Every url of the domain apps, generated from the url conf: access (IDOR), leadership, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse

from tests.members import factories
from tests.members.factories import MODELS, PROVINCE_KINDS, UNIT_KINDS, make, valid_post
from unionreport.core import locks
from unionreport.returns.locks import return_lock_reason
from unionreport.returns.models import ReportingYear, Return

NAMESPACES = ["members", "welfare", "houses", "movements", "reports"]
ACTIONS = ("list", "create", "detail", "update", "delete")
WRITE_ACTIONS = ("create", "update", "delete")


def all_patterns():
    """(namespace, name, needs_pk) for every url pattern of the domain apps."""
    found = []
    resolver = get_resolver()
    for ns in NAMESPACES:
        _, sub = resolver.namespace_dict[ns]
        for pattern in sub.url_patterns:
            assert isinstance(pattern, URLPattern)
            if ns == "reports" and not pattern.callback.__name__.startswith("entry_"):
                continue  # the report pages themselves (tests/reports)
            found.append((ns, pattern.name, "pk" in pattern.pattern.converters))
    return found


def split(ns, name):
    """('welfare', 'update') -> ('welfare:', 'update'); ('members', 'workforce_list') -> ('members:workforce_', ...)."""
    for action in ACTIONS:
        if name == action or name.endswith("_" + action):
            return f"{ns}:{name[: -len(action)]}", action
    return f"{ns}:{name}", None


PATTERNS = all_patterns()
PK_PATTERNS = [p for p in PATTERNS if p[2]]
WRITE_PATTERNS = [p for p in PATTERNS if split(p[0], p[1])[1] in WRITE_ACTIONS]
LIST_PATTERNS = [p for p in PATTERNS if split(p[0], p[1])[1] == "list"]


def url_of(ns, name, obj=None):
    return reverse(f"{ns}:{name}", kwargs={"pk": obj.pk} if obj is not None else None)


def test_it_knows_every_kind_behind_the_urls():
    prefixes = {split(ns, name)[0] for ns, name, _ in PATTERNS if split(ns, name)[1]}
    assert prefixes == set(UNIT_KINDS) | set(PROVINCE_KINDS)
    assert len(PK_PATTERNS) == 3 * len(prefixes)


@pytest.mark.parametrize(("ns", "name", "_pk"), PK_PATTERNS, ids=[f"{n}:{m}" for n, m, _ in PK_PATTERNS])
def test_it_answers_404_for_another_units_row(client, officer_a, cdcs_a, cdcs_b, db, ns, name, _pk):
    prefix, action = split(ns, name)
    client.force_login(officer_a)
    if prefix in PROVINCE_KINDS:  # the province's lists: readable by all, writable by staff only
        obj = make(prefix)
        expected = 403 if action in WRITE_ACTIONS else 200
        assert client.get(url_of(ns, name, obj)).status_code == expected
        if action in WRITE_ACTIONS:
            assert client.post(url_of(ns, name, obj), valid_post(prefix)).status_code == 403
        return
    obj = make(prefix, cdcs_b)
    before = factories_snapshot(obj)
    assert client.get(url_of(ns, name, obj)).status_code == 404
    # read-only urls refuse POST whatever the object (405 reveals nothing)
    assert client.post(url_of(ns, name, obj), valid_post(prefix, cdcs_a)).status_code == (
        404 if action in WRITE_ACTIONS else 405)
    assert factories_snapshot(obj) == before


def factories_snapshot(obj):
    model = type(obj)
    return [*list(model.objects.filter(pk=obj.pk).values()), model.history.count()]


@pytest.mark.parametrize(("ns", "name", "needs_pk"), WRITE_PATTERNS, ids=[f"{n}:{m}" for n, m, _ in WRITE_PATTERNS])
def test_it_keeps_leadership_read_only(client, leader, cdcs_a, db, ns, name, needs_pk):
    prefix, _ = split(ns, name)
    obj = make(prefix, cdcs_a) if needs_pk else None
    data = valid_post(prefix, cdcs_a)
    before = list(MODELS[prefix].objects.values())
    client.force_login(leader)
    assert client.get(url_of(ns, name, obj)).status_code in (403, 404)
    assert client.post(url_of(ns, name, obj), data).status_code in (403, 404)
    assert list(MODELS[prefix].objects.values()) == before


@pytest.mark.parametrize("prefix", list(UNIT_KINDS))
def test_it_refuses_to_create_a_row_for_another_unit(client, officer_a, cdcs_a, cdcs_b, db, prefix):
    client.force_login(officer_a)
    data = valid_post(prefix, cdcs_b)
    model = MODELS[prefix]
    count = model.objects.count()
    response = client.post(reverse(prefix + "create"), data)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert model.objects.count() == count


@pytest.mark.parametrize("prefix", [*UNIT_KINDS, *PROVINCE_KINDS])
def test_it_creates_edits_and_deletes_with_history(client, staff, cdcs_a, db, prefix):
    client.force_login(staff)
    response = client.post(reverse(prefix + "create"), valid_post(prefix, cdcs_a))
    assert response.status_code == 302, response.context["form"].errors
    detail = response.url
    pk = int(detail.rstrip("/").split("/")[-1])
    page = client.get(detail)
    assert page.status_code == 200
    assert "Tạo mới" in page.content.decode()
    obj = page.context["object"]
    assert obj.history.latest().history_user == staff
    assert client.get(reverse(prefix + "update", args=[pk])).status_code == 200
    assert client.post(reverse(prefix + "delete", args=[pk])).status_code == 302
    assert not type(obj).objects.filter(pk=pk).exists()
    assert type(obj).history.filter(id=pk, history_type="-").get().history_user == staff


def make_rows(prefix, n, units):
    """n rows spread over `units` (and, for yearly kinds, over years): the page holds many (unit, year) pairs."""
    if prefix == "movements:result_":
        indicator = factories.indicator()
        return [factories.result(units[i % len(units)], indicator, year=2015 + i // len(units)) for i in range(n)]
    if prefix == "movements:indicator_":
        movement = factories.movement()
        return [factories.indicator(movement) for _ in range(n)]
    if prefix == "welfare:":
        return [factories.disbursement(units[i % len(units)], date=dt.date(2015 + i % 10, 3, 1)) for i in range(n)]
    if prefix in UNIT_KINDS:
        return [make(prefix, units[i % len(units)]) for i in range(n)]
    return [make(prefix) for _ in range(n)]


@pytest.fixture
def approved_returns(cdcs_a, staff):
    """The real lock checker of the returns app answers: a locked year, approved returns."""
    ReportingYear.objects.create(year=2016, cutoff_date=dt.date(2016, 11, 30), deadline=dt.date(2016, 12, 10),
                                 locked=True)
    for n in (2017, 2020, 2023, 2024):
        Return.objects.create(unit=cdcs_a, year=n, status=Return.Status.APPROVED_PROVINCE, approved_province_by=staff)


@pytest.mark.usefixtures("approved_returns")
@pytest.mark.parametrize(("ns", "name", "_pk"), LIST_PATTERNS, ids=[f"{n}:{m}" for n, m, _ in LIST_PATTERNS])
def test_it_lists_in_constant_queries(client, staff, make_unit, district_a, cdcs_a, db,
                                      django_assert_max_num_queries, ns, name, _pk):
    """With every registered lock checker (the returns app's included): the same count at 5 and 200 rows."""
    assert return_lock_reason in locks._checkers
    prefix, _ = split(ns, name)
    units = [cdcs_a, *(make_unit(f"Q-{i:02}", parent=district_a) for i in range(24))]
    client.force_login(staff)
    make_rows(prefix, 5, units)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url_of(ns, name), {"year": "tat-ca"}).status_code == 200
    make_rows(prefix, 195, units)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url_of(ns, name), {"year": "tat-ca"})
    assert response.status_code == 200
    assert response.context["table"].totals["_count"] == 200
    assert len(few) <= 12


def test_it_shows_the_movements_index_with_links(client, officer_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    with django_assert_max_num_queries(4):
        html = client.get(reverse("movements:index")).content.decode()
    for url_name in ("movements:movement_list", "movements:result_list", "reports:target_list",
                     "movements:directive_list", "movements:theme_list"):
        assert reverse(url_name) in html
