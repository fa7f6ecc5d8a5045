"""The one list machinery every domain list uses: filter → sort → totals → page or export.

A list view is `list_response(request, queryset=..., filterset_class=..., table_class=...,
totals={...})`. Totals are one aggregate over the *filtered* queryset (not the page);
`?export=csv` / `?export=xlsx` downloads exactly the filtered and sorted rows; rows of
a locked (unit, year) are marked read-only with one `lock_reasons` call per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Count, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django_tables2 import RequestConfig

from unionreport.accounts.access import visible_units
from unionreport.core.exports import table_export_response
from unionreport.core.formatting import format_date, format_decimal, format_int
from unionreport.core.forms import add_bootstrap_classes
from unionreport.core.locks import lock_reasons
from unionreport.units.selectors import subtree_ids, year_end

PER_PAGE = 50
NUM_ATTRS = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}


def total_footer(table, bound_column) -> str:
    """The column's total from the aggregate (blank when the list has no total for it)."""
    value = getattr(table, "totals", {}).get(bound_column.name)
    return "" if value is None else format_int(value)


def count_footer(table) -> str:
    count = getattr(table, "totals", {}).get("_count")
    return "" if count is None else f"Tổng cộng ({format_int(count)} dòng)"


class IntColumn(tables.Column):
    """Money and counts: 1.500.000 on screen, a number in exports, summed in the footer."""

    def __init__(self, *args, total: bool = True, **kwargs):
        kwargs.setdefault("attrs", NUM_ATTRS)
        if total:
            kwargs.setdefault("footer", total_footer)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_int(value)

    def value(self, value):
        return value


class DecimalColumn(IntColumn):
    def render(self, value):
        if value == int(value):
            return format_int(value)
        return format_decimal(value, 2)

    def value(self, value):
        return value


class PlainColumn(tables.Column):
    """Years and codes: never grouped with a thousands separator."""

    def render(self, value):
        return str(value)

    def value(self, value):
        return value


class DateColumn(tables.Column):
    def render(self, value):
        return format_date(value)

    def value(self, value):
        return value


class YesNoColumn(tables.Column):
    def render(self, value):
        return "Có" if value else "Không"

    def value(self, value):
        return "Có" if value else "Không"


class UnitColumn(tables.Column):
    """The row's unit by name, sorted by code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "Đơn vị")
        kwargs.setdefault("accessor", "unit__name")
        kwargs.setdefault("order_by", ("unit__code",))
        super().__init__(*args, **kwargs)


class ActionsColumn(tables.Column):
    """View / edit / delete links; edit and delete only for writers on unlocked rows."""

    empty_values = ()

    def __init__(self, *, url_prefix: str, **kwargs):
        self.url_prefix = url_prefix
        super().__init__(verbose_name="", orderable=False, accessor="pk", **kwargs)

    def render(self, record, table):
        links = [format_html('<a href="{}">Xem</a>', reverse(f"{self.url_prefix}detail", args=[record.pk]))]
        reason = getattr(table, "locked", {}).get(record.pk)
        if reason:
            links.append(format_html('<span class="badge text-bg-secondary" title="{}">Đã khóa</span>', reason))
        elif getattr(table, "can_write", False):
            links.append(format_html('<a href="{}">Sửa</a>', reverse(f"{self.url_prefix}update", args=[record.pk])))
            links.append(format_html('<a class="text-danger" href="{}">Xóa</a>',
                                     reverse(f"{self.url_prefix}delete", args=[record.pk])))
        return format_html(" · ".join(["{}"] * len(links)), *links)


def _visible_units(request):
    return visible_units(request.user).order_by("code")


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class YearFilterSet(django_filters.FilterSet):
    """The year filter every list has; subclasses set `year_lookup` ("year", "date__year"...)."""

    year = YearFilter(label="Năm", method="filter_year")
    year_lookup = "year"

    def filter_year(self, queryset, name, year):
        return queryset.filter(**{self.year_lookup: year})


class UnitYearFilterSet(YearFilterSet):
    """Adds the unit: its subtree as of 31/12 of the chosen year (or of this year)."""

    unit = django_filters.ModelChoiceFilter(label="Đơn vị (gồm cấp dưới)", queryset=_visible_units,
                                            method="filter_subtree")

    def chosen_year(self) -> int:
        year = self.form.cleaned_data.get("year") if hasattr(self.form, "cleaned_data") else None
        return int(year) if year else dt.date.today().year

    def filter_subtree(self, queryset, name, unit):
        return queryset.filter(unit_id__in=subtree_ids(unit, year_end(self.chosen_year())))


class ListTable(tables.Table):
    """Base table: Bootstrap classes, Vietnamese empty text, actions left out of exports."""

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle", "data-testid": "list-table"}
        empty_text = "Chưa có dữ liệu."
        exclude_from_export = ("actions",)


def list_response(
    request,
    *,
    queryset: QuerySet,
    filterset_class,
    table_class,
    title: str,
    export_name: str,
    totals: dict | Callable | None = None,
    lock_pairs: Callable[[object], Iterable[tuple[int, int]]] | None = None,
    can_write: bool = False,
    create_url: str | None = None,
    links: list[tuple[str, str]] | None = None,
    template: str = "core/list.html",
):
    """Render (or export) one filtered, sorted, paginated list with its totals row."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    filterset.form.compact = True
    add_bootstrap_classes(filterset.form)
    for field in filterset.form.fields.values():
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = "Tất cả"
        elif getattr(field, "choices", None) and next(iter(field.choices))[0] == "":
            field.choices = [("", "Tất cả"), *list(field.choices)[1:]]
    rows = filterset.qs
    table = table_class(rows)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        RequestConfig(request, paginate=False).configure(table)
        return table_export_response(table, filename=export_name, fmt=export)
    aggregates = totals(filterset) if callable(totals) else dict(totals or {})
    table.totals = rows.aggregate(_count=Count("pk"), **aggregates)
    table.can_write = can_write
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    table.locked = {}
    if lock_pairs is not None:
        records = [row.record for row in table.paginated_rows]
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
