"""Forms of movements, indicators, results, documents and themes (parse only; services check)."""

from django import forms

from unionreport.entry.forms import ScopedModelForm
from unionreport.lib.forms import FieldLimits, VietnameseDateField, VietnameseDecimalField
from unionreport.lib.years import YearField
from unionreport.movements.models import DirectiveDocument, Indicator, Movement, MovementResult, YearTheme
from unionreport.movements.selectors import active_indicators


class MovementForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    year = YearField(up_to_this_year=True, ahead=1)

    class Meta:
        model = Movement
        fields = ["year", "name", "order", "active"]
        labels = {"name": "Tên phong trào", "order": "Thứ tự", "active": "Đang phát động"}


class MovementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} – {obj.name}"


class IndicatorForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    movement = MovementChoiceField(label="Phong trào", queryset=Movement.objects.order_by("-year", "order", "id"))

    class Meta:
        model = Indicator
        fields = ["movement", "name", "kind", "measure", "order"]
        labels = {"name": "Chỉ tiêu", "kind": "Loại", "measure": "Đơn vị tính", "order": "Thứ tự"}


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.movement.year} – {obj.movement.name} – {obj.name}"


class ResultForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    indicator = IndicatorChoiceField(label="Phong trào – chỉ tiêu", queryset=active_indicators())
    year = YearField(up_to_this_year=True)
    value = VietnameseDecimalField(label="Giá trị", help_text="Số lượng hoặc tiền (đồng), ví dụ 1.500.000")

    class Meta:
        model = MovementResult
        fields = ["unit", "year", "indicator", "value", "note"]
        labels = {"note": "Ghi chú"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # keep an indicator whose movement has since stopped
            self.fields["indicator"].queryset = (active_indicators() | Indicator.objects.filter(
                pk=self.instance.indicator_id)).select_related("movement")
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.order_by(
            "-movement__year", "movement__order", "order", "id")


class DirectiveForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    year = YearField(up_to_this_year=True, ahead=1)
    issued_on = VietnameseDateField(label="Ngày ban hành")

    class Meta:
        model = DirectiveDocument
        fields = ["year", "kind", "number", "issued_on", "title"]
        labels = {"kind": "Loại văn bản", "number": "Số, ký hiệu", "title": "Trích yếu"}


class YearThemeForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    year = YearField(up_to_this_year=True, ahead=1)

    class Meta:
        model = YearTheme
        fields = ["year", "theme"]
        labels = {"theme": "Chủ đề năm"}
