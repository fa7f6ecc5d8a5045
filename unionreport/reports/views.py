"""Pages of the yearly report (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import ensure_sees_year, get_visible_unit_or_404, require_staff, visible_units
from unionreport.entry.kinds import EntryKind
from unionreport.lib.formatting import format_int
from unionreport.reports import filters, selectors, services, tables
from unionreport.reports.aggregates import aggregate_confirm, aggregate_preview
from unionreport.reports.docx_export import render_docx
from unionreport.reports.figures import figures_for
from unionreport.reports.forms import ChooseForm, HistoryForm, NarrativeForm, TargetForm
from unionreport.reports.models import AggregateImport
from unionreport.reports.narrative import SECTIONS, fill, placeholder_choices, preview_phrases
from unionreport.reports.once import built_once
from unionreport.reports.pdf import render_pdf
from unionreport.reports.provenance import figure_provenance
from unionreport.reports.report import build_report, report_units
from unionreport.reports.services import narrative_save
from unionreport.returns.selectors import default_year

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def index(request):
    units = report_units(visible_units(request.user))
    if not units:
        raise Http404("Không có đơn vị nào để lập báo cáo tổng kết.")
    form = ChooseForm(request.GET or None, units=units,
                      initial={"unit": units[0].code, "year": default_year()})
    if request.GET and form.is_valid():
        return redirect("reports:report", form.cleaned_data["unit"], form.cleaned_data["year"])
    return render(request, "reports/index.html", {"form": form})


@require_GET
def report(request, code: str, year: int):
    unit = get_visible_unit_or_404(request.user, code)
    ensure_sees_year(request.user, unit, year)
    staff = request.user.is_province_staff
    context = {"report": build_report(unit, year, links=True), "can_edit": staff,
               "gaps": selectors.year_gaps(year) if staff else []}
    return render(request, "reports/report.html", context)


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def report_pdf(request, code: str, year: int):
    unit = get_visible_unit_or_404(request.user, code)
    ensure_sees_year(request.user, unit, year)
    body = built_once(f"report-pdf:{unit.pk}:{year}", lambda: render_pdf(build_report(unit, year, links=False)))
    return _download(body, PDF, f"bao-cao-tong-ket-{year}-{code}.pdf")


@require_GET
def report_docx(request, code: str, year: int):
    unit = get_visible_unit_or_404(request.user, code)
    ensure_sees_year(request.user, unit, year)
    return _download(render_docx(build_report(unit, year, links=False)), DOCX,
                     f"bao-cao-tong-ket-{year}-{code}.docx")


@require_GET
def provenance(request, code: str, year: int, key: str):
    unit = get_visible_unit_or_404(request.user, code)
    ensure_sees_year(request.user, unit, year)
    result = figure_provenance(unit, year, key)
    if result is None:
        raise Http404("Không có số liệu này.")
    return render(request, "reports/provenance.html", {"p": result})


@require_http_methods(["GET", "POST"])
def narrative_edit(request, code: str, year: int):
    """The editor: each section's text in its box (the default sentence when none was written), a preview filled
    with this year's figures (rendered here after every save; the page's script refreshes it while typing),
    and the picker of placeholders with their values. Saving stays on the editor."""
    require_staff(request.user)
    unit = get_visible_unit_or_404(request.user, code)
    narrative = selectors.narrative_for(unit, year)
    initial = {s.field: s.default for s in SECTIONS if not (narrative and getattr(narrative, s.field))}
    form = NarrativeForm(request.POST or None, instance=narrative, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            narrative_save(actor=request.user, unit=unit, year=year, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu lời văn báo cáo. Bấm “Xem báo cáo” để xem cả bản báo cáo.")
            return redirect("reports:narrative", unit.code, year)
    values = figures_for(unit, year).values
    sections = [(s, form[s.field], fill(form[s.field].value() or "", values, year)) for s in SECTIONS]
    return render(request, "reports/narrative_form.html", {
        "form": form, "unit": unit, "year": year, "sections": sections,
        "placeholders": placeholder_choices(values, year), "phrases": preview_phrases(values, year),
    })


def _province_year(row):
    """The province's rows lock with the province root's year (`province_id` is annotated by the selector)."""
    return [(row.province_id, row.year)] if row.province_id else []


TARGETS = EntryKind(
    namespace="reports", prefix="target_", slug="chi-tieu-nam/", title="Chỉ tiêu năm (Tổng LĐLĐ giao)",
    noun="chỉ tiêu năm", staff_only=True, links=(("Thi đua", reverse_lazy("movements:index")),),
    selector=selectors.targets_for, form_class=TargetForm, data_class=services.TargetData,
    create=services.target_create, update=services.target_update, delete=services.target_delete,
    table_class=tables.TargetTable, filterset_class=filters.TargetFilter, lock_pairs=_province_year,
    shown={"figure_key": tables.figure_label})


@require_http_methods(["GET", "POST"])
def history_import(request):
    """Staff: upload a history workbook → preview (every error, or what would be imported) → confirm."""
    require_staff(request.user)
    form = HistoryForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and request.POST.get("xac_nhan"):
        stored = get_object_or_404(AggregateImport, pk=request.POST.get("xac_nhan"), confirmed_at__isnull=True)
        result = aggregate_confirm(actor=request.user, stored=stored)
        if result.ok:
            messages.success(request, f"Đã nhập {format_int(result.figures)} số liệu tổng hợp từ "
                                      f"{stored.original_name}.")
            return redirect("reports:history_import")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = aggregate_preview(actor=request.user, upload=upload, name=upload.name,
                                   source=form.cleaned_data["source"])
    return render(request, "reports/history_import.html", {
        "form": form, "result": result, "imports": AggregateImport.objects.filter(confirmed_at__isnull=False)
        .select_related("uploaded_by").order_by("-uploaded_at")[:50]})


@require_GET
def history_file(request, pk: int):
    require_staff(request.user)
    stored = get_object_or_404(AggregateImport, pk=pk)
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name)
