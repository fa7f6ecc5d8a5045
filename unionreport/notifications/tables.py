"""The sent-log and the list of users without an email (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html

from unionreport.lib.formatting import format_date


def _when(value) -> str:
    from django.utils import timezone

    return f"{format_date(value)} {timezone.localtime(value):%H:%M}" if value else ""


class EmailTable(tables.Table):
    created_at = tables.Column("Tạo lúc")
    to = tables.Column("Người nhận", empty_values=())
    kind = tables.Column("Loại")
    unit = tables.Column("Đơn vị", accessor="unit__code", default="")
    subject = tables.Column("Tiêu đề")
    status = tables.Column("Kết quả", empty_values=())
    sent_at = tables.Column("Gửi lúc", default="")

    class Meta:
        attrs = {"class": "table table-sm align-top small", "data-testid": "sent-log"}
        empty_text = "Chưa có thư nào."

    def render_created_at(self, value):
        return _when(value)

    def render_sent_at(self, value):
        return _when(value)

    def render_to(self, record):
        name = (record.user.get_full_name() or record.user.username) if record.user else ""
        return format_html("{}<br><span class='text-body-secondary'>{}</span>", record.to or "(chưa có email)", name)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_status(self, record):
        colour = {"sent": "success", "failed": "danger", "no_address": "secondary"}.get(record.status, "warning")
        error = format_html("<br><span class='text-danger'>{}</span>", record.last_error) if record.last_error else ""
        attempts = f" · {record.attempts} lần gửi" if record.attempts > 1 else ""
        return format_html("<span class='badge text-bg-{}'>{}</span>{}{}", colour, record.get_status_display(),
                           attempts, error)


class NoEmailTable(tables.Table):
    username = tables.Column("Tên đăng nhập")
    name = tables.Column("Họ và tên", accessor="first_name")
    role = tables.Column("Vai trò")
    unit = tables.Column("Đơn vị", accessor="unit__name")
    phone = tables.Column("Điện thoại")

    class Meta:
        attrs = {"class": "table table-sm small", "data-testid": "no-email"}
        empty_text = "Mọi người dùng đều đã có email."

    def render_role(self, record):
        return record.get_role_display()
