"""The filters of the movements' lists."""

import django_filters

from unionreport.entry.filters import UnitYearFilterSet, YearFilterSet
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme

YES_NO = [("true", "Có"), ("false", "Không")]


def _yes_no(label):
    return django_filters.TypedChoiceFilter(label=label, choices=YES_NO, coerce=lambda v: v == "true")


def _movements(request):
    return Movement.objects.order_by("-year", "order", "id")


class MovementFilter(YearFilterSet):
    active = _yes_no("Đang phát động")

    class Meta:
        model = Movement
        fields = ["year", "active"]


class IndicatorFilter(YearFilterSet):
    year_lookup = "movement__year"
    movement = django_filters.ModelChoiceFilter(label="Phong trào", queryset=_movements)
    kind = django_filters.ChoiceFilter(label="Loại", choices=Indicator.Kind.choices)

    class Meta:
        model = Indicator
        fields = ["year", "movement", "kind"]


class ResultFilter(UnitYearFilterSet):
    movement = django_filters.ModelChoiceFilter(label="Phong trào", queryset=_movements,
                                                field_name="indicator__movement")
    indicator = django_filters.ModelChoiceFilter(label="Chỉ tiêu", queryset=lambda r: Indicator.objects.order_by(
        "-movement__year", "movement__order", "order", "id"))
    kind = django_filters.ChoiceFilter(label="Loại chỉ tiêu", choices=Indicator.Kind.choices,
                                       field_name="indicator__kind")

    class Meta:
        model = MovementResult
        fields = ["unit", "ma_don_vi", "year", "movement", "indicator", "kind"]


class DirectiveFilter(YearFilterSet):
    kind = django_filters.ChoiceFilter(label="Loại văn bản", choices=DirectiveDocument.Kind.choices)

    class Meta:
        model = DirectiveDocument
        fields = ["year", "kind"]


class YearThemeFilter(YearFilterSet):
    class Meta:
        model = YearTheme
        fields = ["year"]
