"""The columns and the base table of every domain list (django-tables2).

Numbers show the Vietnamese way on screen (1.500.000) and stay numbers in exports; years
and codes are never grouped; footers show the totals that `entry.lists` aggregates.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2.data import TableQuerysetData

from unionreport.lib.formatting import format_date, format_int, format_number

NUM_ATTRS = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}


def total_footer(table, bound_column) -> str:
    """The column's total from the aggregate (blank when the list has no total for it)."""
    value = getattr(table, "totals", {}).get(bound_column.name)
    return "" if value is None else format_int(value)


def count_footer(table) -> str:
    """"Tổng cộng năm 2024 (1.234 dòng)": the totals say which year they add up (`entry.lists` sets it)."""
    count = getattr(table, "totals", {}).get("_count")
    if count is None:
        return ""
    period = getattr(table, "period", "")
    return f"Tổng cộng{' ' + period if period else ''} ({format_int(count)} dòng)"


class IntColumn(tables.Column):
    """Money and counts: 1.500.000 on screen, a number in exports, summed in the footer."""

    grouped = True  # thousands separator in Excel exports (years and codes are not grouped)

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
        return format_number(value)

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
    """View / edit / delete links; edit and delete only for writers on unlocked rows of units they may change."""

    empty_values = ()

    def __init__(self, *, url_prefix: str, **kwargs):
        self.url_prefix = url_prefix
        super().__init__(verbose_name="", orderable=False, accessor="pk", **kwargs)

    def render(self, record, table):
        url = _row_urls(table, self.url_prefix)
        links = [format_html('<a href="{}">Xem</a>', url("detail", record.pk))]
        reason = getattr(table, "locked", {}).get(record.pk)
        if reason:
            links.append(format_html('<span class="badge text-bg-secondary" title="{}">Đã khóa</span>', reason))
        elif getattr(table, "can_write", False) and _row_changeable(record, table):
            links.append(format_html('<a href="{}">Sửa</a>', url("update", record.pk)))
            links.append(format_html('<a class="text-danger" href="{}">Xóa</a>', url("delete", record.pk)))
        return format_html(" · ".join(["{}"] * len(links)), *links)


PK_SLOT = 987654321987654321  # a row id no table reaches, reversed in place of the row's


def _row_urls(table, url_prefix: str):
    """`url(view, pk)` → the row's page, equal to `reverse(url_prefix + view, args=[pk])`, with one `reverse` per
    view and table instead of three per row (a page of 50 rows: 150)."""
    cache = table.__dict__.setdefault("_row_urls", {})
    if url_prefix not in cache:
        patterns = {view: reverse(f"{url_prefix}{view}", args=[PK_SLOT]).split(str(PK_SLOT))
                    for view in ("detail", "update", "delete")}
        cache[url_prefix] = lambda view, pk: f"{patterns[view][0]}{int(pk)}{patterns[view][1]}"
    return cache[url_prefix]


def _row_changeable(record, table) -> bool:
    changeable = getattr(table, "changeable", None)
    unit_id = getattr(record, "unit_id", None)
    return changeable is None or unit_id is None or unit_id in changeable


def _cell_html(value, localize_value: bool | None) -> str:
    """A cell as django-tables2's template writes it (`{{ cell }}`, or `|localize` / `|unlocalize` when the column
    says so): local time, localised, escaped."""
    value = template_localtime(value)
    return conditional_escape(str(value) if localize_value is False else localize(value))


class ListTable(tables.Table):
    """Base table: Bootstrap classes, Vietnamese empty text, actions left out of exports, a stable order."""

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle", "data-testid": "list-table"}
        empty_text = "Chưa có dữ liệu."
        exclude_from_export = ("actions",)
        template_name = "entry/_list_table.html"

    def body_rows(self) -> list[SafeString]:
        """The `<tr>` of each row on the page (the template's `table.tbody` block): django-tables2 computes each
        cell (accessors, `render` methods, choices' labels) and this writes them, each column's attributes
        read once, instead of the template language looping over the 450 cells of a page of 50 rows."""
        columns = list(self.columns)
        # A column's cell attributes are the same on every row unless one of them is a callable (of the record):
        # those are computed for each cell, as the template did (`row.items()` sets the column's record).
        attrs = [None if _per_record(column) else column.attrs["td"].as_html() for column in columns]
        localized = [column.localize for column in columns]
        out = []
        for row in self.paginated_rows:
            cells = "".join(f"<td {attrs[i] if attrs[i] is not None else column.attrs['td'].as_html()}>"
                            f"{_cell_html(cell, localized[i])}</td>" for i, (column, cell) in enumerate(row.items()))
            out.append(mark_safe(f"<tr {row.attrs.as_html()}>{cells}</tr>"))  # noqa: S308 - cells escaped above
        return out

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._break_ties()

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        self._break_ties()

    def _break_ties(self) -> None:
        """Rows equal on the sorted columns come in the order of their ids, the same in every query: pages and
        exports neither repeat nor skip a row (PostgreSQL returns ties in any order, page after page)."""
        data = getattr(self, "data", None)
        if not isinstance(data, TableQuerysetData):
            return
        queryset = data.data
        explicit = list(queryset.query.order_by)
        # The model's Meta.ordering is dropped from a GROUP BY query (a list annotated with a count): make it
        # explicit, with the id last.
        fields = explicit or list(queryset.model._meta.ordering)
        has_id = any(isinstance(f, str) and f.lstrip("-") in ("pk", "id") for f in fields)
        if not (explicit and has_id):
            data.data = queryset.order_by(*fields, *([] if has_id else ["pk"]))


def _per_record(bound_column) -> bool:
    """Does the column's `td` (or `cell`) attributes depend on the row (a callable value)?"""
    attrs = bound_column.column.attrs or {}
    return any(callable(value) for value in attrs.get("td", attrs.get("cell", {})).values())
