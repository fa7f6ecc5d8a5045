"""The house form: parses what people type; the services apply the rules."""

from django import forms

from unionreport.entry.forms import ScopedModelForm
from unionreport.houses.models import House
from unionreport.lib.forms import FieldLimits, VietnameseDateField, VietnameseIntegerField


class HouseForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    member_card = forms.CharField(label="Số thẻ đoàn viên", required=False, max_length=32,
                                  help_text="Không bắt buộc; nếu nhập, đoàn viên phải có trong danh sách của đơn vị.")
    total_support_vnd = VietnameseIntegerField(label="Tổng kinh phí hỗ trợ (đồng)", help_text="Ví dụ 50.000.000")
    union_fund_vnd = VietnameseIntegerField(label="Trong đó từ tài chính công đoàn (đồng)", required=False)
    handover_date = VietnameseDateField(label="Ngày bàn giao")

    class Meta:
        model = House
        fields = ["unit", "member_name", "member_card", "kind", "total_support_vnd", "union_fund_vnd",
                  "handover_date", "address"]
        labels = {"member_name": "Họ và tên đoàn viên", "kind": "Loại hỗ trợ", "address": "Địa chỉ"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.member_id:
            self.initial.setdefault("member_card", self.instance.member.card_number)
