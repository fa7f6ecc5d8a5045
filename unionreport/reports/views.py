"""Pages of the yearly report (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import get_visible_unit_or_404, require_staff, visible_units
from unionreport.entry.kinds import EntryKind
from unionreport.reports import filters, selectors, services, tables
from unionreport.reports.docx_export import render_docx
from unionreport.reports.forms import ChooseForm, NarrativeForm, TargetForm
from unionreport.reports.narrative import SECTIONS, placeholder_choices
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
    context = {"report": build_report(unit, year, links=True), "can_edit": request.user.is_province_staff}
    return render(request, "reports/report.html", context)


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def report_pdf(request, code: str, year: int):
    unit = get_visible_unit_or_404(request.user, code)
    return _download(render_pdf(build_report(unit, year, links=False)), PDF, f"bao-cao-tong-ket-{year}-{code}.pdf")


@require_GET
def report_docx(request, code: str, year: int):
    unit = get_visible_unit_or_404(request.user, code)
    return _download(render_docx(build_report(unit, year, links=False)), DOCX,
                     f"bao-cao-tong-ket-{year}-{code}.docx")


@require_GET
def provenance(request, code: str, year: int, key: str):
    unit = get_visible_unit_or_404(request.user, code)
    result = figure_provenance(unit, year, key)
    if result is None:
        raise Http404("Không có số liệu này.")
    return render(request, "reports/provenance.html", {"p": result})


@require_http_methods(["GET", "POST"])
def narrative_edit(request, code: str, year: int):
    require_staff(request.user)
    unit = get_visible_unit_or_404(request.user, code)
    form = NarrativeForm(request.POST or None, instance=selectors.narrative_for(unit, year))
    if request.method == "POST" and form.is_valid():
        try:
            narrative_save(actor=request.user, unit=unit, year=year, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu lời văn báo cáo.")
            return redirect("reports:report", unit.code, year)
    sections = [(s, form[s.field]) for s in SECTIONS]
    return render(request, "reports/narrative_form.html", {
        "form": form, "unit": unit, "year": year, "sections": sections, "placeholders": placeholder_choices(),
    })


def _province_year(row):
    """The province's rows lock with the province root's year (`province_id` is annotated by the selector)."""
    return [(row.province_id, row.year)] if row.province_id else []


TARGETS = EntryKind(
    namespace="reports", prefix="target_", slug="chi-tieu-nam/", title="Chỉ tiêu năm (Tổng LĐLĐ giao)",
    noun="chỉ tiêu năm", staff_only=True, links=(("Thi đua", reverse_lazy("movements:index")),),
    selector=selectors.targets_for, form_class=TargetForm, data_class=services.TargetData,
    create=services.target_create, update=services.target_update, delete=services.target_delete,
    table_class=tables.TargetTable, filterset_class=filters.TargetFilter, lock_pairs=_province_year)
