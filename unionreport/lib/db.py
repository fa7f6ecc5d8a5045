"""Database helpers that know no model of ours: the SQL year of a date column, row locks in id order, bulk insert,
membership in a long list of ids."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, F, Func


def year_sql(column: str) -> str:
    """The SQL year of a date column, on the database in use."""
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def lock_rows(model, ids: Iterable[int]) -> None:
    """Serialise writers of the same rows (PostgreSQL row locks until commit; a no-op on SQLite).

    Rows are locked in id order so that two writers never wait for each other in a circle. NO KEY
    UPDATE does not block inserts of rows referencing them (their foreign-key check takes KEY SHARE):
    the summaries lock their units this way, so that two writers of one unit-year cannot both delete
    and then both insert, while other rows of the unit can still be added.
    """
    list(model.objects.select_for_update(no_key=True).filter(pk__in=sorted(set(ids))).order_by("pk")
         .values_list("pk"))


def save_values(obj, values: dict):
    """Set `values` on a model instance and save it (the update services' last step); returns the instance."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def insert_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert plain rows (tuples in the order of `columns`, database column names) in one statement stream:
    COPY on PostgreSQL (about ten times Django's bulk_create, which builds a model instance and a parameter
    list per row), executemany elsewhere. No save(), no signals: for bulk writers that keep their own audit
    record (an import's batch). Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        rows = list(rows)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 (quoted names)
        return len(rows)


class AmongIds(Func):
    """`field` is one of `ids` (a condition for filter()): the ids are one parameter, an array on PostgreSQL (JSON on
    SQLite) unnested in a subquery, which the planner joins as a set (a hash of thousands of ids, or an index
    lookup per id for a few).

    For lists of thousands of ids worked out once and used by several queries: a Django `__in` with a list sends
    a parameter per id (SQLite limits their number), and `= ANY(array)` made PostgreSQL probe an index once per
    id (seconds for 12.000 ids over the members summary, issue 17)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: Iterable[int]):
        super().__init__(F(field))
        self.ids = sorted(set(ids))

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        if not self.ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{sql} IN (SELECT unnest(%s::bigint[]))", [*params, self.ids]
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]  # noqa: S608
