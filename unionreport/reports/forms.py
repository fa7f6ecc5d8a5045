"""The narrative editor's form (the texts are stored as typed, filled at render time), the report chooser and
the target form (fields only; the services check)."""

from django import forms

from unionreport.entry.forms import ScopedModelForm
from unionreport.lib.forms import FieldLimits, VietnameseDecimalField
from unionreport.lib.years import YearField
from unionreport.reports.measures import FIGURE_KEYS
from unionreport.reports.models import ReportNarrative, Target
from unionreport.reports.services import NARRATIVE_FIELDS


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = NARRATIVE_FIELDS
        widgets = {
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 4, "class": "narrative-text"})
               for name in NARRATIVE_FIELDS[6:]},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
            if "narrative-text" in field.widget.attrs["class"]:
                field.widget.attrs["class"] = "form-control narrative-text"


class ChooseForm(forms.Form):
    unit = forms.ChoiceField(label="Đơn vị")
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"


def figure_key_choices() -> list[tuple[str, str]]:
    return [("", "— chưa gắn —")] + [(key, fig.label) for key, fig in FIGURE_KEYS.items()]


class TargetForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    year = YearField(up_to_this_year=True, ahead=1)
    planned_value = VietnameseDecimalField(label="Kế hoạch")

    class Meta:
        model = Target
        fields = ["year", "name", "measure", "planned_value", "figure_key", "assigned_by_confederation", "order"]
        labels = {"name": "Chỉ tiêu", "measure": "Đơn vị tính", "figure_key": "Số liệu đo lường",
                  "assigned_by_confederation": "Do Tổng LĐLĐ giao", "order": "Thứ tự"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = figure_key_choices()
        current = self.instance.figure_key
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["figure_key"] = forms.ChoiceField(label="Số liệu đo lường", choices=choices, required=False,
                                                      widget=forms.Select(attrs={"class": "form-select"}))


class HistoryForm(forms.Form):
    file = forms.FileField(label="Tệp số liệu tổng hợp (.xlsx)", widget=forms.ClearableFileInput(attrs={
        "accept": ".xlsx", "class": "form-control"}), error_messages={"required": "Hãy chọn tệp .xlsx để nhập."})
    source = forms.CharField(label="Nguồn số liệu", max_length=255, required=False, widget=forms.TextInput(attrs={
        "class": "form-control", "placeholder": "Báo cáo tổng kết năm 2024 của LĐLĐ tỉnh Hà Nam"}),
        help_text="Để trống: hệ thống ghi “báo cáo năm … của …” theo đơn vị trong tệp.")
