"""Forms of the unit pages: they read and check what was typed; the services decide the rest."""

from __future__ import annotations

import re

from django import forms

from unionreport.units.models import Unit
from unionreport.units.selectors import by_level

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")
CODE_HELP = "Chữ in hoa không dấu, chữ số, dấu - . _ (tối đa 32 ký tự), ví dụ CS0321."
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "VD: 05/12/2024"}),
        error_messages={"required": f"Vui lòng nhập {label.lower()} (ngày/tháng/năm, ví dụ 01/07/2025).",
                        "invalid": f"{label}: ngày không hợp lệ, nhập dạng ngày/tháng/năm, ví dụ 01/07/2025."},
    )


def clean_code(value: str, label: str = "Mã đơn vị") -> str:
    code = (value or "").strip().upper()
    if not CODE_RE.match(code):
        raise forms.ValidationError(f"{label} “{value}” không hợp lệ. {CODE_HELP}")
    return code


class UpperUnitChoiceField(forms.ModelChoiceField):
    """A unit that can have children: the province, upper-level and commune unions."""

    def __init__(self, label: str, *, required: bool = True, **kwargs):
        queryset = by_level(Unit.objects.exclude(level=Unit.Level.GRASSROOTS))
        super().__init__(queryset=queryset, label=label, required=required, empty_label="— chọn đơn vị —",
                         error_messages={"required": f"Vui lòng chọn {label.lower()}.",
                                         "invalid_choice": f"{label}: đơn vị không hợp lệ."}, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        closed = f" — ngừng hoạt động từ {obj.valid_to:%d/%m/%Y}" if obj.valid_to else ""
        return f"{obj.name} ({obj.code}){closed}"


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class TreeFilterForm(BootstrapMixin, forms.Form):
    ngay = date_field("Xem theo ngày", required=False)
    cap = forms.ChoiceField(label="Cấp", required=False, choices=[("", "Tất cả các cấp"), *Unit.Level.choices],
                            error_messages={"invalid_choice": "Cấp đơn vị không hợp lệ."})


class AsOfForm(BootstrapMixin, forms.Form):
    ngay = date_field("Xem theo ngày", required=False)


class ContactForm(BootstrapMixin, forms.Form):
    contact_person = forms.CharField(label="Người liên hệ", max_length=255, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=64, required=False)
    email = forms.EmailField(label="Email", required=False, error_messages={"invalid": "Email không hợp lệ."})
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"[0-9+().\s-]{6,20}", phone):
            raise forms.ValidationError("Số điện thoại chỉ gồm chữ số, dấu cách, + ( ) . -, ví dụ 0229 3871 200.")
        return phone


def _required(label: str) -> dict:
    return {"required": f"Vui lòng nhập {label.lower()}."}


class UnitCreateForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=32, help_text=CODE_HELP, error_messages=_required("Mã đơn vị"))
    name = forms.CharField(label="Tên đơn vị", max_length=255, error_messages=_required("Tên đơn vị"))
    level = forms.ChoiceField(label="Cấp", choices=Unit.Level.choices,
                              error_messages={"invalid_choice": "Cấp đơn vị không hợp lệ."})
    kind = forms.ChoiceField(label="Loại hình", choices=Unit.Kind.choices,
                             error_messages={"invalid_choice": "Loại hình không hợp lệ."})
    parent = UpperUnitChoiceField("Đơn vị cấp trên", required=False)
    valid_from = date_field("Ngày thành lập")
    contact_person = forms.CharField(label="Người liên hệ", max_length=255, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=64, required=False)
    email = forms.EmailField(label="Email", required=False, error_messages={"invalid": "Email không hợp lệ."})
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    note = forms.CharField(label="Căn cứ, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    clean_phone = ContactForm.clean_phone

    def clean_code(self):
        return clean_code(self.cleaned_data["code"])

    def clean(self):
        data = super().clean()
        level, parent = data.get("level"), data.get("parent")
        if level and level != Unit.Level.PROVINCE and not parent and "parent" not in self.errors:
            self.add_error("parent", "Vui lòng chọn đơn vị cấp trên (chỉ LĐLĐ tỉnh không có cấp trên).")
        return data


class ReorganisationForm(BootstrapMixin, forms.Form):
    """Shared by every kind: the effective date and the legal basis."""

    effective_date = date_field("Ngày hiệu lực")
    note = forms.CharField(label="Căn cứ (quyết định số...), ghi chú", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: Unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)


class RenameForm(ReorganisationForm):
    new_name = forms.CharField(label="Tên mới", max_length=255, error_messages=_required("Tên mới"))
    field_order = ["new_name", "effective_date", "note"]

    def clean_new_name(self):
        name = self.cleaned_data["new_name"].strip()
        if name == self.unit.name:
            raise forms.ValidationError("Tên mới trùng với tên hiện tại.")
        return name


class MoveForm(ReorganisationForm):
    new_parent = UpperUnitChoiceField("Đơn vị cấp trên mới")
    field_order = ["new_parent", "effective_date", "note"]


ACCOUNT_CHOICES = {
    "merge": [("move", "Chuyển sang đơn vị kế thừa"), ("deactivate", "Ngừng hoạt động tài khoản")],
    "close": [("keep", "Giữ để xem số liệu các năm trước"), ("deactivate", "Ngừng hoạt động tài khoản")],
    "split": [("deactivate", "Ngừng hoạt động tài khoản (chuyển sang đơn vị mới: chọn ở bước xem trước)")],
}


def accounts_field(kind: str) -> forms.ChoiceField:
    choices = ACCOUNT_CHOICES[kind]
    return forms.ChoiceField(label="Tài khoản của đơn vị ngừng hoạt động", choices=choices, initial=choices[0][0],
                             required=False,
                             help_text="Cách xử lý mặc định; ở bước xem trước có thể chọn riêng cho từng tài khoản.",
                             error_messages={"invalid_choice": "Chọn cách xử lý tài khoản trong danh sách."})


class AccountsDefault:
    """An empty choice of accounts means the first (the default shown)."""

    def clean_accounts(self):
        return self.cleaned_data.get("accounts") or self.fields["accounts"].choices[0][0]


class CloseForm(AccountsDefault, ReorganisationForm):
    reason = forms.ChoiceField(label="Lý do giải thể", choices=[("", "— chọn lý do —"), *Unit.Reason.choices],
                               error_messages={"required": "Vui lòng chọn lý do giải thể.",
                                               "invalid_choice": "Chọn lý do giải thể trong danh sách."})
    move_children_to = UpperUnitChoiceField("Chuyển các đơn vị trực thuộc về", required=False)
    accounts = accounts_field("close")
    field_order = ["reason", "move_children_to", "effective_date", "accounts", "note"]


def _codes(text: str, label: str) -> list[str]:
    return [clean_code(part, label) for part in re.split(r"[\s,;]+", text or "") if part]


class MergeForm(AccountsDefault, ReorganisationForm):
    other_codes = forms.CharField(
        label="Mã các đơn vị cùng hợp nhất (ngoài đơn vị này)", required=False,
        help_text="Cách nhau bởi dấu phẩy hoặc khoảng trắng, ví dụ NB-HL, NB-GV.")
    into = UpperUnitChoiceField("Hợp nhất vào đơn vị có sẵn", required=False)
    new_code = forms.CharField(label="hoặc mã đơn vị mới", max_length=32, required=False, help_text=CODE_HELP)
    new_name = forms.CharField(label="Tên đơn vị mới", max_length=255, required=False)
    parent = UpperUnitChoiceField("Đơn vị cấp trên của đơn vị mới", required=False)
    accounts = accounts_field("merge")
    field_order = ["other_codes", "into", "new_code", "new_name", "parent", "effective_date", "accounts", "note"]

    def clean_other_codes(self):
        codes = _codes(self.cleaned_data["other_codes"], "Mã đơn vị")
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in units]
        if missing:
            raise forms.ValidationError("Không tìm thấy đơn vị có mã: " + ", ".join(missing) + ".")
        return [self.unit, *(units[code] for code in dict.fromkeys(codes) if code != self.unit.code)]

    def clean(self):
        data = super().clean()
        new_code, new_name = (data.get("new_code") or "").strip(), (data.get("new_name") or "").strip()
        if data.get("into") and (new_code or new_name):
            raise forms.ValidationError("Chọn đơn vị có sẵn hoặc nhập đơn vị mới, không chọn cả hai.")
        if not data.get("into"):
            if not new_code or not new_name:
                raise forms.ValidationError(
                    "Chọn đơn vị tiếp nhận có sẵn, hoặc nhập cả mã và tên đơn vị mới.")
            try:
                data["new_code"] = clean_code(new_code, "Mã đơn vị mới")
            except forms.ValidationError as error:
                self.add_error("new_code", error)
            data["new_name"] = new_name
        return data


class SplitForm(AccountsDefault, ReorganisationForm):
    new_units = forms.CharField(
        label="Các đơn vị mới", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một đơn vị: mã | tên, ví dụ: CS0400 | Công đoàn Trường Tiểu học Ninh Giang A",
        error_messages=_required("các đơn vị mới"))
    assignment = forms.CharField(
        label="Đơn vị trực thuộc chuyển về đâu", widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Mỗi dòng: mã đơn vị trực thuộc | mã đơn vị mới. Đơn vị trực thuộc nào cũng phải được chỉ định.")
    members_file = forms.FileField(
        label="Danh sách đoàn viên về từng đơn vị mới (Excel, không bắt buộc)", required=False,
        help_text="Tệp .xlsx có cột “Số thẻ đoàn viên” và “Mã đơn vị mới”. Có thể chọn từng đoàn viên ở bước "
                  "xem trước.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    accounts = accounts_field("split")
    field_order = ["new_units", "assignment", "members_file", "effective_date", "accounts", "note"]

    @staticmethod
    def _lines(text: str, label: str) -> list[tuple[int, str, str]]:
        rows = []
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            left, sep, right = line.partition("|")
            if not sep or not left.strip() or not right.strip():
                raise forms.ValidationError(f"{label}, dòng {number}: “{line.strip()}” cần dạng “mã | ...”.")
            rows.append((number, left.strip(), right.strip()))
        return rows

    def clean_new_units(self):
        rows = self._lines(self.cleaned_data["new_units"], "Các đơn vị mới")
        if len(rows) < 2:
            raise forms.ValidationError("Chia tách cần ít nhất hai đơn vị mới (mỗi dòng một đơn vị).")
        return [(clean_code(code, f"Dòng {number}: mã"), name) for number, code, name in rows]

    def clean_assignment(self):
        rows = self._lines(self.cleaned_data["assignment"], "Phân công")
        children = {u.code: u for u in Unit.objects.filter(code__in=[code.upper() for _, code, _ in rows])}
        result = {}
        for number, child_code, new_code in rows:
            child = children.get(child_code.upper())
            if child is None:
                raise forms.ValidationError(f"Phân công, dòng {number}: không tìm thấy đơn vị {child_code}.")
            result[child.id] = new_code.upper()
        return result
