"""The dashboard's child-unit table (django-tables2 over plain dicts: sorting by links, no JavaScript).

django-tables2 sorts, pages and draws the header and the page links; the body's cells are built
here in one pass over the page's rows (`body_rows`), with one `reverse` per link target instead
of one per row, and none of the per-cell template and signature work (a province has ~100 children).
"""

from __future__ import annotations

from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString, mark_safe

from unionreport.dashboard.selectors import CHILD_COLUMNS
from unionreport.lib.formatting import format_int

EMPTY = "—"
CODE_SLOT = "__ma_don_vi__"  # a placeholder for the unit code in a reversed URL
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse` leaves unquoted


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
        template_name = "dashboard/_child_table.html"

    def __init__(self, data, *, year: int, **kwargs):
        self.year = year
        extra = [(key.replace(".", "_"), NumberColumn(header)) for key, header in CHILD_COLUMNS]
        self.number_names = [name for name, _ in extra]
        super().__init__(data, extra_columns=extra, sequence=("name", *self.number_names, "returns"), **kwargs)

    def body_rows(self) -> list[SafeString]:
        """The `<tr>` of each row on the current page (the template's `table.tbody` block)."""
        home = reverse("home") + "?"
        detail = reverse("review:return", args=[self.year, CODE_SLOT])
        out = []
        for bound in self.paginated_rows:
            record = bound.record
            cells = [f"<td>{self._name_cell(record, home, detail)}</td>"]
            cells += [f'<td class="num">{self._number(record.get(name))}</td>' for name in self.number_names]
            cells.append(f"<td>{self._returns_cell(record.get('returns'))}</td>")
            out.append(mark_safe(f"<tr>{''.join(cells)}</tr>"))  # noqa: S308 - every part escaped above
        return out

    @staticmethod
    def _number(value) -> str:
        return EMPTY if value in (None, "") else format_int(value)

    def _name_cell(self, record: dict, home: str, detail: str) -> str:
        name = escape(record["name"])
        if record["is_own"]:
            return name
        if record["is_grassroots"]:
            url = detail.replace(CODE_SLOT, quote(record["code"], safe=URL_SAFE))
        else:
            url = home + urlencode({"unit": record["code"], "year": self.year})
        return format_html('<a href="{}">{}</a>', url, name)

    @staticmethod
    def _returns_cell(value: str | None) -> str:
        if not value:
            return EMPTY
        if value.startswith("Chưa nộp"):
            return format_html('<span class="text-danger">{}</span>', value)
        return escape(value)
