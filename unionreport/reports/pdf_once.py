"""A report PDF that several people ask for at once is built once (issue 17: 2–3 s of CPU each at the merged size).

Requests for the same unit-year queue on a lock (a thread lock in the process, a PostgreSQL advisory lock
across worker processes); the first builds, the others take its bytes from the cache if the data has not
changed since. "Changed" is the data version: one query reading the largest id of every table a write of
figures leaves a new row in (the history of every edited row, import batches, the per unit-year summaries
that every write rebuilds with new rows, reorganisation events, aggregate history) and the returns' last
update. Any write anywhere gives a new version, so a write below the node is always in the next PDF; the
cache only ever serves a PDF built from the same data.

Across processes the bytes are shared only if CACHES is a shared cache (the default cache is per process:
then each process builds at most once per version, one at a time).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from contextlib import contextmanager

from django.apps import apps
from django.core.cache import cache
from django.db import connection

CACHE_SECONDS = 15 * 60
_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}
# Tables whose largest id moves on every write of figures (besides every history table).
_VERSIONED = ("core.ImportBatch", "welfare.WelfareSummary", "members.MemberSummary", "units.Reorganisation",
              "units.Succession", "units.UnitPeriod", "reports.AggregateImport", "reports.AggregateFigure")


def _tables() -> list[tuple[str, str]]:
    models = [apps.get_model(label) for label in _VERSIONED]
    models += [m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "instance_type")
               and m._meta.app_label != "accounts"]
    return sorted({(m._meta.db_table, m._meta.pk.column) for m in models})


def data_version() -> tuple:
    """The data's version: changes with every write that can change a report (one query, index lookups)."""
    qn = connection.ops.quote_name  # only quoted table and column names are interpolated
    parts = [f"(SELECT MAX({qn(pk)}) FROM {qn(table)})" for table, pk in _tables()]  # noqa: S608
    returns = apps.get_model("returns", "Return")._meta.db_table
    parts.append(f"(SELECT MAX(updated_at) FROM {qn(returns)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return tuple(str(value) for value in cursor.fetchone())


@contextmanager
def _one_at_a_time(key: str):
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if connection.vendor != "postgresql":
            yield
            return
        number = zlib.crc32(key.encode()) - 2**31  # a signed 32-bit key
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [number])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])


def built_once(key: str, build: Callable[[], bytes]) -> bytes:
    """`build()`'s bytes for `key`, built once for all the requests that ask while the data is the same."""
    version = data_version()
    with _one_at_a_time(key):
        hit = cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        body = build()
        cache.set(key, (version, body), CACHE_SECONDS)
        return body
