"""The review pages (thin: parse, call a selector or the workflow, render): a return's page with its figures,
warnings and steps; the approval queue with filters and bulk approval; the data-quality page; thresholds.

Every URL names the unit by code and resolves it with the access rule: another unit's return answers 404.
A step that arrives after the return changed shows what happened (ReturnChanged), never a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from unionreport.accounts.access import (
    can_change,
    can_review,
    ensure_sees_year,
    get_visible_unit_or_404,
    require_staff,
    visible_rows,
)
from unionreport.lib.exports import table_export_response
from unionreport.lib.years import year_from_text
from unionreport.returns import selectors as returns_selectors
from unionreport.returns import workflow
from unionreport.returns.forms import ReasonForm, UploadForm
from unionreport.returns.locks import return_lock_reason
from unionreport.returns.models import Return
from unionreport.returns.quality.checks import THRESHOLDS
from unionreport.returns.quality.selectors import warnings_below
from unionreport.returns.quality.store import quality_thresholds_update, thresholds_for
from unionreport.returns.workflow import ReturnChanged, ReturnError, may_approve, step_label
from unionreport.review import bulk
from unionreport.review.filters import QualityFilter, QueueFilter
from unionreport.review.forms import FollowUpForm, SendBackForm, ThresholdsForm, posted_explanations
from unionreport.review.selectors import return_review
from unionreport.review.tables import QualityTable, QueueTable

QUEUE_PER_PAGE = 100
QUALITY_PER_PAGE = 100


def _year(request) -> int:
    """?year= when it is a reporting year, else the default year (one rule for every page)."""
    return year_from_text(request.GET.get("year") or request.POST.get("year")) or returns_selectors.default_year()


def _grassroots_or_404(user, code: str, year: int):
    """The CĐCS of a return page, one the user may read for that year (a former upper unit does not read what was
    filed after the CĐCS moved away)."""
    unit = get_visible_unit_or_404(user, code)
    if not unit.is_grassroots:
        raise Http404("Báo cáo năm chỉ có ở công đoàn cơ sở.")
    ensure_sees_year(user, unit, year)
    return unit


def return_url(unit, year: int) -> str:
    return reverse("review:return", args=[year, unit.code])


# ---------------------------------------------------------------- the queue


@require_GET
def index(request):
    user = request.user
    year = _year(request)
    if user.unit and user.unit.is_grassroots:
        return redirect(return_url(user.unit, year))
    code = request.GET.get("unit", "").strip()
    if code:
        unit = get_visible_unit_or_404(user, code)
        return redirect(return_url(unit, year) if unit.is_grassroots
                        else reverse("returns:completeness", args=[year]) + f"?unit={unit.code}")
    settings_row = returns_selectors.reporting_year(year)
    ends = Return.on_time_before(settings_row.deadline)
    filterset = QueueFilter(request.GET or None, queryset=returns_selectors.approvals_queue(user, year),
                            on_time_before=ends, staff=user.is_province_staff)
    table = QueueTable(filterset.qs, on_time_before=ends)
    RequestConfig(request, paginate={"per_page": QUEUE_PER_PAGE}).configure(table)
    return render(request, "review/queue.html", {
        "year": year, "settings_row": settings_row, "filter": filterset, "table": table,
        "reopen_pending": returns_selectors.pending_reopen_requests_for(user).count(),
    })


@require_POST
def bulk_approve(request):
    picks = request.POST.getlist("pick")
    if not picks:
        messages.error(request, "Hãy chọn ít nhất một báo cáo để duyệt.")
        return redirect(reverse("review:index") + f"?year={_year(request)}")
    if request.POST.get("stage") != "run":
        plan = bulk.plan(request.user, picks)
        return render(request, "review/bulk_confirm.html", {"plan": plan, "year": _year(request)})
    results = bulk.approve_all(request.user, picks)
    return render(request, "review/bulk_result.html", {"results": results, "year": _year(request),
                                                       "approved": sum(1 for r in results if r.ok)})


# ---------------------------------------------------------------- one return


def _render_return(request, unit, year: int, *, explanations: dict[str, str] | None = None, status: int = 200):
    user = request.user
    review = return_review(unit, year)
    ret = review.ret
    lock_reason = return_lock_reason(unit.pk, year)
    writer = can_change(user, unit)
    typed = explanations or {}
    return render(request, "review/return.html", {
        "unit": unit, "year": year, "ret": ret, "r": review, "settings_row": returns_selectors.reporting_year(year),
        "versions": returns_selectors.versions_of(ret), "failed": returns_selectors.last_failed_upload(unit, year, ret),
        "lock_reason": lock_reason if writer else "", "editable": writer and not lock_reason, "can_change": writer,
        "can_approve": may_approve(user, ret), "approve_label": step_label(user, ret),
        "can_send_back": may_approve(user, ret), "can_review": can_review(user, unit),
        "warnings": [(w, typed.get(w.key, w.explanation)) for w in review.warnings],
        "form": UploadForm(), "reason_form": ReasonForm(), "send_back_form": SendBackForm(),
        "follow_up_form": FollowUpForm(), "max_bytes": settings.RETURN_MAX_BYTES,
    }, status=status)


@require_GET
def return_page(request, year: int, code: str):
    return _render_return(request, _grassroots_or_404(request.user, code, year), year)


def _seen(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else -1  # a form without it is an old page: refused as changed


def _step(request, year: int, code: str, fn, success: str, **kwargs):
    unit = _grassroots_or_404(request.user, code, year)
    try:
        fn(actor=request.user, unit=unit, year=year, **kwargs)
    except ReturnChanged as change:
        messages.warning(request, change.message)
    except ReturnError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(return_url(unit, year))


@require_POST
def submit(request, year: int, code: str):
    unit = _grassroots_or_404(request.user, code, year)
    explanations = posted_explanations(request.POST)
    try:
        workflow.return_submit(actor=request.user, unit=unit, year=year, explanations=explanations,
                               seen_version=_seen(request))
    except ReturnChanged as change:
        messages.warning(request, change.message)
    except ReturnError as error:  # nothing was saved: the page again, with what was typed
        messages.error(request, error.message)
        return _render_return(request, unit, year, explanations=explanations, status=400)
    else:
        messages.success(request, "Đã nộp báo cáo lên công đoàn cấp trên.")
    return redirect(return_url(unit, year))


@require_POST
def submit_nothing(request, year: int, code: str):
    return _step(request, year, code, workflow.return_submit_nothing, "Đã báo cáo “không phát sinh” cho năm này.",
                 seen_version=_seen(request))


@require_POST
def approve(request, year: int, code: str):
    return _step(request, year, code, workflow.return_approve, "Đã duyệt báo cáo.", seen_version=_seen(request))


@require_POST
def send_back(request, year: int, code: str):
    form = SendBackForm(request.POST)
    if not form.is_valid():
        unit = _grassroots_or_404(request.user, code, year)
        messages.error(request, "Chưa trả lại: " + " ".join(form.errors["note"]))
        return redirect(return_url(unit, year))
    return _step(request, year, code, workflow.return_send_back, "Đã trả lại báo cáo cho đơn vị (đơn vị đã được "
                 "thông báo lý do).", note=form.cleaned_data["note"], seen_version=_seen(request))


@require_POST
def follow_up(request, year: int, code: str):
    form = FollowUpForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    mark = request.POST.get("mark") == "1"
    return _step(request, year, code, workflow.return_follow_up,
                 "Đã đánh dấu báo cáo “cần xem lại”." if mark else "Đã bỏ đánh dấu “cần xem lại”.",
                 mark=mark, note=note)


@require_POST
def reopen(request, year: int, code: str):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        unit = _grassroots_or_404(request.user, code, year)
        messages.error(request, "Hãy ghi rõ lý do cần mở lại báo cáo (ít nhất 5 ký tự).")
        return redirect(return_url(unit, year))
    return _step(request, year, code, workflow.reopen_request_create, "Đã gửi yêu cầu mở lại báo cáo.",
                 reason=form.cleaned_data["reason"])


# ---------------------------------------------------------------- data quality


@require_GET
def quality(request, year: int):
    user = request.user
    code = request.GET.get("unit", "").strip()
    scope = get_visible_unit_or_404(user, code) if code else user.unit
    if scope is None:
        raise PermissionDenied("Tài khoản chưa gắn với đơn vị nào.")
    rows = visible_rows(user, warnings_below(scope, year), year="year")
    filterset = QualityFilter(request.GET or None, queryset=rows)
    table = QualityTable(filterset.qs)
    if request.GET.get("format") == "xlsx":
        return table_export_response(table, filename=f"chat-luong-so-lieu-{year}-{scope.code}", fmt="xlsx")
    RequestConfig(request, paginate={"per_page": QUALITY_PER_PAGE}).configure(table)
    return render(request, "review/quality.html", {"year": year, "scope": scope, "filter": filterset,
                                                   "table": table})


@require_http_methods(["GET", "POST"])
def thresholds(request, year: int):
    require_staff(request.user)
    form = ThresholdsForm(request.POST or None, initial_values=thresholds_for(year))
    if request.method == "POST" and form.is_valid():
        try:
            count = quality_thresholds_update(actor=request.user, year=year, values=form.cleaned_data)
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, texts in by_field.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, f"Đã lưu ngưỡng kiểm tra năm {year} và kiểm tra lại {count} báo cáo.")
            return redirect("review:thresholds", year=year)
    return render(request, "review/thresholds.html", {"year": year, "form": form, "thresholds": THRESHOLDS})
