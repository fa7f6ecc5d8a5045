"""Form fields that accept numbers the Vietnamese way (1.500.000), using the same parser as Excel."""

from django import forms

from unionreport.core.formatting import format_int
from unionreport.core.parsing import ParseError, parse_int


class VietnameseIntegerField(forms.CharField):
    """A whole number ≥ 0; accepts 1.500.000, 1 500 000 and 1.500.000 đ."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_int(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_int(value)
        except ParseError as error:
            raise forms.ValidationError(f"“{value}” không hợp lệ: cần {error.expected}.", code="invalid") from None
