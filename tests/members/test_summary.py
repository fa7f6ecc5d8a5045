"""The member summary equals a GROUP BY of the roster (joining and leaving years, members at each year end and the
unit's next year) after every write path."""

import datetime as dt
from collections import Counter

import pytest

from tests.returns.conftest import as_file, filled, movement  # noqa: F401  (fixtures)
from unionreport.members.bulk import members_upsert
from unionreport.members.models import Member, MemberSummary
from unionreport.members.services import MemberData, member_create, member_delete, member_update
from unionreport.members.summary import member_summary_rebuild
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db


def raw_groups() -> set[tuple]:
    """(unit, year, joined, joined_female, left, left_female) counted in Python from the rows."""
    counts: Counter = Counter()
    for m in Member.objects.all():
        female = int(m.sex == Member.Sex.FEMALE)
        counts[(m.unit_id, m.joined_on.year, 0)] += 1
        counts[(m.unit_id, m.joined_on.year, 1)] += female
        if m.left_on:
            counts[(m.unit_id, m.left_on.year, 2)] += 1
            counts[(m.unit_id, m.left_on.year, 3)] += female
    groups = set()
    for unit in {unit for unit, _, _ in counts}:
        years = sorted({year for u, year, _ in counts if u == unit})
        members = 0
        for year, next_year in zip(years, [*years[1:], None], strict=True):  # members at the end of each year
            members += counts[(unit, year, 0)] - counts[(unit, year, 2)]
            groups.add((unit, year, *(counts[(unit, year, i)] for i in range(4)), members, next_year))
    return groups


def summary_groups() -> set[tuple]:
    return set(MemberSummary.objects.values_list("unit_id", "year", "joined", "joined_female", "left", "left_female",
                                                 "members_end", "next_year"))


def data(unit, card, sex="nu", joined=dt.date(2020, 3, 1), left=None):
    return MemberData(unit=unit, card_number=card, full_name=f"Đoàn viên {card}", sex=sex, birth_year=1990,
                      joined_on=joined, left_on=left)


def test_it_keeps_the_summary_equal_to_the_roster_through_the_services(staff, cdcs_a, cdcs_b):
    a = member_create(actor=staff, data=data(cdcs_a, "A1"))
    member_create(actor=staff, data=data(cdcs_a, "A2", sex="nam", joined=dt.date(2024, 2, 1)))
    b = member_create(actor=staff, data=data(cdcs_b, "B1", left=dt.date(2024, 6, 30)))
    assert summary_groups() == raw_groups()
    assert summary_groups() >= {(cdcs_a.pk, 2020, 1, 1, 0, 0, 1, 2024), (cdcs_a.pk, 2024, 1, 0, 0, 0, 2, None),
                                (cdcs_b.pk, 2024, 0, 0, 1, 1, 0, None)}
    member_update(actor=staff, obj=a, data=data(cdcs_a, "A1", joined=dt.date(2021, 3, 1), left=dt.date(2024, 1, 5)))
    assert summary_groups() == raw_groups()
    assert not MemberSummary.objects.filter(unit=cdcs_a, year=2020).exists()
    member_delete(actor=staff, obj=b)
    assert summary_groups() == raw_groups()
    assert not MemberSummary.objects.filter(unit=cdcs_b).exists()


def test_it_counts_the_upserted_roster_and_a_rebuild_agrees(cdcs_a):
    rows = [{"card_number": f"{n:04d}", "full_name": f"Người {n}", "sex": "nu" if n % 2 else "nam",
             "birth_year": 1990, "joined_on": dt.date(2018 + n % 5, 1, 1),
             "left_on": dt.date(2024, 5, 1) if n % 3 == 0 else None} for n in range(20)]
    members_upsert(unit=cdcs_a, rows=rows, batch=None)
    assert summary_groups() == raw_groups()
    rows[0] = rows[0] | {"left_on": None, "joined_on": dt.date(2010, 1, 1)}
    members_upsert(unit=cdcs_a, rows=rows, batch=None)
    assert summary_groups() == raw_groups()
    MemberSummary.objects.all().delete()
    member_summary_rebuild()
    assert summary_groups() == raw_groups()


def test_it_keeps_the_summary_through_an_import_and_a_reimport(staff, filled, cdcs_a):  # noqa: F811
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    assert summary_groups() == raw_groups()
    wb = filled(members=[[1, "001234", "Nguyễn Thị Hoa Mai", "Nữ", 1990, "05/03/2015", "01/10/2024"],
                         [2, "009999", "Phạm Văn Dũng", "Nam", 1995, "01/06/2024", None]], houses=[])
    assert return_import_file(actor=staff, path_or_file=as_file(wb)).ok
    assert summary_groups() == raw_groups()
    assert MemberSummary.objects.get(unit=cdcs_a, year=2024).left_female == 1
