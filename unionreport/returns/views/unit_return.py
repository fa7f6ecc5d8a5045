"""Pages of one unit's return file (thin: parse, call a selector or service, render): template and export
downloads, upload, preview and confirm, stored files. The return's page itself and its workflow steps are
the review app's (`review:return`).

Every URL names the unit by code and resolves it with the access rule: another unit's
return answers 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionreport.accounts.access import (
    can_change,
    ensure_sees_year,
    get_changeable_unit_or_404,
    get_visible_unit_or_404,
    visible_or_404,
)
from unionreport.lib.exports import XLSX_TYPE
from unionreport.returns import services
from unionreport.returns.excel import template
from unionreport.returns.excel.template import workbook_bytes
from unionreport.returns.forms import UploadForm
from unionreport.returns.locks import return_lock_reason
from unionreport.returns.models import ReturnVersion, UploadStaging

UPLOAD_SLACK = 64 * 1024  # multipart overhead above the file itself


def _grassroots_or_404(user, code: str, year: int, *, change: bool = False):
    """The CĐCS of a return page: one the user may read for that year (a former upper unit does not read what
    was filed after the CĐCS moved away), changeable today when the page writes."""
    unit = (get_changeable_unit_or_404 if change else get_visible_unit_or_404)(user, code)
    ensure_sees_year(user, unit, year)
    if not unit.is_grassroots:
        raise Http404("Báo cáo năm chỉ có ở công đoàn cơ sở.")
    return unit


def _detail_url(unit, year: int) -> str:
    """The return's page (the review app's; reversed by name, the returns app imports no page above it)."""
    return reverse("review:return", args=[year, unit.code])


def _xlsx(wb, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def template_download(request, year: int, code: str):
    unit = _grassroots_or_404(request.user, code, year)
    wb = template.build_return_workbook(unit=unit, year=year, with_data=False)
    return _xlsx(wb, f"mau-bao-cao-{year}-{unit.code}.xlsx")


@require_GET
def export_download(request, year: int, code: str):
    unit = _grassroots_or_404(request.user, code, year)
    wb = template.build_return_workbook(unit=unit, year=year, with_data=True)
    return _xlsx(wb, f"bao-cao-{year}-{unit.code}.xlsx")


@require_POST
def upload(request, year: int, code: str):
    unit = _grassroots_or_404(request.user, code, year, change=True)
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.RETURN_MAX_BYTES + UPLOAD_SLACK:
        messages.error(request, "Tệp quá lớn; tối đa 10 MB. Xóa các dòng, trang tính thừa rồi lưu lại.")
        return redirect(_detail_url(unit, year))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy chọn tệp báo cáo (.xlsx) để tải lên.")
        return redirect(_detail_url(unit, year))
    staging = services.staging_create(actor=request.user, unit=unit, year=year, upload=form.cleaned_data["file"])
    return redirect("returns:preview", token=staging.token)


def _staging_or_404(request, token) -> UploadStaging:
    # The staged rows (megabytes for a large return) are read by the confirmation alone, from the service.
    staging = visible_or_404(request.user, UploadStaging.objects.select_related("unit").defer("rows"),
                             year_field="year", token=token)
    if staging.uploaded_by_id != request.user.pk:
        raise Http404("Không tìm thấy bản xem trước.")
    return staging


@require_http_methods(["GET", "POST"])
def preview(request, token):
    staging = _staging_or_404(request, token)
    unit, year = staging.unit, staging.year
    if request.method == "POST":
        if not can_change(request.user, unit):
            raise PermissionDenied("Tài khoản chỉ được xem, không được thay đổi.")
        result = services.staging_confirm(actor=request.user, staging=staging)
        if result.refused or not result.ok:
            messages.error(request, result.refused or "Tệp còn lỗi; hãy sửa và tải lên lại.")
        elif result.unchanged:
            messages.info(request, "Tệp giống hệt lần tải lên trước; số liệu không thay đổi.")
        else:
            messages.success(request, f"Đã nhập báo cáo (lần {result.version}). Kiểm tra lại rồi bấm “Nộp báo cáo”.")
        return redirect(_detail_url(unit, year))
    result = staging.result
    return render(request, "returns/preview.html", {
        "staging": staging, "unit": unit, "year": year, "result": result,
        "errors": result.get("errors", []), "warnings": result.get("warnings", []),
        "summary": result.get("summary", {}), "lock_reason": return_lock_reason(unit.pk, year),
    })


@require_GET
def version_file(request, pk: int):
    version = visible_or_404(request.user, ReturnVersion.objects.select_related("return_obj__unit"),
                             unit_field="return_obj__unit", year_field="return_obj__year", pk=pk)
    if not version.file:
        raise Http404("Không còn tệp.")
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.original_name,
                        content_type=XLSX_TYPE)


