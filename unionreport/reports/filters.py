"""The targets list's filter."""

import django_filters

from unionreport.entry.filters import YearFilterSet
from unionreport.reports.models import Target

YES_NO = [("true", "Có"), ("false", "Không")]


class TargetFilter(YearFilterSet):
    assigned_by_confederation = django_filters.TypedChoiceFilter(label="Do Tổng LĐLĐ giao", choices=YES_NO,
                                                                 coerce=lambda v: v == "true")

    class Meta:
        model = Target
        fields = ["year", "assigned_by_confederation"]
