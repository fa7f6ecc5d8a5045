"""Reads of the data-quality warnings: one CĐCS-year's (live, from its stored rows, with the kept explanations),
every warning below a unit for the data-quality page and the command, and the counts the dashboard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from unionreport.returns.models import QualityWarning, ReportingYear, Return
from unionreport.returns.quality.checks import CHECKS, Finding, run_checks
from unionreport.returns.quality.facts import facts_from_stored
from unionreport.returns.quality.store import thresholds_for
from unionreport.units.models import Unit, UnitPath
from unionreport.units.selectors import valid_on_q

CHECK_ORDER = {check.code: i for i, check in enumerate(CHECKS)}


@dataclass(frozen=True)
class ShownWarning(Finding):
    """A warning as a page shows it: the finding, and the CĐCS's explanation kept for its key."""

    explanation: str = ""
    explained_at: dt.datetime | None = None


def stored_warnings(unit: Unit, year: int) -> list[QualityWarning]:
    rows = list(QualityWarning.objects.filter(unit=unit, year=year).select_related("explained_by"))
    return sorted(rows, key=lambda w: (CHECK_ORDER.get(w.code, 99), w.key))


def live_warnings(unit: Unit, year: int) -> list[ShownWarning]:
    """The unit-year's warnings as its stored rows are now, with the explanations and cells kept for each key
    (a constant number of queries)."""
    kept = {w.key: w for w in QualityWarning.objects.filter(unit=unit, year=year)}
    facts = facts_from_stored([unit.pk], year).get(unit.pk)
    shown = []
    for finding in run_checks(facts, thresholds_for(year)) if facts else []:
        old = kept.get(finding.key)
        where = old if old is not None and old.row and finding.row is None else finding
        shown.append(ShownWarning(finding.code, finding.key, finding.message, where.sheet, where.row,
                                  where.column, where.header, old.explanation if old else "",
                                  old.explained_at if old else None))
    return shown


def scope_unit_ids(scope: Unit, year: int, as_of: dt.date | None = None):
    """`scope` and the units below it as of the year's cut-off (`as_of`, when the caller has read it already)."""
    as_of = as_of or ReportingYear.for_year(year).cutoff_date
    return UnitPath.objects.filter(valid_on_q(as_of), ancestor=scope).values("unit_id")


def warnings_below(scope: Unit, year: int) -> QuerySet[QualityWarning]:
    """Every stored warning of the year of the CĐCS below `scope` (its tree as of the year's cut-off), with the
    unit and its return's status and follow-up mark: one query however many."""
    ret = Return.objects.filter(unit_id=OuterRef("unit_id"), year=OuterRef("year"))
    return (QualityWarning.objects.filter(year=year, unit_id__in=scope_unit_ids(scope, year))
            .select_related("unit", "explained_by")
            .annotate(status=Subquery(ret.values("status")[:1]), follow_up=Subquery(ret.values("follow_up")[:1]))
            .order_by("unit__code", "code", "key"))


@dataclass(frozen=True)
class QualitySummary:
    warnings: int
    unexplained: int
    returns: int  # CĐCS-years with at least one warning
    follow_up: int  # returns marked "cần xem lại"


def quality_summary(scope: Unit, year: int, *, as_of: dt.date | None = None) -> QualitySummary:
    """Counts for the dashboard below `scope` (its tree as of the year's cut-off: pass `as_of` when it is known, as
    the dashboard does from completeness, to read the year's settings once): two queries, three without `as_of`."""
    ids = scope_unit_ids(scope, year, as_of)
    counts = QualityWarning.objects.filter(year=year, unit_id__in=ids).aggregate(
        warnings=Count("id"), unexplained=Count("id", filter=Q(explanation="")),
        returns=Count("unit_id", distinct=True))
    follow_up = Return.objects.filter(year=year, follow_up=True, unit_id__in=ids).count()
    return QualitySummary(counts["warnings"], counts["unexplained"], counts["returns"], follow_up)
