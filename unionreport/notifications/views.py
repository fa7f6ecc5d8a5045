"""The notifications pages (thin): the bell's list, one's email settings, and for staff the sent-log and the
users without an email."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from unionreport.accounts.access import require_staff
from unionreport.accounts.services import user_set_own_email
from unionreport.notifications import selectors, services
from unionreport.notifications.forms import SettingsForm
from unionreport.notifications.models import Email, Kind, Notification
from unionreport.notifications.tables import EmailTable, NoEmailTable

PER_PAGE = 50


@require_GET
def notification_list(request):
    page = list(selectors.notifications_of(request.user)[:200])
    return render(request, "notifications/list.html", {"notifications": page})


@require_POST
def mark_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, "Đã đánh dấu mọi thông báo là đã đọc.")
    return redirect("notifications:list")


@require_POST
def open_notification(request, pk: int):
    note = Notification.objects.filter(user=request.user, pk=pk).first()
    if note is None:
        return redirect("notifications:list")
    services.notifications_mark_read(user=request.user, ids=[note.pk])
    safe = note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
    return redirect(note.url if safe else "notifications:list")


@require_http_methods(["GET", "POST"])
def settings_page(request):
    user = request.user
    prefs = services.preferences_of(user)
    initial = {"email": user.email, "digest": prefs.digest, "approvals": prefs.approvals}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_set_own_email(actor=user, email=data["email"])
        except ValidationError as error:
            form.add_error("email", error.messages[0])
        else:
            services.preferences_update(user=user, digest=data["digest"], approvals=data["approvals"])
            messages.success(request, "Đã lưu cài đặt thông báo.")
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@require_GET
def sent_log(request):
    require_staff(request.user)
    rows = selectors.sent_log(actor=request.user)
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in Email.Status.values:
        rows = rows.filter(status=status)
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(to__icontains=query) | rows.filter(subject__icontains=query)
    table = EmailTable(rows)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    no_email = NoEmailTable(selectors.users_without_email(actor=request.user), prefix="u-")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(no_email)
    return render(request, "notifications/sent_log.html", {
        "table": table, "no_email": no_email, "statuses": Email.Status.choices, "kinds": Kind.choices,
        "status": status, "kind": kind, "q": query})
