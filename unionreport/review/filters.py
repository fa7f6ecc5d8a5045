"""Filters of the review lists: the approval queue and the data-quality page (django-filter, plain GET forms)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q

from unionreport.returns.models import QualityWarning, Return
from unionreport.returns.quality.checks import CHECKS


def _style(filterset) -> None:
    for field in filterset.form.fields.values():
        field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field.widget, forms.Select) \
            else "form-control form-control-sm"


class _ReviewFilter(django_filters.FilterSet):
    """What both review lists filter on: the CĐCS (code or name) and the follow-up mark."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def search(self, queryset, name, value):
        return queryset.filter(Q(unit__code__icontains=value) | Q(unit__name__icontains=value))

    def filter_follow_up(self, queryset, name, value):
        return queryset.filter(follow_up=True) if value == "yes" else queryset.exclude(follow_up=True)


class QueueFilter(_ReviewFilter):
    q = django_filters.CharFilter(label="CĐCS (mã hoặc tên)", method="search")
    parent = django_filters.CharFilter(label="Thuộc", field_name="parent_name", lookup_expr="icontains")
    late = django_filters.ChoiceFilter(label="Hạn nộp", choices=[("yes", "Nộp muộn"), ("no", "Đúng hạn")],
                                       empty_label="Tất cả", method="filter_late")
    warnings = django_filters.ChoiceFilter(label="Cảnh báo", empty_label="Tất cả", method="filter_warnings",
                                           choices=[("any", "Có cảnh báo"),
                                                    ("unexplained", "Có cảnh báo chưa giải trình"),
                                                    ("none", "Không có cảnh báo")])
    follow_up = django_filters.ChoiceFilter(label="Cần xem lại", empty_label="Tất cả", method="filter_follow_up",
                                            choices=[("yes", "Cần xem lại"), ("no", "Không đánh dấu")])
    step = django_filters.ChoiceFilter(label="Bước", empty_label="Tất cả", method="filter_step",
                                       choices=[("upper", "Thay cho cấp trên"), ("province", "Chờ tỉnh duyệt")])

    class Meta:
        model = Return
        fields = ["q", "parent", "late", "warnings", "follow_up", "step"]

    def __init__(self, *args, on_time_before: dt.datetime, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_time_before = on_time_before
        if not staff:
            del self.filters["step"]
            del self.form.fields["step"]

    def filter_late(self, queryset, name, value):
        late = Q(submitted_at__gte=self.on_time_before)
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)

    def filter_warnings(self, queryset, name, value):
        return {"any": queryset.filter(warnings__gt=0), "unexplained": queryset.filter(unexplained__gt=0),
                "none": queryset.filter(warnings=0)}.get(value, queryset)

    def filter_step(self, queryset, name, value):
        status = Return.Status.SUBMITTED if value == "upper" else Return.Status.APPROVED_UPPER
        return queryset.filter(status=status)


class QualityFilter(_ReviewFilter):
    code = django_filters.ChoiceFilter(label="Kiểm tra", empty_label="Mọi kiểm tra",
                                       choices=[(c.code, c.title) for c in CHECKS])
    q = django_filters.CharFilter(label="CĐCS (mã hoặc tên)", method="search")
    explained = django_filters.ChoiceFilter(label="Giải trình", empty_label="Tất cả", method="filter_explained",
                                            choices=[("yes", "Đã giải trình"), ("no", "Chưa giải trình")])
    follow_up = django_filters.ChoiceFilter(label="Cần xem lại", empty_label="Tất cả", method="filter_follow_up",
                                            choices=[("yes", "Cần xem lại"), ("no", "Không đánh dấu")])

    class Meta:
        model = QualityWarning
        fields = ["code", "q", "explained", "follow_up"]

    def filter_explained(self, queryset, name, value):
        return queryset.exclude(explanation="") if value == "yes" else queryset.filter(explanation="")
