"""Forms of the review pages (parsing input only: the rules are in the workflow and the quality store)."""

from django import forms

from unionreport.returns.quality.checks import THRESHOLDS


class SendBackForm(forms.Form):
    note = forms.CharField(label="Lý do trả lại (bắt buộc, đơn vị sẽ nhận được)", min_length=5, max_length=500,
                           error_messages={"required": "Hãy ghi lý do trả lại.",
                                           "min_length": "Hãy ghi rõ lý do trả lại (ít nhất 5 ký tự)."},
                           widget=forms.Textarea(attrs={"rows": 2, "class": "form-control", "required": True}))


class FollowUpForm(forms.Form):
    note = forms.CharField(label="Ghi chú cần xem lại", max_length=500, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


class ThresholdsForm(forms.Form):
    """One whole number per threshold of `returns.quality.checks.THRESHOLDS`."""

    def __init__(self, *args, initial_values: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for threshold in THRESHOLDS:
            self.fields[threshold.name] = forms.IntegerField(
                label=f"{threshold.label} ({threshold.measure})", min_value=0, initial=initial_values[threshold.name],
                error_messages={"required": "Hãy nhập một số.", "invalid": "Hãy nhập số nguyên, ví dụ 30.",
                                "min_value": "Ngưỡng không được âm."},
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}))


def posted_explanations(data) -> dict[str, str]:
    """The explanations of the submit form: pairs explain_key_N / explain_text_N."""
    out = {}
    for name, key in data.items():
        if name.startswith("explain_key_"):
            out[key] = data.get("explain_text_" + name.removeprefix("explain_key_"), "")
    return out
