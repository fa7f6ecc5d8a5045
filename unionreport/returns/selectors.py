"""Reads of the returns app: a unit's return, the approval queue, reopen requests and completeness.

Completeness runs in a constant number of queries whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from unionreport.accounts.access import (
    acting_unit_ids,
    changeable_unit_ids,
    upper_step_unit_ids,
    visible_rows,
)
from unionreport.accounts.models import User
from unionreport.lib import years
from unionreport.lib.formatting import format_int
from unionreport.returns.models import QualityWarning, ReopenRequest, ReportingYear, Return, ReturnEvent, UploadStaging
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import valid_on_q

S = Return.Status


def default_year() -> int:
    """The year every page opens on (`lib.years.default_year`): the latest year the province opened and did
    not lock; else the latest it opened. A year's first return, made before the province opened it, changes
    nothing (one early return of next year does not move everybody's pages)."""
    opened = ReportingYear.objects.filter(opened_at__isnull=False)
    return years.default_year(open_year=opened.filter(locked=False).aggregate(y=Max("year"))["y"],
                              last_opened_year=opened.aggregate(y=Max("year"))["y"], today=timezone.localdate())


def reporting_year(year: int) -> ReportingYear:
    """The year's settings (unsaved defaults when the province has not opened it yet)."""
    return ReportingYear.for_year(year)


def return_for(unit: Unit, year: int) -> Return | None:
    return (Return.objects.filter(unit=unit, year=year)
            .select_related("current_version__uploaded_by", "submitted_by", "approved_upper_by",
                            "approved_province_by", "follow_up_by").first())


def versions_of(ret: Return | None) -> QuerySet:
    if ret is None:
        return Return.objects.none()
    return ret.versions.select_related("uploaded_by").order_by("-number")


def last_failed_upload(unit: Unit, year: int, ret: Return | None) -> UploadStaging | None:
    """The latest upload with errors, unless a later version was imported."""
    staging = UploadStaging.objects.filter(unit=unit, year=year, ok=False).order_by("-created_at").first()
    if staging and ret and ret.current_version and ret.current_version.uploaded_at > staging.created_at:
        return None
    return staging


def events_of(ret: Return | None) -> QuerySet[ReturnEvent]:
    if ret is None:
        return ReturnEvent.objects.none()
    return ret.events.select_related("actor__unit").order_by("at", "id")


def _warning_count(**only) -> Coalesce:
    rows = (QualityWarning.objects.filter(unit_id=OuterRef("unit_id"), year=OuterRef("year"), **only).order_by()
            .values("unit_id").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_review_columns(returns: QuerySet[Return], on: dt.date | None = None) -> QuerySet[Return]:
    """Annotate what the review lists show: warnings (all, unexplained), the CĐCS's upper unit today, and whether
    the upper step waits for a level that has no officer (`acting`). No query per row."""
    day = on or timezone.localdate()
    parent = UnitPeriod.objects.filter(valid_on_q(day), unit_id=OuterRef("unit_id")).order_by("-valid_from")
    return returns.annotate(
        warnings=_warning_count(), unexplained=_warning_count(explanation=""),
        parent_name=Subquery(parent.values("parent__name")[:1]),
        acting=Case(When(status=S.SUBMITTED, unit_id__in=acting_unit_ids(day), then=Value(True)),
                    default=Value(False), output_field=BooleanField()),
    ).select_related("unit", "current_version")


def approvals_queue(user: User, year: int, on: dt.date | None = None) -> QuerySet[Return]:
    """The returns at this user's step: upper officers, those submitted by the CĐCS they approve for; staff,
    those approved by the upper level, and the submitted ones whose upper levels have no officer (the province
    acts for them). Only what the user may act on today (an officer of a dissolved federation has none)."""
    waiting = Q(status=S.SUBMITTED, unit_id__in=upper_step_unit_ids(user, on))
    if user.is_province_staff:
        waiting |= Q(status=S.APPROVED_UPPER, unit_id__in=changeable_unit_ids(user, on))
    returns = Return.objects.filter(waiting, year=year).exclude(unit_id=user.unit_id)
    return with_review_columns(returns, on).order_by("submitted_at", "unit__code")


def follow_up_returns(user: User, year: int) -> QuerySet[Return]:
    """Returns of the year marked "cần xem lại" among those the user sees."""
    return (visible_rows(user, Return.objects.filter(year=year, follow_up=True), year="year")
            .select_related("unit", "follow_up_by").order_by("-follow_up_at"))


def reopen_requests_for(user: User) -> QuerySet[ReopenRequest]:
    return (visible_rows(user, ReopenRequest.objects.all(), unit_field="return_obj__unit", year="return_obj__year")
            .select_related("return_obj__unit", "requested_by", "decided_by").order_by("decision", "-requested_at"))


def pending_reopen_requests_for(user: User) -> QuerySet[ReopenRequest]:
    return reopen_requests_for(user).filter(decision=ReopenRequest.Decision.PENDING)


@dataclass
class CompletenessRow:
    code: str
    name: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    approved_upper: int = 0
    approved_province: int = 0
    nothing_to_report: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def approved(self) -> int:
        return self.approved_upper + self.approved_province

    @property
    def percent(self) -> float | None:
        return 100 * self.approved / self.expected if self.expected else None


@dataclass
class Completeness:
    scope: Unit
    year: int
    as_of: dt.date
    deadline: dt.date
    rows: list[CompletenessRow] = field(default_factory=list)  # the CĐCS directly under the scope in one row
    by_code: dict[str, CompletenessRow] = field(default_factory=dict)  # every child, each CĐCS on its own
    total: CompletenessRow | None = None
    missing_units: list[dict] = field(default_factory=list)  # at most the selector's `missing_limit`
    missing_count: int = 0  # all of them

    @property
    def incomplete_note(self) -> str:
        """What the dashboard and the report (HTML, PDF, Word) say at the top while some expected returns are
        not approved yet ("" once all are, or when no CĐCS is expected)."""
        total = self.total
        if total is None or not total.expected or total.approved >= total.expected:
            return ""
        return (f"Số liệu chưa đầy đủ: mới có {format_int(total.submitted)}/{format_int(total.expected)} CĐCS nộp "
                f"báo cáo (đã duyệt {format_int(total.approved)})")


DIRECT_ROW_NAME = "CĐCS trực thuộc trực tiếp"


def completeness(scope: Unit, year: int, *, missing_limit: int | None = None) -> Completeness:
    """Per child of `scope` (as of the year's cut-off): expected CĐCS, submitted, on time, late, approved, missing.

    The one count of returns: the dashboard, the completeness page (and its exports) and the report's
    Phụ lục 3 all read these rows. Children that are CĐCS themselves are summed in one row
    ("CĐCS trực thuộc trực tiếp"), after the upper-level children.

    The counts are one GROUP BY in the database (closure table LEFT JOIN the year's returns); the
    missing CĐCS are listed in code order, at most `missing_limit` of them (None: all, 0: none —
    `missing_count` always has their number). At most four queries: the year's settings, the
    counts, the children's names, the missing units.
    "On time": submitted before the local midnight that ends the deadline day (Asia/Ho_Chi_Minh).
    """
    settings_row = reporting_year(year)
    as_of, deadline = settings_row.cutoff_date, settings_row.deadline
    out = Completeness(scope=scope, year=year, as_of=as_of, deadline=deadline)
    children = UnitPath.objects.filter(valid_on_q(as_of), ancestor=scope, depth=1).values("unit_id")
    expected_paths = (UnitPath.objects.filter(valid_on_q(as_of), ancestor_id__in=children,
                                              unit__level=Unit.Level.GRASSROOTS)
                      .annotate(ret=FilteredRelation("unit__returns", condition=Q(unit__returns__year=year))))
    sent = Q(ret__status__in=Return.SENT)
    ends = Return.on_time_before(deadline)  # the same boundary as the "Nộp muộn" badge
    counts = list(expected_paths.order_by().values("ancestor_id").annotate(
        expected=Count("id"), submitted=Count("id", filter=sent),
        on_time=Count("id", filter=sent & Q(ret__submitted_at__lt=ends)),
        approved_upper=Count("id", filter=Q(ret__status=S.APPROVED_UPPER)),
        approved_province=Count("id", filter=Q(ret__status=S.APPROVED_PROVINCE)),
        nothing_to_report=Count("id", filter=sent & Q(ret__nothing_to_report=True))))
    names = _child_names([row["ancestor_id"] for row in counts], as_of)
    rows = []
    total = CompletenessRow(code="", name="Tổng cộng")
    direct = CompletenessRow(code=scope.code, name=DIRECT_ROW_NAME)
    for row in counts:
        code, name, level = names[row["ancestor_id"]]
        child = CompletenessRow(code, name, **{name: row[name] for name in COUNTED if name != "late"})
        child.late = child.submitted - child.on_time
        out.by_code[code] = child
        if level == Unit.Level.GRASSROOTS:
            _add(direct, child)
        else:
            rows.append(child)
        _add(total, child)
    out.rows = sorted(rows, key=lambda r: r.code) + ([direct] if direct.expected else [])
    out.total = total
    out.missing_count = total.missing
    if out.missing_count and missing_limit != 0:
        # "Not sent" read on the joined return row (one per unit-year; no row: not sent): `~sent` through the
        # relation is a NOT EXISTS over every sent return (40 ms for the province at the merged size); this lets
        # the units be walked in code order and stop at the limit.
        missing = (expected_paths.annotate(is_sent=Case(When(sent, then=Value(True)), default=Value(False),
                                                        output_field=BooleanField()))
                   .filter(is_sent=False).order_by("unit__code")
                   .values_list("ancestor_id", "unit__code", "unit__name", "unit__contact_person", "unit__phone"))
        if missing_limit is not None:
            missing = missing[:missing_limit]
        out.missing_units = [{"code": code, "name": name, "parent": names[parent][1], "contact": contact,
                              "phone": phone} for parent, code, name, contact, phone in missing]
    return out


COUNTED = ("expected", "submitted", "on_time", "late", "approved_upper", "approved_province", "nothing_to_report")


def _add(into: CompletenessRow, row: CompletenessRow) -> None:
    for name in COUNTED:
        setattr(into, name, getattr(into, name) + getattr(row, name))


def _child_names(child_ids: list[int], as_of: dt.date) -> dict[int, tuple[str, str, str]]:
    """Code, name (as of the cut-off; else the unit's current name) and level of each child: one query."""
    period_name = UnitPeriod.objects.filter(valid_on_q(as_of), unit=OuterRef("pk")).order_by("-valid_from")
    return {pk: (code, period or name, level) for pk, code, name, level, period in Unit.objects.filter(
        pk__in=child_ids).annotate(period=Subquery(period_name.values("name")[:1])).values_list(
        "pk", "code", "name", "level", "period")}
