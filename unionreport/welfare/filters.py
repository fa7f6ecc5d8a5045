"""The welfare list's filters."""

import django_filters

from unionreport.entry.filters import UnitYearFilterSet
from unionreport.welfare.models import Disbursement, Form, Occasion, Source


class DisbursementFilter(UnitYearFilterSet):
    year_lookup = "date__year"
    occasion = django_filters.ChoiceFilter(label="Dịp", choices=Occasion.choices)
    form = django_filters.ChoiceFilter(label="Hình thức", choices=Form.choices)
    source = django_filters.ChoiceFilter(label="Nguồn kinh phí", choices=Source.choices)

    class Meta:
        model = Disbursement
        fields = ["unit", "ma_don_vi", "year", "occasion", "form", "source"]
