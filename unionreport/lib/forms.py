"""Form fields that accept numbers the Vietnamese way (1.500.000), using the same parser as Excel."""

from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist

from unionreport.lib.formatting import format_int, format_number
from unionreport.lib.parsing import ParseError, parse_int, parse_number
from unionreport.lib.rules import fit_message, fit_problem, too_large, value_limit


class VietnameseIntegerField(forms.CharField):
    """A whole number ≥ 0 (≤ `max_value` if given); accepts 1.500.000, 1 500 000 and 1.500.000 đ."""

    def __init__(self, *args, max_value: int | None = None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        self.max_value = max_value

    def validate(self, value):
        super().validate(value)
        if value is not None and self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(f"Quá lớn. {too_large(self.max_value)}", code="max_value")

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
            return format_number(value)
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
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "VD: 05/12/2024"}))
        super().__init__(*args, **kwargs)


class FieldLimits:
    """Mixin for ModelForms (before the form classes): every field refuses what its model field cannot hold
    (too long, above the column's range or the plausible caps of lib.rules) with the Excel import's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        opts = self._meta.model._meta
        for name, field in self.fields.items():
            try:
                model_field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if any(getattr(v, "code", "") == "min_value" and v.limit_value == 0 for v in field.validators):
                field.error_messages["min_value"] = "Không được là số âm."
            limit = _FitValidator(model_field)
            if any(limit.looser_than(v) for v in field.validators):
                continue  # e.g. YearField: this year at most, with its own words
            field.validators = [v for v in field.validators if getattr(v, "code", "") not in limit.codes] + [limit]
            field.error_messages.update(limit.messages())


class _FitValidator:
    codes = ("max_value", "max_length")

    def __init__(self, model_field):
        self.model_field = model_field

    def looser_than(self, validator) -> bool:
        code, bound = getattr(validator, "code", ""), getattr(validator, "limit_value", None)
        if code == "max_value" and value_limit(self.model_field) is not None:
            return bound < value_limit(self.model_field)
        if code == "max_length" and getattr(self.model_field, "max_length", None):
            return bound < self.model_field.max_length
        return False

    def messages(self) -> dict[str, str]:
        """Django's own codes (the model's validators, if ever reached) in the same words."""
        out = {}
        if getattr(self.model_field, "max_length", None):
            out["max_length"] = fit_message(fit_problem(self.model_field, "x" * (self.model_field.max_length + 1)))
        if value_limit(self.model_field) is not None:
            out["max_value"] = fit_message(fit_problem(self.model_field, value_limit(self.model_field) + 1))
        return out

    def __call__(self, value):
        problem = fit_problem(self.model_field, value)
        if problem:
            raise forms.ValidationError(fit_message(problem), code="limit")


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
