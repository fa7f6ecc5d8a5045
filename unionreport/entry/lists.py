"""The one list machinery every domain list uses: filter → sort → totals → page or export.

A list view is `list_response(request, queryset=..., filterset_class=..., table_class=...,
totals={...})`. Totals are one aggregate over the *filtered* queryset (not the page);
`?export=csv` / `?export=xlsx` downloads exactly the filtered and sorted rows; rows of
a locked (unit, year) are marked read-only with one `lock_reasons` call per page, and
rows of units the user may no longer change (`access.changeable_among`, one query per
page) lose their edit and delete links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Count, QuerySet
from django.shortcuts import render
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData

from unionreport.accounts.access import changeable_among
from unionreport.core.locks import lock_reasons
from unionreport.entry.filters import label_empty_choice
from unionreport.lib.exports import table_export_response
from unionreport.lib.forms import add_bootstrap_classes

PER_PAGE = 50


def list_response(
    request,
    *,
    queryset: QuerySet,
    filterset_class,
    table_class,
    title: str,
    export_name: str,
    totals: dict | Callable | None = None,
    summary_totals: Callable | None = None,
    lock_pairs: Callable[[object], Iterable[tuple[int, int]]] | None = None,
    can_write: bool = False,
    create_url: str | None = None,
    links: list[tuple[str, str]] | None = None,
    template: str = "entry/list.html",
):
    """Render (or export) one filtered, sorted, paginated list with its totals row."""
    filterset, table = filtered_table(request, queryset=queryset, filterset_class=filterset_class,
                                      table_class=table_class)
    filterset.form.compact = True
    add_bootstrap_classes(filterset.form)
    for field in filterset.form.fields.values():
        label_empty_choice(field, "Tất cả")
    rows = filterset.qs
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        RequestConfig(request, paginate=False).configure(table)
        return table_export_response(table, filename=export_name, fmt=export)
    aggregates = totals(filterset) if callable(totals) else dict(totals or {})
    # The same totals kept by a summary, when it states them exactly (`summary_totals(filterset)`, else None).
    # Otherwise COUNT(*), not COUNT(id): the same number (an id is never null), and PostgreSQL can then answer
    # the aggregate from an index holding the summed columns without reading the table.
    kept = summary_totals(filterset) if summary_totals is not None else None
    table.totals = kept if kept is not None else rows.aggregate(_count=Count("*"), **aggregates)
    if isinstance(table.data, TableQuerysetData):
        table.data._length = table.totals["_count"]  # the paginator's count: no second COUNT(*) of the rows
    table.can_write = can_write
    table.period = getattr(filterset, "period_label", "")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    table.locked = {}
    records = [row.record for row in table.paginated_rows]
    if can_write:
        table.changeable = changeable_among(request.user, {getattr(record, "unit_id", None) for record in records})
    if lock_pairs is not None:
        reasons = lock_reasons({pair for record in records for pair in lock_pairs(record)})
        if reasons:
            table.locked = {
                record.pk: reason for record in records
                for pair in lock_pairs(record) if (reason := reasons.get(pair))
            }
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "title": title,
        "filter": filterset,
        "table": table,
        "create_url": create_url if can_write else None,
        "links": links or [],
        "export_query": query.urlencode(),
    }
    return render(request, template, context)


def filtered_table(request, *, queryset: QuerySet, filterset_class, table_class):
    """The list's filter (of `request.GET`) and its table of the filtered rows, not yet sorted or paginated: the
    page, its exports and a background export (`entry.export_jobs`, with the query string kept) build it here."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    return filterset, table_class(filterset.qs)
