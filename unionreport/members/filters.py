"""The filters of the roster, workforce and activity lists."""

import django_filters
from django.db.models import Q

from unionreport.entry.filters import UnitYearFilterSet
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.selectors import member_during_q

YES_NO = [("true", "Có"), ("false", "Không")]


class MemberFilter(UnitYearFilterSet):
    sex = django_filters.ChoiceFilter(label="Giới tính", choices=Member.Sex.choices)
    status = django_filters.ChoiceFilter(label="Tình trạng", method="filter_status",
                                         choices=[("active", "Đang sinh hoạt"), ("left", "Đã ra khỏi công đoàn")])
    q = django_filters.CharFilter(label="Tìm tên, số thẻ", method="filter_text")

    class Meta:
        model = Member
        fields = ["unit", "ma_don_vi", "year", "sex", "status", "q"]

    def filter_year(self, queryset, name, year):
        """Members at some time during the year."""
        return queryset.filter(member_during_q(year))

    def filter_status(self, queryset, name, value):
        return queryset.filter(left_on__isnull=(value == "active"))

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value.strip()) | Q(card_number__icontains=value.strip()))


class WorkforceFilter(UnitYearFilterSet):
    class Meta:
        model = Workforce
        fields = ["unit", "ma_don_vi", "year"]


class ActivityFilter(UnitYearFilterSet):
    workers_conference = django_filters.TypedChoiceFilter(label="Hội nghị NLĐ", choices=YES_NO,
                                                          coerce=lambda v: v == "true")
    collective_agreement = django_filters.TypedChoiceFilter(label="Thỏa ước LĐTT", choices=YES_NO,
                                                            coerce=lambda v: v == "true")

    class Meta:
        model = Activity
        fields = ["unit", "ma_don_vi", "year", "workers_conference", "collective_agreement"]
