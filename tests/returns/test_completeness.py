"""Completeness counted in the database equals the former Python loop over the expected CĐCS."""

import datetime as dt

import pytest
from django.utils import timezone

from unionreport.returns.models import Return
from unionreport.returns.selectors import CompletenessRow, completeness, reporting_year
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import valid_on_q
from unionreport.units.services import unit_close, unit_rename

YEAR = 2024
S = Return.Status
COUNTS = ("expected", "submitted", "on_time", "late", "approved_upper", "approved_province", "nothing_to_report")


def _old_completeness(scope, year):
    """The selector as it was (a Python loop over every expected CĐCS): the reference for the counts."""
    settings_row = reporting_year(year)
    as_of, deadline = settings_row.cutoff_date, settings_row.deadline
    children = UnitPath.objects.filter(valid_on_q(as_of), ancestor=scope, depth=1).values("unit_id")
    expected_paths = UnitPath.objects.filter(valid_on_q(as_of), ancestor_id__in=children,
                                             unit__level=Unit.Level.GRASSROOTS)
    expected = list(expected_paths.values("unit_id", "ancestor_id", "unit__code", "unit__name",
                                          "unit__contact_person", "unit__phone").order_by("unit__code"))
    names = {p.unit_id: (p.unit.code, p.name) for p in UnitPeriod.objects.filter(
        valid_on_q(as_of), unit_id__in={row["ancestor_id"] for row in expected}).select_related("unit")}
    returns = {r["unit_id"]: r for r in Return.objects.filter(year=year, unit_id__in=expected_paths.values(
        "unit_id")).values("unit_id", "status", "submitted_at", "nothing_to_report")}
    rows, missing = {}, []
    total = CompletenessRow(code="", name="Tổng cộng")
    for row in expected:
        code, name = names.get(row["ancestor_id"], (row["unit__code"], row["unit__name"]))
        target = rows.setdefault(row["ancestor_id"], CompletenessRow(code=code, name=name))
        ret = returns.get(row["unit_id"])
        for bucket in (target, total):
            bucket.expected += 1
            if ret is None or ret["status"] not in Return.SENT:
                continue
            bucket.submitted += 1
            bucket.nothing_to_report += ret["nothing_to_report"]
            on = timezone.localtime(ret["submitted_at"]).date() if ret["submitted_at"] else None
            if on is not None and on <= deadline:
                bucket.on_time += 1
            else:
                bucket.late += 1
            bucket.approved_upper += ret["status"] == S.APPROVED_UPPER
            bucket.approved_province += ret["status"] == S.APPROVED_PROVINCE
        if ret is None or ret["status"] not in Return.SENT:
            missing.append({"code": row["unit__code"], "name": row["unit__name"], "parent": name,
                            "contact": row["unit__contact_person"], "phone": row["unit__phone"]})
    return sorted(rows.values(), key=lambda r: r.code), total, missing


def _counts(row):
    return (row.code, row.name, *(getattr(row, name) for name in COUNTS))


def _utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def mixed(province, district_a, district_b, cdcs_a, cdcs_b, make_unit, staff):
    """Every case: on time (to the last local minute), late (by one local minute, or no date), nothing to
    report, each status, another year's return, a closed CĐCS, a renamed district, a CĐCS under the province."""
    deadline = reporting_year(YEAR).deadline  # 10/12: ends at 10/12 17:00 UTC (00:00 on 11/12 in Hà Nội)
    cases = [
        ("A-ONTIME", district_a, S.SUBMITTED, _utc(2024, 12, 1, 9), False),
        ("A-LASTMIN", district_a, S.SUBMITTED, _utc(2024, 12, deadline.day, 16, 59), False),
        ("A-LATE", district_a, S.SUBMITTED, _utc(2024, 12, deadline.day, 17, 0), False),
        ("A-NODATE", district_a, S.APPROVED_UPPER, None, False),
        ("A-NOTHING", district_a, S.SUBMITTED, _utc(2024, 12, 2), True),
        ("A-DRAFT", district_a, S.DRAFT, None, False),
        ("A-DRAFTNOTHING", district_a, S.DRAFT, None, True),
        ("B-UPPER", district_b, S.APPROVED_UPPER, _utc(2024, 11, 20), False),
        ("B-PROV", district_b, S.APPROVED_PROVINCE, _utc(2025, 1, 5), True),
        ("B-NONE", district_b, None, None, False),
        ("P-DIRECT", province, S.APPROVED_PROVINCE, _utc(2024, 12, 3), False),
        ("P-DIRECT2", province, None, None, False),
    ]
    for code, parent, status, submitted_at, nothing in cases:
        unit = make_unit(code, f"CĐ {code}", parent=parent)
        unit.phone = "0912 345 678"
        unit.save(update_fields=["phone"])
        if status:
            Return.objects.create(unit=unit, year=YEAR, status=status, submitted_at=submitted_at,
                                  nothing_to_report=nothing)
    Return.objects.create(unit=cdcs_b, year=YEAR - 1, status=S.APPROVED_PROVINCE, submitted_at=_utc(2023, 12, 1))
    closed = make_unit("A-CLOSED", parent=district_a)
    unit_close(actor=staff, unit=closed, effective_date=dt.date(2024, 6, 1))
    unit_rename(actor=staff, unit=district_b, new_name="LĐLĐ huyện Gia Viễn mới", effective_date=dt.date(2025, 2, 1))
    return deadline


def test_it_counts_like_the_python_loop(mixed, province, district_a, django_assert_max_num_queries):
    for scope in (province, district_a):
        rows, total, missing = _old_completeness(scope, YEAR)
        with django_assert_max_num_queries(4):
            data = completeness(scope, YEAR)
        assert [_counts(r) for r in sorted(data.by_code.values(), key=lambda r: r.code)] == [_counts(r) for r in rows]
        assert _counts(data.total) == _counts(total)
        assert data.missing_units == missing and data.missing_count == len(missing)


def test_it_counts_the_mixed_fixture_by_hand(mixed, province):
    data = completeness(province, YEAR)
    got = {r.code: tuple(getattr(r, name) for name in COUNTS) for r in data.by_code.values()}
    assert got["TPNB"] == (8, 5, 3, 2, 1, 0, 1)  # + CDCS-A (no return); A-CLOSED not expected
    assert got["GV"] == (4, 2, 1, 1, 1, 1, 1)  # CDCS-B's 2023 return does not count
    assert data.rows[0].name == "LĐLĐ huyện Gia Viễn"  # the name on the cut-off date
    assert got["P-DIRECT"] == (1, 1, 1, 0, 0, 1, 0) and got["P-DIRECT2"] == (1, 0, 0, 0, 0, 0, 0)
    direct = data.rows[-1]  # the CĐCS directly under the province: one row, after the upper-level units
    assert (direct.name, direct.expected, direct.submitted, direct.approved) == ("CĐCS trực thuộc trực tiếp", 2, 1, 1)
    assert [r.code for r in data.rows] == ["GV", "TPNB", "TINH"]
    assert data.total.missing == data.missing_count == 6


def test_it_lists_only_the_first_missing_units_when_asked(mixed, province, django_assert_max_num_queries):
    everything = completeness(province, YEAR).missing_units
    assert [m["code"] for m in everything] == ["A-DRAFT", "A-DRAFTNOTHING", "B-NONE", "CDCS-A", "CDCS-B",
                                              "P-DIRECT2"]
    first = completeness(province, YEAR, missing_limit=2)
    assert first.missing_units == everything[:2] and first.missing_count == 6
    with django_assert_max_num_queries(3):
        none = completeness(province, YEAR, missing_limit=0)
    assert none.missing_units == [] and none.missing_count == 6
    assert _counts(none.total) == _counts(first.total)
