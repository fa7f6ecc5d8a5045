"""Reads of the returns app: a unit's return, the approval queue, reopen requests and completeness.

Completeness runs in a constant number of queries whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from unionreport.accounts.access import visible_unit_ids
from unionreport.accounts.models import User
from unionreport.returns.models import ReopenRequest, ReportingYear, Return, UploadStaging, default_cutoff
from unionreport.returns.models import default_deadline as _default_deadline
from unionreport.units.models import Unit, UnitPath, UnitPeriod
from unionreport.units.selectors import valid_on_q

S = Return.Status


def default_year() -> int:
    """The year being reported: the latest open reporting year, else the current calendar year."""
    year = ReportingYear.objects.filter(locked=False).order_by("-year").values_list("year", flat=True).first()
    return year or timezone.localdate().year


def reporting_year(year: int) -> ReportingYear:
    """The year's settings (unsaved defaults when the province has not opened it yet)."""
    return ReportingYear.objects.filter(year=year).first() or ReportingYear(
        year=year, cutoff_date=default_cutoff(year), deadline=_default_deadline(year))


def return_for(unit: Unit, year: int) -> Return | None:
    return (Return.objects.filter(unit=unit, year=year)
            .select_related("current_version__uploaded_by", "submitted_by", "approved_upper_by",
                            "approved_province_by").first())


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


def approvals_queue(user: User, year: int) -> QuerySet[Return]:
    """Returns waiting for this user's approval (upper officers: submitted; staff: submitted or upper-approved)."""
    statuses = {User.Role.UPPER_OFFICER: [S.SUBMITTED],
                User.Role.PROVINCE_STAFF: [S.SUBMITTED, S.APPROVED_UPPER]}.get(user.role, [])
    return (Return.objects.filter(year=year, status__in=statuses, unit_id__in=visible_unit_ids(user))
            .exclude(unit_id=user.unit_id).select_related("unit", "current_version").order_by("submitted_at"))


def reopen_requests_for(user: User) -> QuerySet[ReopenRequest]:
    return (ReopenRequest.objects.filter(return_obj__unit_id__in=visible_unit_ids(user))
            .select_related("return_obj__unit", "requested_by", "decided_by").order_by("decision", "-requested_at"))


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
    rows: list[CompletenessRow] = field(default_factory=list)
    total: CompletenessRow | None = None
    missing_units: list[dict] = field(default_factory=list)


def completeness(scope: Unit, year: int) -> Completeness:
    """Per child of `scope` (as of the year's cut-off): expected CĐCS, submitted, on time, late, approved, missing.

    Four queries: the year's settings, expected units with their child, the children's names, the returns.
    """
    settings_row = reporting_year(year)
    as_of, deadline = settings_row.cutoff_date, settings_row.deadline
    out = Completeness(scope=scope, year=year, as_of=as_of, deadline=deadline)
    children = UnitPath.objects.filter(valid_on_q(as_of), ancestor=scope, depth=1).values("unit_id")
    expected_paths = UnitPath.objects.filter(valid_on_q(as_of), ancestor_id__in=children,
                                             unit__level=Unit.Level.GRASSROOTS)
    expected = list(expected_paths.values("unit_id", "ancestor_id", "unit__code", "unit__name",
                                          "unit__contact_person", "unit__phone").order_by("unit__code"))
    child_ids = {row["ancestor_id"] for row in expected}
    names = {p.unit_id: (p.unit.code, p.name) for p in UnitPeriod.objects.filter(
        valid_on_q(as_of), unit_id__in=child_ids).select_related("unit")}
    # A subquery, not a list of ids: a province has 5,000 CĐCS.
    returns = {r["unit_id"]: r for r in Return.objects.filter(
        year=year, unit_id__in=expected_paths.values("unit_id")).values(
        "unit_id", "status", "submitted_at", "nothing_to_report")}
    rows: dict[int, CompletenessRow] = {}
    total = CompletenessRow(code="", name="Tổng cộng")
    for row in expected:
        code, name = names.get(row["ancestor_id"], (row["unit__code"], row["unit__name"]))
        target = rows.setdefault(row["ancestor_id"], CompletenessRow(code=code, name=name))
        ret = returns.get(row["unit_id"])
        for bucket in (target, total):
            _count(bucket, ret, deadline)
        if ret is None or ret["status"] not in Return.SENT:
            out.missing_units.append({"code": row["unit__code"], "name": row["unit__name"], "parent": name,
                                      "contact": row["unit__contact_person"], "phone": row["unit__phone"]})
    out.rows = sorted(rows.values(), key=lambda r: r.code)
    out.total = total
    return out


def _count(bucket: CompletenessRow, ret: dict | None, deadline: dt.date) -> None:
    bucket.expected += 1
    if ret is None or ret["status"] not in Return.SENT:
        return
    bucket.submitted += 1
    bucket.nothing_to_report += ret["nothing_to_report"]
    submitted_on = timezone.localtime(ret["submitted_at"]).date() if ret["submitted_at"] else None
    if submitted_on is not None and submitted_on <= deadline:
        bucket.on_time += 1
    else:
        bucket.late += 1
    if ret["status"] == S.APPROVED_UPPER:
        bucket.approved_upper += 1
    elif ret["status"] == S.APPROVED_PROVINCE:
        bucket.approved_province += 1
