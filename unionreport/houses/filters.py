"""The houses list's filters."""

import django_filters

from unionreport.entry.filters import UnitYearFilterSet
from unionreport.houses.models import House


class HouseFilter(UnitYearFilterSet):
    year_lookup = "handover_date__year"
    kind = django_filters.ChoiceFilter(label="Loại hỗ trợ", choices=House.Kind.choices)

    class Meta:
        model = House
        fields = ["unit", "ma_don_vi", "year", "kind"]
