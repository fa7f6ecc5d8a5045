"""Form fields that accept numbers the Vietnamese way (1.500.000), using the same parser as Excel."""

import datetime as dt
from decimal import Decimal

from django import forms

from unionreport.core.formatting import format_decimal, format_int
from unionreport.core.parsing import ParseError, parse_int, parse_number


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


class VietnameseDecimalField(forms.CharField):
    """A number ≥ 0 that may have decimals, written the Vietnamese way: 1.234,5 or 1.500.000."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            value = Decimal(str(value))
            if value == value.to_integral_value():
                return format_int(value)
            return format_decimal(value, 2).rstrip("0").rstrip(",")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_number(value, expected="một số không âm, ví dụ 1.500.000 hoặc 12,5")
        except ParseError as error:
            raise forms.ValidationError(f"“{value}” không hợp lệ: cần {error.expected}.", code="invalid") from None


class VietnameseDateField(forms.DateField):
    """A date typed dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd), shown as dd/mm/yyyy."""

    default_error_messages = {"invalid": "Ngày không hợp lệ: cần dạng dd/mm/yyyy, ví dụ 05/03/2024."}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
        super().__init__(*args, **kwargs)


def add_bootstrap_classes(form) -> None:
    """Bootstrap classes on every widget (forms and filter forms alike)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm" if getattr(form, "compact", False) else "form-select"
        else:
            css = "form-control form-control-sm" if getattr(form, "compact", False) else "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class YearField(forms.IntegerField):
    """A reporting year from 2000 to this year (+ `ahead` years for plans and targets)."""

    def __init__(self, *args, ahead: int = 0, **kwargs):
        kwargs.setdefault("label", "Năm")
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", dt.date.today().year + ahead)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        self.error_messages["max_value"] = "Năm không được sau năm %(limit_value)s."
        self.error_messages["min_value"] = "Năm phải từ %(limit_value)s trở đi."
        self.error_messages["invalid"] = "Năm phải là số nguyên, ví dụ 2024."
