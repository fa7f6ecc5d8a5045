"""The columns of the movements' lists."""

import django_tables2 as tables

from unionreport.entry.tables import (
    ActionsColumn,
    DateColumn,
    DecimalColumn,
    IntColumn,
    ListTable,
    PlainColumn,
    UnitColumn,
    YesNoColumn,
    count_footer,
)
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme


class MovementTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    order = PlainColumn(verbose_name="Thứ tự")
    name = tables.Column(verbose_name="Tên phong trào")
    indicator_count = IntColumn(verbose_name="Số chỉ tiêu", total=False)
    active = YesNoColumn(verbose_name="Đang phát động")
    actions = ActionsColumn(url_prefix="movements:movement_")

    class Meta(ListTable.Meta):
        model = Movement
        fields = ("year", "order", "name", "indicator_count", "active")
        sequence = (*fields, "actions")


class IndicatorTable(ListTable):
    movement__year = PlainColumn(verbose_name="Năm", footer=count_footer)
    movement = tables.Column(verbose_name="Phong trào", accessor="movement__name",
                             order_by=("movement__year", "movement__order", "movement__name"))
    name = tables.Column(verbose_name="Chỉ tiêu")
    kind = tables.Column(verbose_name="Loại")
    measure = tables.Column(verbose_name="Đơn vị tính")
    order = PlainColumn(verbose_name="Thứ tự")
    actions = ActionsColumn(url_prefix="movements:indicator_")

    class Meta(ListTable.Meta):
        model = Indicator
        fields = ("movement__year", "movement", "name", "kind", "measure", "order")
        sequence = (*fields, "actions")


class ResultTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    unit = UnitColumn()
    movement = tables.Column(verbose_name="Phong trào", accessor="indicator__movement__name",
                             order_by=("indicator__movement__order", "indicator__movement__name"))
    indicator = tables.Column(verbose_name="Chỉ tiêu", accessor="indicator__name", order_by=("indicator__name",))
    value = DecimalColumn(verbose_name="Giá trị")
    note = tables.Column(verbose_name="Ghi chú")
    actions = ActionsColumn(url_prefix="movements:result_")

    class Meta(ListTable.Meta):
        model = MovementResult
        fields = ("year", "unit", "movement", "indicator", "value", "note")
        sequence = (*fields, "actions")


class DirectiveTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    kind = tables.Column(verbose_name="Loại văn bản")
    number = tables.Column(verbose_name="Số, ký hiệu")
    issued_on = DateColumn(verbose_name="Ngày ban hành")
    title = tables.Column(verbose_name="Trích yếu")
    actions = ActionsColumn(url_prefix="movements:directive_")

    class Meta(ListTable.Meta):
        model = DirectiveDocument
        fields = ("year", "kind", "number", "issued_on", "title")
        sequence = (*fields, "actions")


class YearThemeTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    theme = tables.Column(verbose_name="Chủ đề năm")
    actions = ActionsColumn(url_prefix="movements:theme_")

    class Meta(ListTable.Meta):
        model = YearTheme
        fields = ("year", "theme")
        sequence = (*fields, "actions")
