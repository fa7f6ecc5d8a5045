"""The narrative editor's form (fields only; the texts are stored as typed, filled at render time)."""

from django import forms

from unionreport.reports.models import ReportNarrative
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
