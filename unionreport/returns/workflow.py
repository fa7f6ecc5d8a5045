"""The review workflow: draft → submitted → approved by the upper level → approved by the province.

Every function locks the Return row (and the ReportingYear row) with SELECT ... FOR UPDATE,
so two people acting on the same return at once are serialised and none of their
updates is lost. A step from a page carries the return's `version` its user saw: when the return
changed meanwhile (a double click, two approvers at once) the step is refused with what happened
("Báo cáo đã được cấp trên duyệt lúc …, không cần duyệt lại"), never a 403. Each step is recorded
(`ReturnEvent`), rechecks the data-quality warnings and tells the people concerned (`returns.notices`)
in the same transaction. Messages are Vietnamese and say who can do what.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from unionreport.accounts.access import (
    ACTING_LABEL,
    PROVINCE_STEP,
    UPPER_STEP,
    approval_route,
    can_approve,
    can_change,
    can_review,
    ensure_can_approve,
    require_staff,
)
from unionreport.accounts.models import User
from unionreport.members.models import Workforce
from unionreport.returns import notices
from unionreport.returns.locks import return_lock_reason
from unionreport.returns.models import (
    ReopenRequest,
    ReportingYear,
    Return,
    ReturnEvent,
    default_cutoff,
    default_deadline,
)
from unionreport.returns.quality.store import quality_explain, quality_recheck
from unionreport.units.models import Unit

S = Return.Status


class ReturnError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReturnChanged(ReturnError):
    """The return changed since the user's page was drawn: the step is not needed or must be looked at again."""


E = ReturnEvent.Kind
REASON_MIN = 5


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


STEP_BUTTONS = {UPPER_STEP: "Duyệt (cấp trên)", PROVINCE_STEP: "Duyệt (tỉnh)"}


def step_label(actor: User, ret: Return | None) -> str:
    """The approve button's words: the step it approves, and "thay cấp trên" when the province acts for it."""
    step = approval_step(ret)
    if step is None:
        return ""
    if step == UPPER_STEP and actor.is_province_staff and ret.unit_id:
        return "Duyệt thay cấp trên"
    return STEP_BUTTONS[step]


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


def _changed_message(ret: Return) -> str:
    """What happened to `ret` since the user's page was drawn (its last step), as a sentence."""
    event = ret.events.select_related("actor__unit").order_by("-at", "-id").first()
    if event is None:
        return "Báo cáo đã thay đổi trong khi bạn xem. Hãy xem lại trang báo cáo."
    at, by = notices.when(event.at), f" ({notices.who(event.actor)})" if event.actor else ""
    if event.kind == E.APPROVED_UPPER:
        step = "LĐLĐ tỉnh duyệt thay cấp trên" if event.acting_for else "cấp trên duyệt"
        return f"Báo cáo đã được {step}{by} lúc {at}, không cần duyệt lại."
    if event.kind == E.APPROVED_PROVINCE:
        return f"Báo cáo đã được LĐLĐ tỉnh duyệt{by} lúc {at}, không cần duyệt lại."
    if event.kind == E.SENT_BACK:
        return f"Báo cáo đã được trả lại cho đơn vị{by} lúc {at}, không cần duyệt hay trả lại nữa."
    if event.kind == E.REOPENED:
        return f"Báo cáo đã được mở lại cho đơn vị sửa{by} lúc {at}."
    if event.kind == E.UPLOADED:
        return f"Đơn vị vừa tải lên số liệu mới{by} lúc {at}: hãy xem lại số liệu trước khi duyệt."
    if event.kind in (E.SUBMITTED, E.NOTHING):
        return f"Báo cáo vừa được nộp lại{by} lúc {at}: hãy xem lại trước khi duyệt."
    return f"Báo cáo đã thay đổi lúc {at}{by}. Hãy xem lại trang báo cáo."


def _ensure_seen(ret: Return, seen_version: int | None) -> None:
    """ReturnChanged unless the return is still at the version the user's page showed (None: a trusted caller)."""
    if seen_version is not None and int(seen_version) != ret.version:
        raise ReturnChanged(_changed_message(ret))


def record_step(ret: Return, kind: str, actor: User | None, at: dt.datetime, *, note: str = "",
                acting_for: str = "") -> ReturnEvent:
    """Save the return with its next version and record the step (also called by the import)."""
    ret.version += 1
    ret.save()
    return ReturnEvent.objects.create(return_obj=ret, kind=kind, actor=actor, at=at, note=note,
                                      acting_for=acting_for[:300], version=ret.version)


def _acting_for(actor: User, unit: Unit, on: dt.date | None) -> str:
    """At the upper step: '' when the actor is of the CĐCS's upper unit, else whom the actor acts for."""
    route = approval_route(unit, on)
    if route.parent is None or actor.unit_id == route.parent.pk:
        return ""
    if route.approver_unit is not None and route.approver_unit.pk != route.parent.pk:
        return f"{ACTING_LABEL}: {route.parent.name}"
    return f"thay cho cấp trên: {route.parent.name}"


def _reason(note: str, what: str) -> str:
    note = " ".join((note or "").split())
    if len(note) < REASON_MIN:
        raise ReturnError(f"Hãy ghi rõ lý do {what} (ít nhất {REASON_MIN} ký tự) để đơn vị biết cần sửa gì.")
    return note[:500]


@transaction.atomic
def return_submit(*, actor: User, unit: Unit, year: int, explanations: dict[str, str] | None = None,
                  seen_version: int | None = None, at: dt.datetime | None = None) -> Return:
    """Send the return (an uploaded file, or the year's figures entered on the pages) to the upper level.

    The data-quality warnings are checked again on the stored rows; each needs an explanation (`explanations`
    by warning key, saved with the return), else nothing changes and the message says what is missing. The page
    always passes what was typed; `None` is for trusted callers (the demo, scripts), which record the
    warnings without explanations."""
    now, on = _when(at)
    _ensure_change(actor, unit, on)
    ret = return_locked_for_update(unit=unit, year=year)
    _ensure_seen(ret, seen_version)
    if ret.status != S.DRAFT:
        raise ReturnError("Báo cáo đã được nộp rồi.")
    if ret.current_version_id is None and not ret.nothing_to_report and not has_entered_figures(unit, year):
        raise ReturnError("Chưa có số liệu: hãy tải lên tệp báo cáo, nhập số liệu trên các trang, "
                          "hoặc chọn “Báo cáo không phát sinh”.")
    quality_recheck(unit_ids=[unit.pk], year=year)
    missing = quality_explain(actor=actor, unit_id=unit.pk, year=year, explanations=explanations or {})
    if missing and explanations is not None:
        raise ReturnError(f"Còn {len(missing)} cảnh báo về chất lượng số liệu chưa có giải trình. Hãy ghi giải "
                          "trình cho từng cảnh báo (hoặc sửa số liệu cho hết cảnh báo) rồi bấm “Nộp báo cáo”.")
    ret.status, ret.submitted_at, ret.submitted_by, ret.returned_note = S.SUBMITTED, now, actor, ""
    event = record_step(ret, E.SUBMITTED, actor, now)
    notices.notice_submitted(ret, event)
    return ret


@transaction.atomic
def return_submit_nothing(*, actor: User, unit: Unit, year: int, seen_version: int | None = None) -> Return:
    """Say explicitly that the unit has nothing to report this year ("không phát sinh"): counts as complete."""
    _ensure_change(actor, unit)
    ret = return_locked_for_update(unit=unit, year=year)
    _ensure_seen(ret, seen_version)
    if ret.status != S.DRAFT:
        raise ReturnError("Báo cáo đã được nộp rồi.")
    if ret.current_version_id is not None:
        raise ReturnError("Đơn vị đã tải lên số liệu năm này nên không thể báo cáo “không phát sinh”.")
    now = timezone.now()
    ret.nothing_to_report = True
    ret.status, ret.submitted_at, ret.submitted_by, ret.returned_note = S.SUBMITTED, now, actor, ""
    event = record_step(ret, E.NOTHING, actor, now)
    notices.notice_submitted(ret, event)
    return ret


@transaction.atomic
def return_approve(*, actor: User, unit: Unit, year: int, seen_version: int | None = None,
                   at: dt.datetime | None = None) -> Return:
    """One step up: submitted → approved by the upper level (upper officer or staff) → approved by the province.

    `seen_version`: the version on the approver's page; a return that changed meanwhile is not approved
    (ReturnChanged says what happened), so a double click or two approvers at once approve one step."""
    ret = return_locked_for_update(unit=unit, year=year, allow_approved=True)
    _ensure_seen(ret, seen_version)
    now, on = _when(at)
    acting_for = ""
    if ret.status == S.SUBMITTED:
        ensure_can_approve(actor, unit, UPPER_STEP, on=on)
        acting_for = _acting_for(actor, unit, on)
        ret.status, ret.approved_upper_by, ret.approved_upper_at = S.APPROVED_UPPER, actor, now
        kind = E.APPROVED_UPPER
    elif ret.status == S.APPROVED_UPPER:
        ensure_can_approve(actor, unit, PROVINCE_STEP, on=on)
        ret.status, ret.approved_province_by, ret.approved_province_at = S.APPROVED_PROVINCE, actor, now
        kind = E.APPROVED_PROVINCE
    elif ret.status == S.APPROVED_PROVINCE:
        raise ReturnError("Báo cáo đã được LĐLĐ tỉnh phê duyệt.")
    else:
        raise ReturnError("Báo cáo chưa được nộp nên chưa duyệt được.")
    event = record_step(ret, kind, actor, now, acting_for=acting_for)
    quality_recheck(unit_ids=[unit.pk], year=year)
    notices.notice_approved(ret, event)
    return ret


@transaction.atomic
def return_send_back(*, actor: User, unit: Unit, year: int, note: str, seen_version: int | None = None,
                     at: dt.datetime | None = None) -> Return:
    """Return the report to the CĐCS to correct, at every step until the province approves (the upper level's
    approver while submitted, the province's after the upper approval), with a required reason."""
    ret = return_locked_for_update(unit=unit, year=year, allow_approved=True)
    _ensure_seen(ret, seen_version)
    now, on = _when(at)
    step = approval_step(ret)
    if step is None:
        raise ReturnError("Chỉ trả lại được báo cáo đã nộp và chưa được LĐLĐ tỉnh duyệt."
                          if ret.status != S.APPROVED_PROVINCE else
                          "Báo cáo đã được LĐLĐ tỉnh duyệt; muốn sửa, đơn vị gửi yêu cầu mở lại.")
    ensure_can_approve(actor, unit, step, action="trả lại", on=on)
    note = _reason(note, "trả lại")
    acting_for = _acting_for(actor, unit, on) if step == UPPER_STEP else ""
    submitted_by = ret.submitted_by
    ret.status, ret.submitted_at, ret.submitted_by = S.DRAFT, None, None
    ret.approved_upper_by = ret.approved_upper_at = None
    ret.returned_note = note
    event = record_step(ret, E.SENT_BACK, actor, now, note=note, acting_for=acting_for)
    quality_recheck(unit_ids=[unit.pk], year=year)
    notices.notice_sent_back(ret, event, submitted_by)
    return ret


@transaction.atomic
def return_follow_up(*, actor: User, unit: Unit, year: int, mark: bool, note: str = "") -> Return:
    """Mark the return "cần xem lại" with a note (any approver of it), or clear the mark."""
    if not can_review(actor, unit):
        raise PermissionDenied("Chỉ người duyệt báo cáo này mới đánh dấu “cần xem lại” được.")
    ret = return_locked_for_update(unit=unit, year=year, allow_approved=True)
    now = timezone.now()
    if mark:
        note = _reason(note, "cần xem lại")
        ret.follow_up, ret.follow_up_note, ret.follow_up_by, ret.follow_up_at = True, note, actor, now
    elif not ret.follow_up:
        raise ReturnError("Báo cáo không có đánh dấu “cần xem lại”.")
    else:
        ret.follow_up, ret.follow_up_note, ret.follow_up_by, ret.follow_up_at = False, "", None, None
    ret.save()  # not a new version: the mark is the reviewers' note, not what is approved
    ReturnEvent.objects.create(return_obj=ret, kind=E.FOLLOW_UP if mark else E.FOLLOW_UP_CLEARED, actor=actor,
                               at=now, note=note if mark else "", version=ret.version)
    return ret


@transaction.atomic
def reopen_request_create(*, actor: User, unit: Unit, year: int, reason: str) -> ReopenRequest:
    _ensure_change(actor, unit)
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise ReturnError("Hãy ghi rõ lý do cần mở lại báo cáo.")
    reporting_year = _year_for_update(year)
    if reporting_year.locked:
        raise ReturnError(return_lock_reason(unit.pk, year))
    ret = Return.objects.select_for_update().filter(unit=unit, year=year).first()
    if ret is None or not ret.is_approved:
        raise ReturnError("Chỉ gửi yêu cầu mở lại cho báo cáo đã được phê duyệt.")
    if ret.reopen_requests.filter(decision="").exists():
        raise ReturnError("Đã có một yêu cầu mở lại đang chờ xem xét.")
    request = ReopenRequest.objects.create(return_obj=ret, reason=reason, requested_by=actor)
    ReturnEvent.objects.create(return_obj=ret, kind=E.REOPEN_REQUESTED, actor=actor, at=request.requested_at,
                               note=reason, version=ret.version)
    notices.notice_reopen_requested(request)
    return request


def can_decide(actor: User, request: ReopenRequest) -> bool:
    """The approver of the step the return reached decides on reopening it."""
    ret = request.return_obj
    return can_approve(actor, ret.unit, PROVINCE_STEP if ret.status == S.APPROVED_PROVINCE else UPPER_STEP)


@transaction.atomic
def reopen_request_decide(*, actor: User, request_id: int, grant: bool, note: str = "") -> ReopenRequest:
    """The approver grants (the return goes back to draft) or refuses a reopen request."""
    request = ReopenRequest.objects.select_related("return_obj__unit").get(pk=request_id)
    ret = Return.objects.select_for_update().select_related("unit").get(pk=request.return_obj_id)
    request.return_obj = ret
    if request.decision:
        raise ReturnError("Yêu cầu này đã được xem xét.")
    if not can_decide(actor, request):
        raise PermissionDenied("Chỉ người có quyền duyệt báo cáo này mới xem xét được yêu cầu mở lại.")
    if ReportingYear.objects.filter(year=ret.year, locked=True).exists():
        raise ReturnError(return_lock_reason(ret.unit_id, ret.year))
    now = timezone.now()
    request.decision = ReopenRequest.Decision.GRANTED if grant else ReopenRequest.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, now, note.strip()[:500]
    request.save()
    if grant:
        ret.status = S.DRAFT
        ret.submitted_at = ret.submitted_by = None
        ret.approved_upper_by = ret.approved_upper_at = None
        ret.approved_province_by = ret.approved_province_at = None
        record_step(ret, E.REOPENED, actor, now, note=request.decision_note)
    else:
        ReturnEvent.objects.create(return_obj=ret, kind=E.REOPEN_REFUSED, actor=actor, at=now,
                                   note=request.decision_note, version=ret.version)
    notices.notice_reopen_decided(request)
    return request
