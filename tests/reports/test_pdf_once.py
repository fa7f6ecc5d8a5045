"""A report PDF asked for by several people at once is built once; a write makes the next request build anew."""

import threading
import time

import pytest

from unionreport.reports import pdf_once
from unionreport.welfare.models import Disbursement


def test_it_builds_once_for_requests_that_ask_at_the_same_time(monkeypatch):
    monkeypatch.setattr(pdf_once, "data_version", lambda: ("v1",))
    monkeypatch.setattr(pdf_once, "_one_at_a_time", _thread_lock_only())
    built = []

    def build():
        built.append(1)
        time.sleep(0.2)  # the others arrive while it builds
        return b"%PDF-1"

    results = []
    threads = [threading.Thread(target=lambda: results.append(pdf_once.built_once("k", build))) for _ in range(5)]
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


@pytest.mark.django_db
def test_it_builds_again_after_any_write_below_the_node(cdcs_a):
    built = []

    def build():
        built.append(1)
        return f"pdf {len(built)}".encode()

    first = pdf_once.built_once("report-pdf:x", build)
    assert pdf_once.built_once("report-pdf:x", build) == first  # same data: the same bytes
    row = Disbursement(unit=cdcs_a, date="2024-03-08", occasion="other", form="gift", person_times=1,
                       amount_vnd=500_000, source="union_funds")
    row.save()  # an edit through the page (its history row moves the data version)
    assert pdf_once.built_once("report-pdf:x", build) == b"pdf 2"
    row.delete()
    assert pdf_once.built_once("report-pdf:x", build) == b"pdf 3"
