"""The welfare list's columns."""

import django_tables2 as tables

from unionreport.entry.tables import ActionsColumn, DateColumn, IntColumn, ListTable, UnitColumn, count_footer
from unionreport.welfare.models import Disbursement


class DisbursementTable(ListTable):
    date = DateColumn(verbose_name="Ngày", footer=count_footer)
    unit = UnitColumn()
    occasion = tables.Column(verbose_name="Dịp")
    form = tables.Column(verbose_name="Hình thức")
    person_times = IntColumn(verbose_name="Số lượt")
    amount_vnd = IntColumn(verbose_name="Số tiền (đồng)")
    source = tables.Column(verbose_name="Nguồn kinh phí")
    description = tables.Column(verbose_name="Nội dung")
    actions = ActionsColumn(url_prefix="welfare:")

    class Meta(ListTable.Meta):
        model = Disbursement
        fields = ("date", "unit", "occasion", "form", "person_times", "amount_vnd", "source", "description")
        sequence = (*fields, "actions")
