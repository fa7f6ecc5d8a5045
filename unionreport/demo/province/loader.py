"""Writing generated rows fast: COPY on PostgreSQL, executemany on SQLite; progress on stderr.

Rows come as tuples in the order of the column names given (database column names).
Each table is loaded in its own transaction, so the deferred foreign-key checks of one
table do not pile up behind the next.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TextIO

from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from unionreport.lib.formatting import format_int

CHUNK = 5_000
PROGRESS_EVERY = 0.5  # seconds


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Loader:
    def __init__(self, *, expected_rows: int, stream: TextIO | None = None):
        self.expected = max(1, expected_rows)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.written = 0
        self.per_table: dict[str, int] = {}
        self.started = time.perf_counter()
        self.busy = 0.0  # seconds spent inside load(): generation plus writing
        self._last = 0.0
        self._table = ""

    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    @property
    def rate(self) -> float:
        return self.written / max(1e-9, self.busy)

    def fast_mode(self) -> bool:
        """PostgreSQL: skip the per-row foreign-key triggers while loading (superuser only).

        The generator builds every reference from ids it allocated itself, and the tests load
        the same streams on SQLite with the foreign keys checked. Returns whether it is on.
        """
        if not self.postgres:
            return False
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            return False
        return True

    def normal_mode(self) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    def timestamp(self, value: dt.datetime):
        """An aware datetime as the backend wants it in a raw insert."""
        return value if self.postgres else connection.ops.adapt_datetimefield_value(value)

    def load(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        table = model._meta.db_table
        self._table = table
        start, before = time.perf_counter(), self.written
        with transaction.atomic(), connection.cursor() as cursor:
            if self.postgres:
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                    for chunk in _chunks(rows, CHUNK):
                        for row in chunk:
                            copy.write_row(row)
                        self._advance(len(chunk))
            else:
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"
                for chunk in _chunks(rows, CHUNK):
                    cursor.executemany(sql, chunk)
                    self._advance(len(chunk))
        count = self.written - before
        self.busy += time.perf_counter() - start
        self.per_table[table] = self.per_table.get(table, 0) + count
        return count

    def _advance(self, count: int) -> None:
        self.written += count
        now = time.perf_counter()
        if now - self._last >= (PROGRESS_EVERY if self.tty else 10):
            self._last = now
            self.progress()

    def progress(self, final: bool = False) -> None:
        elapsed = time.perf_counter() - self.started
        rate = self.written / max(1e-9, elapsed)
        left = max(0, self.expected - self.written) / max(1.0, rate)
        line = (f"đã ghi {format_int(self.written)}/~{format_int(self.expected)} dòng · "
                f"{format_int(round(rate))} dòng/giây · "
                + (f"xong sau {_clock(elapsed)}" if final else f"còn khoảng {_clock(left)} · {self._table}"))
        end = "\n" if final or not self.tty else ""
        self.stream.write(("\r" + line.ljust(110) if self.tty else line) + end)
        self.stream.flush()


@contextmanager
def indexes_built_after(model_list: list[type[models.Model]]):
    """PostgreSQL, empty tables: drop their plain indexes, load, then build them once (a sort beats
    a million index insertions). Constraint indexes (primary key, unique) stay. Always rebuilt."""
    saved: list[str] = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in model_list:
                table = model._meta.db_table
                if model.objects.exists():
                    continue
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.indexname NOT IN "
                    "(SELECT c.conindid::regclass::text FROM pg_constraint c WHERE c.conrelid = %s::regclass "
                    "AND c.conindid <> 0)", [table, table])
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                    saved.append(definition)
    try:
        yield
    finally:
        if saved:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for definition in saved:
                    cursor.execute(definition)


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """After explicit ids: move each table's id sequence past the largest id (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze(model_list: list[type[models.Model]]) -> None:
    """Fresh planner statistics for the loaded tables (PostgreSQL; SQLite's ANALYZE is cheap too)."""
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


def wipe_units() -> dict[str, int]:
    """Delete every unit and every row that hangs on a unit (and their history); users keep no unit.

    Found from the models' foreign keys, so tables added by other apps are included.
    Run only on the explicit --wipe flag.
    """
    doomed: set = set(apps.get_app_config("units").get_models(include_auto_created=True))
    nullify: list[tuple] = []
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in doomed:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in doomed and (not field.null or _is_history(model)):
                    doomed.add(model)
                    changed = True
                    break
    for model in apps.get_models(include_auto_created=True):
        if model in doomed:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in doomed and field.null:
                nullify.append((model, field))
    existing = set(connection.introspection.table_names())
    doomed = {m for m in doomed if m._meta.db_table in existing}
    nullify = [(m, f) for m, f in nullify if m._meta.db_table in existing]
    deleted: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model, field in nullify:
            table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
            cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in doomed:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            deleted[model._meta.label] = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check now: no pending events before index builds
    return deleted
