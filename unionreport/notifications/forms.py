"""The email settings form: the user's own address and the emails that may be turned off."""

from django import forms


class SettingsForm(forms.Form):
    email = forms.EmailField(label="Email nhận thông báo", required=False,
                             error_messages={"invalid": "Email không hợp lệ, ví dụ: ten@ldldninhbinh.vn."},
                             widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}))
    digest = forms.BooleanField(label="Nhận thư tổng hợp hằng ngày (báo cáo mới nộp, đang chờ duyệt)", required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    approvals = forms.BooleanField(label="Nhận thư khi báo cáo được duyệt hoặc có kết quả yêu cầu mở lại",
                                   required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
