"""The user forms: what staff type for an account (the services check the role against the unit)."""

import django_filters
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q

from unionreport.accounts.models import User
from unionreport.units.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
            field.error_messages["required"] = f"Vui lòng nhập {field.label.lower()}."


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, label="Đơn vị", empty_label="— chọn đơn vị —",
                         error_messages={"required": "Vui lòng chọn đơn vị của người dùng.",
                                         "invalid_choice": "Đơn vị không hợp lệ."}, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        closed = f", ngừng hoạt động từ {obj.valid_to:%d/%m/%Y}" if obj.valid_to else ""
        return f"{obj.code} · {obj.name} ({obj.get_level_display()}{closed})"


def _required(label: str) -> dict:
    return {"required": f"Vui lòng nhập {label.lower()}."}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                              else "form-control")


class PasswordForm(StyledForm):
    password1 = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput(render_value=False),
                                error_messages=_required("Mật khẩu"),
                                help_text="Ít nhất 8 ký tự, không quá phổ biến, không chỉ gồm chữ số.")
    password2 = forms.CharField(label="Nhập lại mật khẩu", strip=False, widget=forms.PasswordInput,
                                error_messages={"required": "Vui lòng nhập lại mật khẩu."})

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return data


class UserFieldsForm(StyledForm):
    full_name = forms.CharField(label="Họ và tên", max_length=150, error_messages=_required("Họ và tên"))
    email = forms.EmailField(label="Email", required=False, error_messages={"invalid": "Email không hợp lệ."})
    phone = forms.CharField(label="Điện thoại", max_length=64, required=False)
    role = forms.ChoiceField(label="Vai trò", choices=User.Role.choices,
                             error_messages={"invalid_choice": "Vai trò không hợp lệ.",
                                             "required": "Vui lòng chọn vai trò."})

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(units)
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.order_fields(self.field_order)


class UserCreateForm(UserFieldsForm, PasswordForm):
    username = forms.RegexField(
        label="Tên đăng nhập", max_length=150, regex=r"^[A-Za-z0-9_.@+-]+$",
        help_text="Chữ không dấu, chữ số và . _ - @ +, ví dụ canbo_giavien.",
        error_messages={"required": "Vui lòng nhập tên đăng nhập.",
                        "invalid": "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và . _ - @ +."})
    field_order = ["username", "full_name", "email", "phone", "role", "unit", "password1", "password2"]


class UserEditForm(UserFieldsForm):
    is_active = forms.BooleanField(label="Đang hoạt động (bỏ chọn để khóa tài khoản)", required=False)
    field_order = ["full_name", "email", "phone", "role", "unit", "is_active"]


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Tìm", method="search")
    role = django_filters.ChoiceFilter(label="Vai trò", choices=User.Role.choices, empty_label="Mọi vai trò")
    unit = django_filters.ModelChoiceFilter(label="Đơn vị", queryset=Unit.objects.none(), empty_label="Mọi đơn vị")

    class Meta:
        model = User
        fields = ["q", "role", "unit"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value)
                               | Q(last_name__icontains=value) | Q(email__icontains=value))
