"""The review workflow: draft → submitted → approved by the upper level → approved by the province.

Every function locks the Return row (and the ReportingYear row) with SELECT ... FOR UPDATE,
so two people acting on the same return at once are serialised and none of their
updates is lost. Messages are Vietnamese and say who can do what.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from unionreport.accounts.access import (
    PROVINCE_STEP,
    UPPER_STEP,
    can_approve,
    can_change,
    ensure_can_approve,
    require_staff,
)
from unionreport.accounts.models import User
from unionreport.members.models import Workforce
from unionreport.returns.locks import return_lock_reason
from unionreport.returns.models import ReopenRequest, ReportingYear, Return, default_cutoff, default_deadline
from unionreport.units.models import Unit

S = Return.Status


class ReturnError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def reporting_year_ensure(year: int) -> ReportingYear:
    obj, _ = ReportingYear.objects.get_or_create(
        year=year, defaults={"cutoff_date": default_cutoff(year), "deadline": default_deadline(year)})
    return obj


def _year_for_update(year: int) -> ReportingYear:
    reporting_year_ensure(year)
    return ReportingYear.objects.select_for_update().get(year=year)


def _year_for_share(year: int) -> ReportingYear:
    """Read the year under a shared lock: imports of different units run in parallel, but not with (un)locking."""
    reporting_year_ensure(year)
    if connection.vendor == "postgresql":
        table = ReportingYear._meta.db_table
        return next(iter(ReportingYear.objects.raw(f"SELECT * FROM {table} WHERE year = %s FOR SHARE", [year])))  # noqa: S608
    return ReportingYear.objects.get(year=year)


def locked_years_from(year: int) -> list[int]:
    """The locked reporting years from `year` on (registered with `core.locks.register_year`:
    the units app refuses a reorganisation dated into one of them)."""
    return list(ReportingYear.objects.filter(year__gte=year, locked=True).order_by("year")
                .values_list("year", flat=True))


def return_locked_for_update(*, unit: Unit, year: int, allow_approved: bool = False) -> Return:
    """The (unit, year) return, created if missing, row-locked.

    ReturnError when the year is locked or (unless allow_approved) the return is approved.
    """
    reporting_year = _year_for_share(year)
    Return.objects.get_or_create(unit=unit, year=year)
    ret = Return.objects.select_for_update(of=("self",)).select_related("current_version").get(unit=unit, year=year)
    if reporting_year.locked:
        raise ReturnError(return_lock_reason(unit.pk, year))
    if ret.is_approved and not allow_approved:
        raise ReturnError(return_lock_reason(unit.pk, year))
    return ret


def _ensure_change(actor: User, unit: Unit, on: dt.date | None = None) -> None:
    if not can_change(actor, unit, on):
        raise PermissionDenied("Bạn không có quyền thay đổi báo cáo của đơn vị này.")


def has_entered_figures(unit: Unit, year: int) -> bool:
    """The unit-year's figures were entered on the pages (the workforce sheet, which every return has)."""
    return Workforce.objects.filter(unit=unit, year=year).exists()


def approval_step(ret: Return | None) -> str | None:
    """The step a return waits for: the upper level's approval (submitted), the province's (approved by the
    upper level), or none."""
    if ret is None:
        return None
    return {S.SUBMITTED: UPPER_STEP, S.APPROVED_UPPER: PROVINCE_STEP}.get(ret.status)


def may_approve(actor: User, ret: Return | None) -> bool:
    """May `actor` approve `ret` now (the access rule at the return's step)?"""
    step = approval_step(ret)
    return step is not None and can_approve(actor, ret.unit, step)


@transaction.atomic
def reporting_year_update(*, actor: User, year: int, deadline: dt.date, cutoff_date: dt.date,
                          at: dt.datetime | None = None) -> ReportingYear:
    """Set a year's cut-off and deadline; the first time, this opens the year (the season starts: every page
    defaults to it until it is locked)."""
    require_staff(actor)
    obj = _year_for_update(year)
    obj.deadline, obj.cutoff_date = deadline, cutoff_date
    if obj.opened_at is None:
        obj.opened_at, obj.opened_by = at or timezone.now(), actor
    obj.save(update_fields=["deadline", "cutoff_date", "opened_at", "opened_by"])
    return obj


@transaction.atomic
def reporting_year_lock(*, actor: User, year: int) -> ReportingYear:
    require_staff(actor)
    obj = _year_for_update(year)
    obj.locked, obj.locked_by, obj.locked_at = True, actor, timezone.now()
    obj.save(update_fields=["locked", "locked_by", "locked_at"])
    return obj


@transaction.atomic
def reporting_year_unlock(*, actor: User, year: int) -> ReportingYear:
    require_staff(actor)
    obj = _year_for_update(year)
    obj.locked, obj.locked_by, obj.locked_at = False, None, None
    obj.save(update_fields=["locked", "locked_by", "locked_at"])
    return obj


def _when(at: dt.datetime | None) -> tuple[dt.datetime, dt.date | None]:
    """The time an action is recorded at, and the date the access rule is asked for: now and today, or the
    moment `at` a trusted caller (the demo, a script re-entering past returns) records."""
    return (at, timezone.localdate(at)) if at is not None else (timezone.now(), None)


@transaction.atomic
def return_submit(*, actor: User, unit: Unit, year: int, at: dt.datetime | None = None) -> Return:
    """Send the return (an uploaded file, or the year's figures entered on the pages) to the upper level."""
    now, on = _when(at)
    _ensure_change(actor, unit, on)
    ret = return_locked_for_update(unit=unit, year=year)
    if ret.status != S.DRAFT:
        raise ReturnError("Báo cáo đã được nộp rồi.")
    if ret.current_version_id is None and not ret.nothing_to_report and not has_entered_figures(unit, year):
        raise ReturnError("Chưa có số liệu: hãy tải lên tệp báo cáo, nhập số liệu trên các trang, "
                          "hoặc chọn “Báo cáo không phát sinh”.")
    ret.status, ret.submitted_at, ret.submitted_by, ret.returned_note = S.SUBMITTED, now, actor, ""
    ret.save()
    return ret


@transaction.atomic
def return_submit_nothing(*, actor: User, unit: Unit, year: int) -> Return:
    """Say explicitly that the unit has nothing to report this year ("không phát sinh"): counts as complete."""
    _ensure_change(actor, unit)
    ret = return_locked_for_update(unit=unit, year=year)
    if ret.status != S.DRAFT:
        raise ReturnError("Báo cáo đã được nộp rồi.")
    if ret.current_version_id is not None:
        raise ReturnError("Đơn vị đã tải lên số liệu năm này nên không thể báo cáo “không phát sinh”.")
    ret.nothing_to_report = True
    ret.status, ret.submitted_at, ret.submitted_by, ret.returned_note = S.SUBMITTED, timezone.now(), actor, ""
    ret.save()
    return ret


@transaction.atomic
def return_approve(*, actor: User, unit: Unit, year: int, at: dt.datetime | None = None) -> Return:
    """One step up: submitted → approved by the upper level (upper officer or staff) → approved by the province."""
    ret = return_locked_for_update(unit=unit, year=year, allow_approved=True)
    now, on = _when(at)
    if ret.status == S.SUBMITTED:
        ensure_can_approve(actor, unit, UPPER_STEP, on=on)
        ret.status, ret.approved_upper_by, ret.approved_upper_at = S.APPROVED_UPPER, actor, now
    elif ret.status == S.APPROVED_UPPER:
        ensure_can_approve(actor, unit, PROVINCE_STEP, on=on)
        ret.status, ret.approved_province_by, ret.approved_province_at = S.APPROVED_PROVINCE, actor, now
    elif ret.status == S.APPROVED_PROVINCE:
        raise ReturnError("Báo cáo đã được LĐLĐ tỉnh phê duyệt.")
    else:
        raise ReturnError("Báo cáo chưa được nộp nên chưa duyệt được.")
    ret.save()
    return ret


@transaction.atomic
def return_send_back(*, actor: User, unit: Unit, year: int, note: str) -> Return:
    """The upper level returns a submitted return to the CĐCS to correct (not yet approved)."""
    ret = return_locked_for_update(unit=unit, year=year)
    ensure_can_approve(actor, unit, UPPER_STEP, action="trả lại")
    if ret.status != S.SUBMITTED:
        raise ReturnError("Chỉ trả lại được báo cáo đã nộp và chưa duyệt.")
    ret.status, ret.submitted_at, ret.submitted_by = S.DRAFT, None, None
    ret.returned_note = note.strip()[:500] or "Cấp trên trả lại để chỉnh sửa."
    ret.save()
    return ret


@transaction.atomic
def reopen_request_create(*, actor: User, unit: Unit, year: int, reason: str) -> ReopenRequest:
    _ensure_change(actor, unit)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ReturnError("Hãy ghi rõ lý do cần mở lại báo cáo.")
    reporting_year = _year_for_update(year)
    if reporting_year.locked:
        raise ReturnError(return_lock_reason(unit.pk, year))
    ret = Return.objects.select_for_update().filter(unit=unit, year=year).first()
    if ret is None or not ret.is_approved:
        raise ReturnError("Chỉ gửi yêu cầu mở lại cho báo cáo đã được phê duyệt.")
    if ret.reopen_requests.filter(decision="").exists():
        raise ReturnError("Đã có một yêu cầu mở lại đang chờ xem xét.")
    return ReopenRequest.objects.create(return_obj=ret, reason=reason, requested_by=actor)


def can_decide(actor: User, request: ReopenRequest) -> bool:
    """The approver of the step the return reached decides on reopening it."""
    ret = request.return_obj
    return can_approve(actor, ret.unit, PROVINCE_STEP if ret.status == S.APPROVED_PROVINCE else UPPER_STEP)


@transaction.atomic
def reopen_request_decide(*, actor: User, request_id: int, grant: bool, note: str = "") -> ReopenRequest:
    """The approver grants (the return goes back to draft) or refuses a reopen request."""
    request = ReopenRequest.objects.select_related("return_obj__unit").get(pk=request_id)
    ret = Return.objects.select_for_update().get(pk=request.return_obj_id)
    request.return_obj = ret
    if request.decision:
        raise ReturnError("Yêu cầu này đã được xem xét.")
    if not can_decide(actor, request):
        raise PermissionDenied("Chỉ người có quyền duyệt báo cáo này mới xem xét được yêu cầu mở lại.")
    if ReportingYear.objects.filter(year=ret.year, locked=True).exists():
        raise ReturnError(return_lock_reason(ret.unit_id, ret.year))
    request.decision = ReopenRequest.Decision.GRANTED if grant else ReopenRequest.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()[:500]
    request.save()
    if grant:
        ret.status = S.DRAFT
        ret.submitted_at = ret.submitted_by = None
        ret.approved_upper_by = ret.approved_upper_at = None
        ret.approved_province_by = ret.approved_province_at = None
        ret.save()
    return request
