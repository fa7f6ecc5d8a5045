"""Browser entry of one kind of domain row: list, create, detail (with history), edit, delete.

Each domain app describes a kind once (`EntryKind`: its selector, form, services, table,
filter and totals) and gets thin views and url patterns from it. Every object is fetched
through the kind's selector, which only returns rows of units the user may see, so
another unit's row answers 404; writes need a writer role (leadership: 403) and a row of
a unit the user may change today (`access.can_change`: the dissolved district's officer
reads its former CĐCS's rows but gets 403), and go through the app's services, whose
ValidationErrors (rules, locks) land on the form.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import (
    changeable_units,
    ensure_can_change,
    ensure_may_change_anything,
    may_change_anything,
    require_staff,
)
from unionreport.core.forms import add_bootstrap_classes
from unionreport.core.history import field_rows, history_entries
from unionreport.core.lists import list_response
from unionreport.core.locks import lock_reasons


@dataclass(frozen=True)
class EntryKind:
    namespace: str  # the app's url namespace, e.g. "welfare"
    prefix: str  # "" for the app's main kind (welfare:list), else e.g. "workforce_"
    slug: str  # url path segment, e.g. "" or "lao-dong/"
    title: str  # list title: "Chăm lo đoàn viên"
    noun: str  # one row: "khoản chăm lo"
    selector: Callable  # (user) -> queryset of visible rows
    form_class: type
    data_class: type  # the services' typed input
    create: Callable  # (actor=, data=) -> obj
    update: Callable  # (actor=, obj=, data=) -> obj
    delete: Callable  # (actor=, obj=) -> None
    table_class: type
    filterset_class: type
    totals: dict | Callable | None = None
    lock_pairs: Callable[[object], Iterable[tuple[int, int]]] | None = None
    staff_only: bool = False  # writes by provincial staff only (movements, targets, documents)
    links: tuple = ()

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.prefix}{action}"

    def can_write(self, user) -> bool:
        """May `user` write rows of this kind at all (rows of its units: see `ensure_can_write_row`)?"""
        if self.staff_only:
            return user.is_authenticated and user.is_province_staff
        return may_change_anything(user)

    def ensure_can_write(self, user) -> None:
        if self.staff_only:
            require_staff(user)
        else:
            ensure_may_change_anything(user)

    def ensure_can_write_row(self, user, obj) -> None:
        """The kind, then the row's unit: changeable today (403 otherwise, before any form is shown)."""
        self.ensure_can_write(user)
        if not self.staff_only and getattr(obj, "unit_id", None) is not None:
            ensure_can_change(user, obj.unit_id)

    def get_object(self, user, pk: int):
        try:
            return self.selector(user).get(pk=pk)
        except self.selector(user).model.DoesNotExist:
            raise Http404("Không tìm thấy dữ liệu.") from None

    def data_from(self, form):
        return self.data_class(**{f.name: form.cleaned_data.get(f.name) for f in dataclasses.fields(self.data_class)})

    def urlpatterns(self) -> list:
        p, s = self.prefix, self.slug
        return [
            path(s, require_GET(lambda r: list_view(r, self)), name=f"{p}list"),
            path(f"{s}them/", require_http_methods(["GET", "POST"])(lambda r: create_view(r, self)),
                 name=f"{p}create"),
            path(f"{s}<int:pk>/", require_GET(lambda r, pk: detail_view(r, self, pk)), name=f"{p}detail"),
            path(f"{s}<int:pk>/sua/", require_http_methods(["GET", "POST"])(lambda r, pk: update_view(r, self, pk)),
                 name=f"{p}update"),
            path(f"{s}<int:pk>/xoa/", require_http_methods(["GET", "POST"])(lambda r, pk: delete_view(r, self, pk)),
                 name=f"{p}delete"),
        ]


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def list_view(request, kind: EntryKind):
    return list_response(
        request, queryset=kind.selector(request.user), filterset_class=kind.filterset_class,
        table_class=kind.table_class, title=kind.title, export_name=kind.namespace + "-" + (kind.prefix or "list"),
        totals=kind.totals, lock_pairs=kind.lock_pairs, can_write=kind.can_write(request.user),
        create_url=reverse(kind.url_name("create")), links=list(kind.links),
    )


def _lock_reason(kind: EntryKind, obj) -> str | None:
    if kind.lock_pairs is None:
        return None
    reasons = lock_reasons(kind.lock_pairs(obj))
    return next(iter(reasons.values()), None)


def _form_page(request, kind, form, obj=None):
    return render(request, "core/form.html", {
        "kind": kind, "form": form, "object": obj,
        "title": (f"Sửa {kind.noun}" if obj else f"Thêm {kind.noun}"),
        "cancel_url": reverse(kind.url_name("detail"), args=[obj.pk]) if obj else reverse(kind.url_name("list")),
    })


def create_view(request, kind: EntryKind):
    kind.ensure_can_write(request.user)
    form = kind.form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = kind.create(actor=request.user, data=kind.data_from(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Đã thêm {kind.noun}.")
            return redirect(kind.url_name("detail"), pk=obj.pk)
    return _form_page(request, kind, form)


def update_view(request, kind: EntryKind, pk: int):
    obj = kind.get_object(request.user, pk)
    kind.ensure_can_write_row(request.user, obj)
    # The form works on a copy so that the service still sees the row as it was.
    form = kind.form_class(request.POST or None, instance=copy.deepcopy(obj), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            kind.update(actor=request.user, obj=obj, data=kind.data_from(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Đã lưu thay đổi {kind.noun}.")
            return redirect(kind.url_name("detail"), pk=obj.pk)
    elif request.method == "GET" and (reason := _lock_reason(kind, obj)):
        messages.warning(request, reason)
    return _form_page(request, kind, form, obj)


def delete_view(request, kind: EntryKind, pk: int):
    obj = kind.get_object(request.user, pk)
    kind.ensure_can_write_row(request.user, obj)
    error = None
    if request.method == "POST":
        try:
            kind.delete(actor=request.user, obj=obj)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Đã xóa {kind.noun}.")
            return redirect(kind.url_name("list"))
    return render(request, "core/confirm_delete.html", {
        "kind": kind, "object": obj, "error": error, "fields": field_rows(obj),
        "title": f"Xóa {kind.noun}", "cancel_url": reverse(kind.url_name("detail"), args=[obj.pk]),
    })


def _row_writable(kind: EntryKind, user, obj) -> bool:
    try:
        kind.ensure_can_write_row(user, obj)
    except PermissionDenied:
        return False
    return True


def detail_view(request, kind: EntryKind, pk: int):
    obj = kind.get_object(request.user, pk)
    reason = _lock_reason(kind, obj)
    writable = _row_writable(kind, request.user, obj) and not reason
    return render(request, "core/detail.html", {
        "kind": kind, "object": obj, "title": f"{kind.noun.capitalize()}: {obj}",
        "fields": field_rows(obj), "history": history_entries(obj), "lock_reason": reason,
        "batch": getattr(obj, "batch", None),
        "list_url": reverse(kind.url_name("list")),
        "update_url": reverse(kind.url_name("update"), args=[pk]) if writable else None,
        "delete_url": reverse(kind.url_name("delete"), args=[pk]) if writable else None,
    })


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


def copy_fields(source, target, names: Iterable[str]) -> None:
    for name in names:
        setattr(target, name, getattr(source, name))
