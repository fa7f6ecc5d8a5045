"""One kind of domain row as the browser enters it (`EntryKind`) and its five url patterns.

Each domain app describes a kind once: its selector, form, the three services that write it
(named explicitly), table, filter and totals. The url patterns point at the named views of
`entry.views` with the kind as an argument, so tracebacks and `resolve()` name the view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import Http404
from django.urls import path

from unionreport.accounts.access import (
    ensure_can_change,
    ensure_may_change_anything,
    may_change_anything,
    require_staff,
)
from unionreport.entry import views


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
    summary_totals: Callable | None = None  # (filterset) -> the totals row, when a summary states it exactly
    lock_pairs: Callable[[object], Iterable[tuple[int, int]]] | None = None
    staff_only: bool = False  # writes by provincial staff only (movements, targets, documents)
    links: tuple = ()
    # How a field's stored value reads on the detail and history pages, when not as stored (a figure key by
    # its label): {field name: value -> text}.
    shown: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)

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
        p, s, kind = self.prefix, self.slug, {"kind": self}
        return [
            path(s, views.entry_list, kind, name=f"{p}list"),
            path(f"{s}them/", views.entry_create, kind, name=f"{p}create"),
            path(f"{s}<int:pk>/", views.entry_detail, kind, name=f"{p}detail"),
            path(f"{s}<int:pk>/sua/", views.entry_update, kind, name=f"{p}update"),
            path(f"{s}<int:pk>/xoa/", views.entry_delete, kind, name=f"{p}delete"),
        ]
