"""The entry forms' shared behaviour: unit choices limited to what the user may change, service errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from unionreport.accounts.access import changeable_units
from unionreport.lib.forms import add_bootstrap_classes


class ScopedModelForm:
    """Mixin for ModelForms: `user=` limits the unit choices to units the user may change (today's subtree)."""

    unit_levels: tuple[str, ...] | None = None  # e.g. grassroots only for the roster

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "unit" in self.fields:
            units = changeable_units(user).order_by("code")
            if self.unit_levels:
                units = units.filter(level__in=self.unit_levels)
            self.fields["unit"].queryset = units
            self.fields["unit"].label = "Đơn vị"
        add_bootstrap_classes(self)

    def validate_unique(self):
        """Uniqueness is a rule of the services (one message, the same for the Excel import)."""


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
