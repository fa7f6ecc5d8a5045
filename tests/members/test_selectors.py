import datetime as dt

from unionreport.members.selectors import grassroots_changes, member_counts, member_counts_under, members_for
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids


def test_it_counts_members_new_and_left_in_a_year(cdcs_a, cdcs_b, district_a, rows):
    rows.member(cdcs_a, joined_on=dt.date(2020, 1, 1))
    rows.member(cdcs_a, joined_on=dt.date(2024, 3, 1), sex="nu")
    rows.member(cdcs_a, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2024, 6, 1))
    rows.member(cdcs_a, joined_on=dt.date(2025, 1, 1))
    rows.member(cdcs_b, joined_on=dt.date(2020, 1, 1))
    counts = member_counts(unit_ids=subtree_ids(district_a, dt.date(2024, 12, 31)), year=2024)
    assert (counts.members, counts.female, counts.new, counts.left) == (2, 1, 1, 1)
    assert member_counts_under(district_a, 2024) == counts


def test_it_counts_members_at_any_date(cdcs_a, rows):
    rows.member(cdcs_a, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2024, 6, 1))
    before = member_counts(unit_ids=[cdcs_a.pk], year=2024, as_of=dt.date(2024, 5, 31))
    on_leaving_day = member_counts(unit_ids=[cdcs_a.pk], year=2024, as_of=dt.date(2024, 6, 1))
    assert (before.members, on_leaving_day.members) == (1, 0)


def test_it_counts_grassroots_founded_and_dissolved(make_unit, district_a, cdcs_a):
    make_unit("CDCS-NEW", parent=district_a, valid_from=dt.date(2024, 4, 1))
    closing = make_unit("CDCS-OLD", parent=district_a)
    Unit.objects.filter(pk=closing.pk).update(valid_to=dt.date(2024, 9, 1))
    changes = grassroots_changes(unit=district_a, year=2024)
    assert changes.founded == 1
    assert changes.dissolved == 1


def test_it_shows_an_officer_only_its_own_members(officer_a, cdcs_a, cdcs_b, rows):
    mine = rows.member(cdcs_a)
    rows.member(cdcs_b)
    assert list(members_for(officer_a)) == [mine]
