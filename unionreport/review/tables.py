"""The review lists' tables (django-tables2: sorting by links, pages, the Excel export of the data-quality page)."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from unionreport.lib.formatting import format_date, format_int
from unionreport.returns.models import Return
from unionreport.returns.quality.checks import CHECKS_BY_CODE

S = Return.Status
LATE_BADGE = mark_safe(' <span class="badge text-bg-danger">Nộp muộn</span>')
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # phones: hidden
STEP_NAMES = {S.SUBMITTED: "Chờ cấp trên duyệt", S.APPROVED_UPPER: "Chờ tỉnh duyệt"}


class QueueTable(tables.Table):
    pick = tables.Column("Chọn", accessor="pk", orderable=False)
    code = tables.Column("Mã", accessor="unit__code")
    name = tables.Column("CĐCS", accessor="unit__name")
    parent_name = tables.Column("Thuộc", attrs=WIDE_ONLY)
    step = tables.Column("Bước", accessor="status", orderable=False, attrs=WIDE_ONLY)
    submitted_at = tables.Column("Nộp lúc")
    warnings = tables.Column("Cảnh báo", attrs={"th": {"class": "num"}, "td": {"class": "num"}})
    follow_up = tables.Column("Cần xem lại")
    open = tables.Column("", accessor="pk", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "queue"}
        empty_text = "Không có báo cáo nào chờ bạn duyệt."
        order_by = ("submitted_at",)

    def __init__(self, *args, on_time_before: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_time_before = on_time_before

    def render_pick(self, record):
        return format_html('<input class="form-check-input" type="checkbox" name="pick" value="{}:{}" '
                           'aria-label="Chọn {}" data-testid="pick">', record.pk, record.version, record.unit.code)

    def render_step(self, record):
        if record.acting:
            return format_html('{}<br><span class="badge text-bg-info">thay cho cấp trên (chưa có tài khoản)</span>',
                               STEP_NAMES.get(record.status, ""))
        return STEP_NAMES.get(record.status, record.get_status_display())

    def render_submitted_at(self, record, value):
        late = value >= self.on_time_before
        return format_html("{}{}", format_date(value), LATE_BADGE if late else "")

    def render_warnings(self, record, value):
        if not value:
            return "0"
        unexplained = record.unexplained
        return format_html('<span class="badge text-bg-warning" title="{} chưa giải trình">{}</span>{}',
                           format_int(unexplained), format_int(value),
                           format_html(' <span class="small text-danger">({} chưa giải trình)</span>',
                                       format_int(unexplained)) if unexplained else "")

    def render_follow_up(self, record, value):
        if not value:
            return ""
        return format_html('<span class="badge text-bg-danger">Cần xem lại</span> <span class="small">{}</span>',
                           record.follow_up_note)

    def render_open(self, record):
        return format_html('<a href="{}">Xem và duyệt</a>', reverse("review:return", args=[record.year,
                                                                                        record.unit.code]))


class QualityTable(tables.Table):
    code = tables.Column("Mã CĐCS", accessor="unit__code")
    name = tables.Column("CĐCS", accessor="unit__name")
    check = tables.Column("Kiểm tra", accessor="code")
    message = tables.Column("Cảnh báo", orderable=False)
    where = tables.Column("Vị trí trong tệp", accessor="sheet", orderable=False)
    explanation = tables.Column("Giải trình của CĐCS", empty_values=())
    status = tables.Column("Trạng thái báo cáo", empty_values=())
    follow_up = tables.Column("Cần xem lại", empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-bordered align-top small", "data-testid": "quality"}
        empty_text = "Không có cảnh báo nào."
        exclude_from_export = ()

    def render_code(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("review:return", args=[record.year, value]), value)

    def render_check(self, value):
        check = CHECKS_BY_CODE.get(value)
        return format_html("{}<br><code class='small'>{}</code>", check.title if check else value, value)

    def value_check(self, value):
        return value

    def render_where(self, record):
        ref = f"{record.sheet}!{record.column}{record.row or ''}" if record.column else record.sheet
        return ref + (f" ({record.header})" if record.header else "")

    def value_where(self, record):
        return self.render_where(record)

    def render_explanation(self, value):
        return value or format_html('<span class="text-danger">Chưa giải trình</span>')

    def value_explanation(self, value):
        return value

    def render_status(self, value):
        return dict(S.choices).get(value, "Chưa nộp") if value else "Chưa nộp"

    def value_status(self, value):
        return self.render_status(value)

    def render_follow_up(self, value):
        return "Cần xem lại" if value else ""

    def value_follow_up(self, value):
        return self.render_follow_up(value)
