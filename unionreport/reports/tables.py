"""The targets list (the other report pages are not lists)."""

import django_tables2 as tables

from unionreport.entry.tables import ActionsColumn, DecimalColumn, ListTable, PlainColumn, YesNoColumn, count_footer
from unionreport.reports.measures import FIGURE_KEYS
from unionreport.reports.models import Target


def figure_label(key: str) -> str:
    """A figure key as users read it: its label (a key the list no longer has, as stored)."""
    info = FIGURE_KEYS.get(key)
    return info.label if info else key


class FigureColumn(tables.Column):
    """The target's figure by its label, on screen and in exports."""

    def render(self, value):
        return figure_label(value)

    def value(self, value):
        return figure_label(value)


class TargetTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    order = PlainColumn(verbose_name="Thứ tự")
    name = tables.Column(verbose_name="Chỉ tiêu")
    measure = tables.Column(verbose_name="Đơn vị tính")
    planned_value = DecimalColumn(verbose_name="Kế hoạch", total=False)
    figure_key = FigureColumn(verbose_name="Số liệu đo lường")
    assigned_by_confederation = YesNoColumn(verbose_name="Do Tổng LĐLĐ giao")
    actions = ActionsColumn(url_prefix="reports:target_")

    class Meta(ListTable.Meta):
        model = Target
        fields = ("year", "order", "name", "measure", "planned_value", "figure_key", "assigned_by_confederation")
        sequence = (*fields, "actions")
