"""Pages for approvers and provincial staff: reopen requests, completeness, reporting years."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionreport.accounts.access import get_visible_unit_or_404, require_staff, visible_or_404
from unionreport.core.year_setup import year_gaps
from unionreport.lib.exports import csv_response, xlsx_response
from unionreport.lib.formatting import format_percent
from unionreport.returns import selectors, workflow
from unionreport.returns.forms import NoteForm, YearForm
from unionreport.returns.models import ReopenRequest, ReportingYear
from unionreport.returns.workflow import ReturnError, can_decide
from unionreport.units.models import Unit


@require_GET
def reopen_list(request):
    requests = list(selectors.reopen_requests_for(request.user)[:300])
    rows = [{"req": r, "can_decide": not r.decision and can_decide(request.user, r)} for r in requests]
    return render(request, "returns/reopen_list.html", {"rows": rows, "note_form": NoteForm()})


@require_POST
def reopen_decide(request, pk: int):
    req = visible_or_404(request.user, ReopenRequest.objects.all(), unit_field="return_obj__unit",
                         year_field="return_obj__year", pk=pk)
    grant = request.POST.get("decision") == "grant"
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        workflow.reopen_request_decide(actor=request.user, request_id=req.pk, grant=grant, note=note)
    except ReturnError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã đồng ý mở lại báo cáo." if grant else "Đã từ chối yêu cầu mở lại.")
    return redirect("returns:reopen_list")


HEADERS = ["Mã", "Đơn vị", "Số CĐCS phải nộp", "Đã nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp", "Đã duyệt",
           "Trong đó tỉnh đã duyệt", "Tỉ lệ đã duyệt"]
MISSING_HEADERS = ["Mã CĐCS", "Tên CĐCS", "Thuộc", "Người liên hệ", "Điện thoại"]


@require_GET
def completeness(request, year: int):
    user = request.user
    code = request.GET.get("unit", "").strip()
    scope = get_visible_unit_or_404(user, code) if code else user.unit
    if scope is None or scope.level == Unit.Level.GRASSROOTS:
        raise PermissionDenied("Trang này dành cho công đoàn cấp trên và LĐLĐ tỉnh.")
    data = selectors.completeness(scope, year)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        if request.GET.get("list") == "missing":
            rows = [[m["code"], m["name"], m["parent"], m["contact"], m["phone"]] for m in data.missing_units]
            name, headers = f"chua-nop-{year}-{scope.code}", MISSING_HEADERS
        else:
            rows = [[r.code, r.name, r.expected, r.submitted, r.on_time, r.late, r.missing, r.approved,
                     r.approved_province, format_percent(r.percent)] for r in [*data.rows, data.total]]
            name, headers = f"tinh-hinh-nop-{year}-{scope.code}", HEADERS
        return (xlsx_response if fmt == "xlsx" else csv_response)(name, headers, rows)
    return render(request, "returns/completeness.html", {"data": data, "year": year, "scope": scope})


@require_http_methods(["GET", "POST"])
def years(request):
    require_staff(request.user)
    form = YearForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("lock", "unlock"):
                year = int(request.POST.get("year", "0"))
                fn = workflow.reporting_year_lock if action == "lock" else workflow.reporting_year_unlock
                fn(actor=request.user, year=year)
                messages.success(request, f"Đã {'khóa' if action == 'lock' else 'mở khóa'} năm {year}.")
                return redirect("returns:years")
            if form.is_valid():
                workflow.reporting_year_update(actor=request.user, **form.cleaned_data)
                messages.success(request, f"Đã lưu năm báo cáo {form.cleaned_data['year']}.")
                return redirect("returns:years")
        except (ReturnError, ValueError) as error:
            messages.error(request, getattr(error, "message", "Năm không hợp lệ."))
    years_rows = list(ReportingYear.objects.select_related("locked_by").order_by("-year"))
    gaps = [gap for row in years_rows if not row.locked for gap in year_gaps(row.year)]
    return render(request, "returns/years.html", {"years": years_rows, "form": form, "gaps": gaps})
