"""A report PDF asked for by several people at once is built once; a write makes the next request build anew."""

import datetime as dt
import threading
import time

import pytest

from unionreport.reports import once
from unionreport.welfare.models import Disbursement


def test_it_builds_once_for_requests_that_ask_at_the_same_time(monkeypatch):
    monkeypatch.setattr(once, "data_version", lambda: ("v1",))
    monkeypatch.setattr(once, "_one_at_a_time", _thread_lock_only())
    built = []

    def build():
        built.append(1)
        time.sleep(0.2)  # the others arrive while it builds
        return b"%PDF-1"

    results = []
    threads = [threading.Thread(target=lambda: results.append(once.built_once("k", build))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"%PDF-1"] * 5
    assert len(built) == 1


def _thread_lock_only():
    lock = threading.Lock()

    class _Ctx:
        def __init__(self, key):
            pass

        def __enter__(self):
            lock.acquire()

        def __exit__(self, *exc):
            lock.release()

    return _Ctx


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request runs
def test_it_builds_again_after_any_write_below_the_node(cdcs_a):
    built = []

    def build():
        built.append(1)
        return f"pdf {len(built)}".encode()

    first = once.built_once("report-pdf:x", build)
    assert once.built_once("report-pdf:x", build) == first  # same data: the same bytes
    row = Disbursement(unit=cdcs_a, date="2024-03-08", occasion="other", form="gift", person_times=1,
                       amount_vnd=500_000, source="union_funds")
    row.save()  # an edit through the page (its history row moves the data version)
    assert once.built_once("report-pdf:x", build) == b"pdf 2"
    row.delete()
    assert once.built_once("report-pdf:x", build) == b"pdf 3"


def _disbursement(actor, unit, amount):
    from unionreport.welfare.services import DisbursementData, disbursement_create

    return disbursement_create(actor=actor, data=DisbursementData(  # as the entry page saves it
        unit=unit, date=dt.date(2024, 3, 8), occasion="other", form="gift", person_times=1, amount_vnd=amount,
        source="union_funds"))


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request runs
def test_it_serves_the_figures_from_the_cache_until_a_write_below_the_node(staff, province, cdcs_a,
                                                                          django_assert_max_num_queries):
    from unionreport.reports.figures import figures_for
    from unionreport.welfare.services import disbursement_delete

    _disbursement(staff, cdcs_a, 500_000)
    assert figures_for(province, 2024).get("cham_lo.tien") == 500_000
    with django_assert_max_num_queries(1):  # the data version only
        assert figures_for(province, 2024).get("cham_lo.tien") == 500_000
    row = _disbursement(staff, cdcs_a, 250_000)
    assert figures_for(province, 2024).get("cham_lo.tien") == 750_000  # the next request sees the write
    disbursement_delete(actor=staff, obj=row)
    assert figures_for(province, 2024).get("cham_lo.tien") == 500_000


@pytest.mark.django_db
def test_it_neither_caches_nor_reads_the_cache_inside_a_transaction(staff, province, cdcs_a):
    from django.core.cache import cache

    from unionreport.reports.figures import figures_for

    _disbursement(staff, cdcs_a, 500_000)
    assert figures_for(province, 2024).get("cham_lo.tien") == 500_000
    assert cache.get(f"figures:{province.pk}:2024") is None  # what a rolled-back preview saw is never kept


@pytest.mark.django_db(transaction=True)
def test_it_shares_the_figures_between_processes_through_the_database_cache(settings, staff, province, cdcs_a,
                                                                             django_assert_max_num_queries):
    from django.core.cache import cache

    from unionreport.reports.figures import figures_for

    settings.CACHES = {"default": settings.CACHE_BACKENDS["database"]}  # CACHE_BACKEND=database
    try:
        _disbursement(staff, cdcs_a, 500_000)
        assert figures_for(province, 2024).get("cham_lo.tien") == 500_000
        assert cache.get(f"figures:{province.pk}:2024") is not None  # in table unionreport_cache
        with django_assert_max_num_queries(2):  # the data version, the cache's row
            assert figures_for(province, 2024).get("cham_lo.tien") == 500_000
        _disbursement(staff, cdcs_a, 250_000)
        assert figures_for(province, 2024).get("cham_lo.tien") == 750_000
    finally:
        cache.clear()


@pytest.mark.django_db(transaction=True)
def test_it_serves_new_figures_after_a_reorganisation_and_after_its_undo(staff, district_a, district_b, cdcs_a):
    from unionreport.organisation.services import reorganise_move, reorganise_undo
    from unionreport.reports.figures import figures_for

    _disbursement(staff, cdcs_a, 500_000)
    assert figures_for(district_a, 2024).get("cham_lo.tien") == 500_000
    reorganise_move(actor=staff, units=[cdcs_a], new_parent=district_b, effective_date=dt.date(2024, 6, 1))
    assert figures_for(district_a, 2024).get("cham_lo.tien") == 0  # under district B on 31/12/2024
    assert figures_for(district_b, 2024).get("cham_lo.tien") == 500_000
    reorganise_undo(actor=staff, unit=cdcs_a)  # adds no history row: the periods it removes and its time do
    assert figures_for(district_a, 2024).get("cham_lo.tien") == 500_000
    assert figures_for(district_b, 2024).get("cham_lo.tien") == 0
