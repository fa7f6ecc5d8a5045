"""The dashboard's child-unit table (django-tables2 over plain dicts: sorting by links, no JavaScript)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from unionreport.core.formatting import format_int
from unionreport.reports.dashboard_selectors import CHILD_COLUMNS


class NumberColumn(tables.Column):
    """A right-aligned count or amount, formatted the Vietnamese way."""

    def __init__(self, *args, **kwargs):
        attrs = {"th": {"class": "num"}, "td": {"class": "num"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_int(value)


class ChildTable(tables.Table):
    name = tables.Column("Đơn vị")
    returns = tables.Column("Báo cáo năm", order_by=("returns_sort",), empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle mb-0",
                 "data-testid": "child-table"}
        empty_text = "Đơn vị không có đơn vị trực thuộc."
        order_by_field = "sap_xep"
        page_field = "trang"
        template_name = "django_tables2/bootstrap5.html"

    def __init__(self, data, *, year: int, **kwargs):
        self.year = year
        extra = [(key.replace(".", "_"), NumberColumn(header)) for key, header in CHILD_COLUMNS]
        super().__init__(data, extra_columns=extra, sequence=("name", *[n for n, _ in extra], "returns"), **kwargs)

    def render_name(self, value, record):
        if record["is_own"]:
            return value
        if record["is_grassroots"]:
            url = reverse("returns:detail", args=[self.year, record["code"]])
        else:
            url = reverse("home") + "?" + urlencode({"unit": record["code"], "year": self.year})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_returns(self, value, record):
        if not value:
            return "—"
        css = "text-danger" if value.startswith("Chưa nộp") else ""
        return format_html('<span class="{}">{}</span>', css, value) if css else value
