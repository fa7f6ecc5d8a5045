"""The per unit-year welfare summary (`WelfareSummary`), rebuilt set-based from `Disbursement`.

Every write path of disbursements calls `welfare_summary_refresh` for the (unit, year) pairs it touched,
inside its own transaction: one DELETE and one INSERT … SELECT … GROUP BY unit and year (a conditional sum
per breakdown column), whatever the number of rows. `welfare_summary_rebuild` does the whole table
(generator, repairs, migrations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction

from unionreport.lib.db import lock_rows, year_sql
from unionreport.units.models import Unit
from unionreport.welfare.models import BREAKDOWN_COLUMNS, Disbursement, WelfareSummary


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
    columns = ", ".join(qn(column) for *_, column in BREAKDOWN_COLUMNS)
    sums = ", ".join(f"SUM(CASE WHEN {qn(dimension)} = %s THEN {qn(measure)} ELSE 0 END)"
                     for dimension, _, measure, _ in BREAKDOWN_COLUMNS)
    sum_params = [value for _, value, _, _ in BREAKDOWN_COLUMNS]
    # Only quoted names, fixed SQL and %s placeholders are interpolated: the values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {target} WHERE {' AND '.join(delete_where)}", delete_params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {target} (unit_id, year, person_times, amount_vnd, disbursements, {columns}) "  # noqa: S608
            f"SELECT unit_id, {year_sql('date')}, SUM(person_times), SUM(amount_vnd), COUNT(*), {sums} "
            f"FROM {source} WHERE {' AND '.join(where)} "
            f"GROUP BY unit_id, {year_sql('date')}",
            sum_params + params,
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


def summary_values(rows: Iterable[tuple[str, str, str, int, int]]) -> dict[str, int]:
    """What the summary row of these disbursements (occasion, form, source, person-times, amount) holds, column by
    column (the quality checks compare an upload with last year's stored summary)."""
    values = dict.fromkeys(("person_times", "amount_vnd", *(column for *_, column in BREAKDOWN_COLUMNS)), 0)
    for occasion, form, source, person_times, amount_vnd in rows:
        row = {"occasion": occasion, "form": form, "source": source,
               "person_times": person_times or 0, "amount_vnd": amount_vnd or 0}
        values["person_times"] += row["person_times"]
        values["amount_vnd"] += row["amount_vnd"]
        for dimension, value, measure, column in BREAKDOWN_COLUMNS:
            if row[dimension] == value:
                values[column] += row[measure]
    return values
