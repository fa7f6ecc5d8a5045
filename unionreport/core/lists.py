"""The one list machinery every domain list uses: filter → sort → totals → page or export.

A list view is `list_response(request, queryset=..., filterset_class=..., table_class=...,
totals={...})`. Totals are one aggregate over the *filtered* queryset (not the page);
`?export=csv` / `?export=xlsx` downloads exactly the filtered and sorted rows; rows of
a locked (unit, year) are marked read-only with one `lock_reasons` call per page, and
rows of units the user may no longer change (`access.changeable_among`, one query per
page) lose their edit and delete links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.forms.models import ModelChoiceIterator
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData

from unionreport.accounts.access import changeable_among, visible_units
from unionreport.core.converters import MAX_YEAR, MIN_YEAR
from unionreport.core.exports import table_export_response
from unionreport.core.formatting import format_date, format_decimal, format_int
from unionreport.core.forms import add_bootstrap_classes
from unionreport.core.locks import lock_reasons
from unionreport.units.models import Unit
from unionreport.units.selectors import subtree_ids, year_end

PER_PAGE = 50
MAX_LISTED_IDS = 10_000  # a unit filter's subtree up to this size is passed as a list of ids
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
    """View / edit / delete links; edit and delete only for writers on unlocked rows of units they may change."""

    empty_values = ()

    def __init__(self, *, url_prefix: str, **kwargs):
        self.url_prefix = url_prefix
        super().__init__(verbose_name="", orderable=False, accessor="pk", **kwargs)

    def render(self, record, table):
        links = [format_html('<a href="{}">Xem</a>', reverse(f"{self.url_prefix}detail", args=[record.pk]))]
        reason = getattr(table, "locked", {}).get(record.pk)
        if reason:
            links.append(format_html('<span class="badge text-bg-secondary" title="{}">Đã khóa</span>', reason))
        elif getattr(table, "can_write", False) and _row_changeable(record, table):
            links.append(format_html('<a href="{}">Sửa</a>', reverse(f"{self.url_prefix}update", args=[record.pk])))
            links.append(format_html('<a class="text-danger" href="{}">Xóa</a>',
                                     reverse(f"{self.url_prefix}delete", args=[record.pk])))
        return format_html(" · ".join(["{}"] * len(links)), *links)


def _row_changeable(record, table) -> bool:
    changeable = getattr(table, "changeable", None)
    unit_id = getattr(record, "unit_id", None)
    return changeable is None or unit_id is None or unit_id in changeable


def _visible_units(request):
    return visible_units(request.user).order_by("code")


class _OfferedUnits(ModelChoiceIterator):
    """The options of the unit select: the offered units only, grouped by level."""

    def __init__(self, field):
        super().__init__(field)
        if getattr(field, "offered", None) is not None:
            self.queryset = field.offered

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for unit in self.queryset:
            groups.setdefault(unit.get_level_display(), []).append(self.choice(unit))
        yield from groups.items()


class UnitChoiceField(forms.ModelChoiceField):
    """Accepts any unit of its queryset (the visible ones) but offers only `offered` as options.

    At province scale the visible units are thousands of CĐCS; the select lists the units
    above them (a few hundred at most) and the CĐCS is typed by its code next to it.
    """

    iterator = _OfferedUnits
    offered = None

    def label_from_instance(self, unit) -> str:
        """A closed unit says so: its rows of later years are under the units that took over its CĐCS."""
        return f"{unit} – đóng từ {format_date(unit.valid_to)}" if unit.valid_to else str(unit)

    def offer(self, units) -> None:
        self.offered = units
        self.widget.choices = self.choices


_LEVEL_ORDER = Case(*(When(level=level, then=Value(i)) for i, level in enumerate(Unit.Level.values)),
                    default=Value(9))


class YearField(forms.IntegerField):
    """A reporting year 2000–2100: anything else is a Vietnamese error on the filter, never a 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("error_messages", {
            "invalid": "Năm phải là một số, ví dụ 2024.",
            "min_value": f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.",
            "max_value": f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.",
        })
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class YearFilterSet(django_filters.FilterSet):
    """The year filter every list has; subclasses set `year_lookup` ("year", "date__year"...)."""

    year = YearFilter(label="Năm", method="filter_year")
    year_lookup = "year"

    def filter_year(self, queryset, name, year):
        return queryset.filter(**{self.year_lookup: year})

    def filter_queryset(self, queryset):
        if "year" in self.form.errors:
            return queryset.none()  # a refused year (99999) lists nothing rather than every year
        return super().filter_queryset(queryset)


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class UnitYearFilterSet(YearFilterSet):
    """Adds the unit: its subtree as of 31/12 of the chosen year (or of this year).

    Two fields choose it: a select of the visible units above grassroots level (`unit`, by id)
    and a text field for any visible unit's code (`ma_don_vi`, mostly a CĐCS). Both given:
    the rows under both. A unit the user may not see answers a Vietnamese message and no rows.
    """

    unit = UnitFilter(label="Đơn vị (gồm cấp dưới)", queryset=_visible_units, method="filter_subtree")
    ma_don_vi = django_filters.CharFilter(label="Mã CĐCS (gồm cấp dưới)", method="filter_code")

    UNIT_FIELDS = ("unit", "ma_don_vi")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields.get("unit")
        if isinstance(field, UnitChoiceField):
            field.offer(self._offered_units())
        code = self.form.fields.get("ma_don_vi")
        if code is not None:
            code.widget.attrs.update({"placeholder": "VD: CS00123", "maxlength": 32, "autocomplete": "off",
                                      "spellcheck": "false"})

    def _offered_units(self):
        """Visible units above grassroots level, the user's own unit and the chosen one."""
        user = getattr(self.request, "user", None)
        keep = ~Q(level=Unit.Level.GRASSROOTS)
        if user is not None and user.unit_id:
            keep |= Q(pk=user.unit_id)
        chosen = (self.data or {}).get("unit") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            keep |= Q(pk=int(chosen))
        return (visible_units(user).filter(keep) if user is not None else Unit.objects.none()).order_by(
            _LEVEL_ORDER, "code")

    def chosen_year(self) -> int:
        year = self.form.cleaned_data.get("year") if hasattr(self.form, "cleaned_data") else None
        return int(year) if year else dt.date.today().year

    def in_subtree(self, queryset, unit):
        """Rows of `unit` and the units under it as of 31/12 of the chosen year.

        The subtree's ids are fetched first (one small query) and passed as a list: with a
        second `IN (subquery)` next to the access rule's, PostgreSQL hash-joins a scan of the
        whole table; with a list it reads the rows of those units through the (unit, date)
        index (welfare list of a 793-unit subtree at full size: aggregate 530 → 115 ms).
        """
        subtree = subtree_ids(unit, year_end(self.chosen_year()))
        ids = list(subtree.values_list("unit_id", flat=True)[:MAX_LISTED_IDS + 1])
        # A subtree near the whole province is read whole anyway; keep the SQL's parameters few.
        return queryset.filter(unit_id__in=subtree if len(ids) > MAX_LISTED_IDS else ids)

    def filter_subtree(self, queryset, name, unit):
        return self.in_subtree(queryset, unit)

    def filter_code(self, queryset, name, code):
        unit_id = getattr(self, "_code_unit_id", None)
        return queryset if unit_id is None else self.in_subtree(queryset, unit_id)

    def _resolve_code(self) -> None:
        """The typed code → a visible unit's id, or a Vietnamese error on the field (before filtering)."""
        code = (self.form.cleaned_data.get("ma_don_vi") or "").strip()
        self._code_unit_id = None
        if not code:
            return
        user = getattr(self.request, "user", None)
        found = visible_units(user).filter(code__iexact=code).values_list("pk", flat=True).first() if user else None
        if found is None:
            self.form.add_error("ma_don_vi", f"Không có đơn vị mã “{code}” trong phạm vi bạn được xem.")
        self._code_unit_id = found

    def filter_queryset(self, queryset):
        if "ma_don_vi" in self.form.fields and "ma_don_vi" in self.form.cleaned_data:
            self._resolve_code()
        if any(name in self.form.errors for name in self.UNIT_FIELDS):
            return queryset.none()  # never fall back to every row when the unit asked for is refused
        return super().filter_queryset(queryset)


class ListTable(tables.Table):
    """Base table: Bootstrap classes, Vietnamese empty text, actions left out of exports."""

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle", "data-testid": "list-table"}
        empty_text = "Chưa có dữ liệu."
        exclude_from_export = ("actions",)


def _label_empty_choice(field, label: str) -> None:
    """The empty choice of a select reads `label` (django-filter's choice fields render their
    choices when built: they are rebuilt after the label changes)."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = label
        return
    choices = list(getattr(field, "choices", None) or [])
    if not choices or choices[0][0] != "":
        return
    if getattr(field, "empty_label", None) is not None:  # django_filters.fields.ChoiceField adds it back
        field.empty_label = label
        field.choices = choices[1:]
    else:
        field.choices = [("", label), *choices[1:]]


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
        _label_empty_choice(field, "Tất cả")
    rows = filterset.qs
    table = table_class(rows)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        RequestConfig(request, paginate=False).configure(table)
        return table_export_response(table, filename=export_name, fmt=export)
    aggregates = totals(filterset) if callable(totals) else dict(totals or {})
    table.totals = rows.aggregate(_count=Count("pk"), **aggregates)
    if isinstance(table.data, TableQuerysetData):
        table.data._length = table.totals["_count"]  # the paginator's count: no second COUNT(*) of the rows
    table.can_write = can_write
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
