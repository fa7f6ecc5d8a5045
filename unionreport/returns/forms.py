"""Forms of the returns pages (parsing input only; rules live in services and the domain rules)."""

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp báo cáo (.xlsx, tối đa 10 MB)",
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "class": "form-control"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", min_length=5, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class NoteForm(forms.Form):
    note = forms.CharField(label="Ghi chú", required=False, max_length=500,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


class YearForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    cutoff_date = forms.DateField(label="Ngày chốt số liệu", input_formats=DATE_FORMATS,
                                  widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "form-control",
                                                                                    "placeholder": "30/11/2024"}))
    deadline = forms.DateField(label="Hạn nộp", input_formats=DATE_FORMATS,
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "form-control",
                                                                                 "placeholder": "10/12/2024"}))
