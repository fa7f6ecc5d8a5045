"""What several people ask for at once is built once per version of the data: a unit-year's figures (the
dashboard, the report, its PDF and Word file all start from them: ~0,7 s at the merged size, issue 17) and
the report PDF (2–3 s of CPU each).

A request first reads the data version and the cache: the same version, the stored value. Otherwise requests
for the same key queue on a lock (a thread lock in the process, a PostgreSQL advisory lock across worker
processes); the first builds, the others take what it stored. The data version is one query reading the
largest id of every table a write of figures leaves a new row in (the history of every edited row, import
batches, the per unit-year summaries that every write rebuilds with new rows, reorganisation events and
their undoing, aggregate history) and the returns' last update. Any write anywhere gives a new version, so
a write below the node is always in the next request's figures; the cache only ever serves a value built
from the same data.

Inside a transaction nothing is cached or read from the cache: what it wrote may be rolled back (a
reorganisation's preview is applied in a transaction that is), and on SQLite the ids it used are then given
again, so its version could come back with other data.

Across processes the values are shared only if CACHES is a shared cache (the default cache is per process:
then each process builds at most once per version, one at a time).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection

T = TypeVar("T")
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
    events = apps.get_model("units", "Reorganisation")._meta.db_table
    parts.append(f"(SELECT MAX(undone_at) FROM {qn(events)})")  # noqa: S608  (an undo adds no row)
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


def built_once(key: str, build: Callable[[], T]) -> T:
    """`build()`'s value for `key`, built once for all the requests that ask while the data is the same."""
    if connection.in_atomic_block:
        return build()
    version = data_version()
    hit = cache.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    with _one_at_a_time(key):
        hit = cache.get(key)  # another request may have built it while this one waited
        if hit is not None and hit[0] == version:
            return hit[1]
        value = build()
        cache.set(key, (version, value), CACHE_SECONDS)
        return value
