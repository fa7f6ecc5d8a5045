"""Two people uploading or approving the same return at once: row locks serialise them (PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from tests.returns.conftest import YEAR, as_file
from unionreport.returns import services, workflow
from unionreport.returns.models import Return, ReturnVersion
from unionreport.welfare.models import Disbursement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE) need PostgreSQL")


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, fn):
        from django.db import connection as conn

        try:
            barrier.wait()
            outcomes[index] = fn()
        except Exception as error:
            outcomes[index] = error
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_it_serialises_two_uploads_of_the_same_return(staff, upper_officer_a, filled, cdcs_a):
    one = as_file(filled(welfare=[[1, "01/02/2024", "Khác", "Khác", 1, 100_000, "Khác", ""]]))
    two = as_file(filled(welfare=[[1, "01/03/2024", "Khác", "Khác", 2, 200_000, "Khác", ""],
                                  [2, "01/04/2024", "Khác", "Khác", 3, 300_000, "Khác", ""]]))
    outcomes = _together(lambda: services.return_import_file(actor=staff, path_or_file=one),
                         lambda: services.return_import_file(actor=upper_officer_a, path_or_file=two))
    assert all(getattr(o, "imported", False) for o in outcomes), outcomes
    assert sorted(ReturnVersion.objects.values_list("number", flat=True)) == [1, 2]
    current = Return.objects.get(unit=cdcs_a, year=YEAR).current_version
    assert current.number == 2
    expected = 1 if current.uploaded_by == staff else 2
    assert Disbursement.objects.filter(unit=cdcs_a).count() == expected


def test_it_serialises_two_approvals(staff, upper_officer_a, officer_a, filled, cdcs_a):
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled())).imported
    workflow.return_submit(actor=officer_a, unit=cdcs_a, year=YEAR)
    outcomes = _together(lambda: workflow.return_approve(actor=upper_officer_a, unit=cdcs_a, year=YEAR),
                         lambda: workflow.return_approve(actor=staff, unit=cdcs_a, year=YEAR))
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    # Whatever the order, no approval was lost: both steps happened, or the second saw the first's result.
    if ret.status == Return.Status.APPROVED_PROVINCE:
        assert ret.approved_upper_by == upper_officer_a and ret.approved_province_by == staff
    else:
        assert ret.status == Return.Status.APPROVED_UPPER
        assert any(isinstance(o, Exception) for o in outcomes)


def test_it_approves_one_step_for_a_double_click(staff, officer_a, filled, cdcs_a):
    from unionreport.returns.workflow import ReturnChanged

    assert services.return_import_file(actor=staff, path_or_file=as_file(filled())).imported
    seen = workflow.return_submit(actor=officer_a, unit=cdcs_a, year=YEAR).version
    def approve():
        return workflow.return_approve(actor=staff, unit=cdcs_a, year=YEAR, seen_version=seen)

    outcomes = _together(approve, approve)
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    assert ret.status == Return.Status.APPROVED_UPPER and ret.approved_province_by is None
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ReturnChanged)
    assert "không cần duyệt lại" in refused[0].message
    assert ret.events.filter(kind="approved_upper").count() == 1


def test_it_lets_two_approvers_bulk_approve_overlapping_selections(staff, make_unit, district_b):
    from unionreport.accounts.models import User
    from unionreport.review import bulk

    other = User.objects.create_user(username="canbo_tinh_2", password="x", role=User.Role.PROVINCE_STAFF,
                                     unit=staff.unit)
    returns = [Return.objects.create(unit=make_unit(f"B-{i}", parent=district_b), year=YEAR, nothing_to_report=True,
                                     status=Return.Status.SUBMITTED) for i in range(6)]
    picks = [f"{r.pk}:{r.version}" for r in returns]
    first, second = _together(lambda: bulk.approve_all(staff, picks[:4]), lambda: bulk.approve_all(other, picks[2:]))
    approved = [p.ret.pk for p in [*first, *second] if p.ok]
    assert sorted(approved) == sorted(r.pk for r in returns)  # each once: no lost update, no double approval
    overlap = [p for p in [*first, *second] if p.ret.pk in {returns[2].pk, returns[3].pk} and not p.ok]
    assert len(overlap) == 2 and all("không cần duyệt lại" in p.message for p in overlap)
    for ret in Return.objects.filter(pk__in=[r.pk for r in returns]):
        assert ret.status == Return.Status.APPROVED_UPPER and ret.version == 1
        assert ret.events.filter(kind="approved_upper").count() == 1
