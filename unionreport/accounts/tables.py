"""The user list (django-tables2: sortable columns, pagination)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from unionreport.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column("Tên đăng nhập", linkify=lambda record: reverse("accounts:user_edit", args=[record.pk]))
    full_name = tables.Column("Họ và tên", accessor="get_full_name", order_by=("first_name", "last_name"))
    role = tables.Column("Vai trò")
    unit = tables.Column("Đơn vị", order_by=("unit__code",))
    phone = tables.Column("Điện thoại")
    email = tables.Column("Email")
    is_active = tables.BooleanColumn(verbose_name="Hoạt động", yesno="Có,Đã khóa")
    last_login = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name="Đăng nhập gần nhất", default="chưa đăng nhập")
    actions = tables.Column("", empty_values=(), orderable=False)

    class Meta:
        model = User
        fields = ("username", "full_name", "role", "unit", "phone", "email", "is_active", "last_login")
        attrs = {"class": "table table-sm table-striped align-middle", "data-testid": "user-table"}
        empty_text = "Không có người dùng nào phù hợp."

    def render_unit(self, value):
        return f"{value.name} ({value.code})"

    def render_actions(self, record):
        return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">Đặt mật khẩu</a>',
                           reverse("accounts:user_password", args=[record.pk]))
