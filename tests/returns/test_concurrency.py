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
