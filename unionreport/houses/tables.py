"""The houses list's columns."""

import django_tables2 as tables

from unionreport.entry.tables import ActionsColumn, DateColumn, IntColumn, ListTable, UnitColumn, count_footer
from unionreport.houses.models import House


class HouseTable(ListTable):
    handover_date = DateColumn(verbose_name="Ngày bàn giao", footer=count_footer)
    unit = UnitColumn()
    member_name = tables.Column(verbose_name="Đoàn viên")
    kind = tables.Column(verbose_name="Loại hỗ trợ")
    total_support_vnd = IntColumn(verbose_name="Tổng kinh phí (đồng)")
    union_fund_vnd = IntColumn(verbose_name="Từ tài chính công đoàn (đồng)")
    address = tables.Column(verbose_name="Địa chỉ")
    actions = ActionsColumn(url_prefix="houses:")

    class Meta(ListTable.Meta):
        model = House
        fields = ("handover_date", "unit", "member_name", "kind", "total_support_vnd", "union_fund_vnd", "address")
        sequence = (*fields, "actions")
