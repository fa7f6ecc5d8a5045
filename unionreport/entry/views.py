"""The five pages of an entry kind: list, create, detail (with history), edit, delete; a large list's Excel
export prepared in the background (`export_jobs`): its progress page and its download.

Every object is fetched through the kind's selector, which only returns rows of units the
user may see, so another unit's row answers 404; writes need a writer role (leadership: 403)
and a row of a unit the user may change today (`access.can_change`: the dissolved district's
officer reads its former CĐCS's rows but gets 403), and go through the app's services, whose
ValidationErrors (rules, locks) land on the form.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import owned_or_404
from unionreport.core.locks import lock_reasons
from unionreport.entry.export_jobs import export_job_start, is_interrupted, job_file
from unionreport.entry.forms import apply_errors
from unionreport.entry.history import field_rows, history_entries
from unionreport.entry.lists import list_response
from unionreport.entry.models import ExportJob
from unionreport.lib.exports import xlsx_file_response
from unionreport.lib.years import year_from_text

if TYPE_CHECKING:
    from unionreport.entry.kinds import EntryKind


@require_GET
def entry_list(request, kind: EntryKind):
    export_name = kind.namespace + "-" + (kind.prefix or "list")
    if request.GET.get("export") == "xlsx" and (
            job := export_job_start(user=request.user, kind=kind, query=request.GET, filename=export_name)):
        return redirect("entry:export_job", pk=job.pk)
    return list_response(
        request, queryset=kind.selector(request.user), filterset_class=kind.filterset_class,
        table_class=kind.table_class, title=kind.title, export_name=export_name,
        totals=kind.totals, summary_totals=kind.summary_totals, lock_pairs=kind.lock_pairs,
        can_write=kind.can_write(request.user),
        create_url=reverse(kind.url_name("create")), links=list(kind.links),
    )


def _lock_reason(kind: EntryKind, obj) -> str | None:
    if kind.lock_pairs is None:
        return None
    reasons = lock_reasons(kind.lock_pairs(obj))
    return next(iter(reasons.values()), None)


def _form_page(request, kind, form, obj=None):
    return render(request, "entry/form.html", {
        "kind": kind, "form": form, "object": obj,
        "title": (f"Sửa {kind.noun}" if obj else f"Thêm {kind.noun}"),
        "cancel_url": reverse(kind.url_name("detail"), args=[obj.pk]) if obj else reverse(kind.url_name("list")),
    })


@require_http_methods(["GET", "POST"])
def entry_create(request, kind: EntryKind):
    kind.ensure_can_write(request.user)
    # A link may name the year of the row to add (?year=2025: "Thêm phong trào thi đua" for a year without any).
    year = year_from_text(request.GET.get("year"))
    form = kind.form_class(request.POST or None, user=request.user, initial={"year": year} if year else None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = kind.create(actor=request.user, data=kind.data_from(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Đã thêm {kind.noun}.")
            return redirect(kind.url_name("detail"), pk=obj.pk)
    return _form_page(request, kind, form)


@require_http_methods(["GET", "POST"])
def entry_update(request, pk: int, kind: EntryKind):
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


@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int, kind: EntryKind):
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
    return render(request, "entry/confirm_delete.html", {
        "kind": kind, "object": obj, "error": error, "fields": field_rows(obj, shown=kind.shown),
        "title": f"Xóa {kind.noun}", "cancel_url": reverse(kind.url_name("detail"), args=[obj.pk]),
    })


def _row_writable(kind: EntryKind, user, obj) -> bool:
    try:
        kind.ensure_can_write_row(user, obj)
    except PermissionDenied:
        return False
    return True


@require_GET
def entry_detail(request, pk: int, kind: EntryKind):
    obj = kind.get_object(request.user, pk)
    reason = _lock_reason(kind, obj)
    writable = _row_writable(kind, request.user, obj) and not reason
    return render(request, "entry/detail.html", {
        "kind": kind, "object": obj, "title": f"{capfirst(kind.noun)}: {obj}",
        "fields": field_rows(obj, shown=kind.shown), "history": history_entries(obj, kind.shown), "lock_reason": reason,
        "batch": getattr(obj, "batch", None),
        "list_url": reverse(kind.url_name("list")),
        "update_url": reverse(kind.url_name("update"), args=[pk]) if writable else None,
        "delete_url": reverse(kind.url_name("delete"), args=[pk]) if writable else None,
    })


@require_GET
def export_job_page(request, pk: int):
    """The progress of a background export (the page reloads itself every 2 s meanwhile), then its link."""
    job = owned_or_404(request.user, ExportJob.objects.all(), pk=pk)
    interrupted = is_interrupted(job)
    return render(request, "entry/export_job.html", {
        "job": job, "title": f"Tệp Excel: {job.title}", "interrupted": interrupted,
        "running": job.status == ExportJob.Status.RUNNING and not interrupted,
        "list_url": reverse(job.list_name) + (f"?{job.query}" if job.query else ""),
    })


@require_GET
def export_job_download(request, pk: int):
    job = owned_or_404(request.user, ExportJob.objects.all(), pk=pk, status=ExportJob.Status.DONE)
    try:
        file = job_file(job).open("rb")
    except OSError:  # deleted (older than a day) or lost
        raise Http404("Tệp không còn nữa: hãy tải lại từ danh sách.") from None
    return xlsx_file_response(file, filename=job.filename)
