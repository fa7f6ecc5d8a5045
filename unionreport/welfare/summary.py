"""The per unit-year welfare summary (`WelfareSummary`), rebuilt set-based from `Disbursement`.

Every write path of disbursements calls `welfare_summary_refresh` for the (unit, year)
pairs it touched, inside its own transaction: one DELETE and one INSERT … SELECT … GROUP BY,
whatever the number of rows. `welfare_summary_rebuild` does the whole table (generator,
repairs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction

from unionreport.lib.db import lock_rows, year_sql
from unionreport.units.models import Unit
from unionreport.welfare.models import Disbursement, WelfareSummary


def _refresh(unit_ids: list[int] | None, years: list[int] | None) -> None:
    qn = connection.ops.quote_name
    source, target = qn(Disbursement._meta.db_table), qn(WelfareSummary._meta.db_table)
    where, params = ["1 = 1"], []
    delete_where, delete_params = ["1 = 1"], []
    if unit_ids is not None:
        marks = ", ".join(["%s"] * len(unit_ids))
        where.append(f"unit_id IN ({marks})")
        delete_where.append(f"unit_id IN ({marks})")
        params += unit_ids
        delete_params += unit_ids
    if years is not None:
        where.append("(" + " OR ".join(["(date >= %s AND date <= %s)"] * len(years)) + ")")
        for year in years:
            params += [dt.date(year, 1, 1), dt.date(year, 12, 31)]
        delete_where.append(f"year IN ({', '.join(['%s'] * len(years))})")
        delete_params += years
    # Only quoted table names, fixed SQL and %s placeholders are interpolated: the values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {target} WHERE {' AND '.join(delete_where)}", delete_params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {target} (unit_id, year, occasion, form, source, person_times, amount_vnd) "  # noqa: S608
            f"SELECT unit_id, {year_sql('date')}, occasion, form, source, SUM(person_times), SUM(amount_vnd) "
            f"FROM {source} WHERE {' AND '.join(where)} "
            f"GROUP BY unit_id, {year_sql('date')}, occasion, form, source",
            params,
        )


@transaction.atomic
def welfare_summary_refresh(*, unit_ids: Iterable[int], years: Iterable[int]) -> None:
    """Recompute the summary rows of exactly these units in these years from their disbursements."""
    unit_ids, years = sorted(set(unit_ids)), sorted(set(years))
    if unit_ids and years:
        lock_rows(Unit, unit_ids)
        _refresh(unit_ids, years)


@transaction.atomic
def welfare_summary_rebuild() -> None:
    """Recompute the whole summary table."""
    _refresh(None, None)
