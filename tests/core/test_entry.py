"""Every url of the domain apps, generated from the url conf: access (IDOR), leadership, query counts."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.members import factories
from tests.members.factories import MODELS, PROVINCE_KINDS, UNIT_KINDS, make, valid_post

NAMESPACES = ["members", "welfare", "houses", "movements"]
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


def make_rows(prefix, n, unit):
    if prefix == "movements:result_":
        indicator = factories.indicator()
        return [factories.result(unit, indicator) for _ in range(n)]
    if prefix == "movements:indicator_":
        movement = factories.movement()
        return [factories.indicator(movement) for _ in range(n)]
    return [make(prefix, unit) for _ in range(n)]


@pytest.fixture
def bulk_lock_checkers_only(monkeypatch):
    """Lists ask the lock checkers once per page through their bulk twins; a checker registered
    without one (asked pair by pair) is left out here, and reported to its owner."""
    from unionreport.core import locks

    monkeypatch.setattr(locks, "_checkers", [c for c in locks._checkers if c in locks._bulk])


@pytest.mark.usefixtures("bulk_lock_checkers_only")
@pytest.mark.parametrize(("ns", "name", "_pk"), LIST_PATTERNS, ids=[f"{n}:{m}" for n, m, _ in LIST_PATTERNS])
def test_it_lists_in_constant_queries(client, staff, cdcs_a, db, django_assert_max_num_queries, ns, name, _pk):
    prefix, _ = split(ns, name)
    client.force_login(staff)
    make_rows(prefix, 5, cdcs_a)
    with django_assert_max_num_queries(12):
        assert client.get(url_of(ns, name)).status_code == 200
    make_rows(prefix, 195, cdcs_a)
    with django_assert_max_num_queries(12):
        response = client.get(url_of(ns, name))
    assert response.status_code == 200
    assert response.context["table"].totals["_count"] == 200


def test_it_shows_the_movements_index_with_links(client, officer_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    with django_assert_max_num_queries(4):
        html = client.get(reverse("movements:index")).content.decode()
    for url_name in ("movement_list", "result_list", "target_list", "directive_list", "theme_list"):
        assert reverse(f"movements:{url_name}") in html
