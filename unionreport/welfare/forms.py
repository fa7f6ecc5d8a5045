"""The disbursement form: parses what people type; the services apply the rules."""

from django import forms

from unionreport.entry.forms import ScopedModelForm
from unionreport.lib.forms import FieldLimits, VietnameseDateField, VietnameseIntegerField
from unionreport.welfare.models import Disbursement


class DisbursementForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    date = VietnameseDateField(label="Ngày")
    person_times = VietnameseIntegerField(label="Số lượt đoàn viên", help_text="Một đoàn viên được chăm lo 2 lần "
                                          "tính 2 lượt.")
    amount_vnd = VietnameseIntegerField(label="Số tiền (đồng)", help_text="Ví dụ 1.500.000")

    class Meta:
        model = Disbursement
        fields = ["unit", "date", "occasion", "form", "person_times", "amount_vnd", "source", "description"]
        labels = {"occasion": "Dịp", "form": "Hình thức", "source": "Nguồn kinh phí", "description": "Nội dung"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
