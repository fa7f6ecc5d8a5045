"""Writes of the data-quality warnings: keep a CĐCS-year's findings (an explanation stays with its key), recheck
from the stored rows, record explanations, change a year's thresholds.

Callers: the import (findings of the upload it imported), the workflow (rechecks at each step, explanations on
submit), staff (thresholds: the whole year is rechecked) and the `data_quality` command.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.returns.models import QualityThresholds, QualityWarning, ReportingYear, Return
from unionreport.returns.quality.checks import DEFAULTS, THRESHOLDS, Finding, Limits, limits_with, run_checks
from unionreport.returns.quality.facts import facts_from_stored

LOCATION = ("sheet", "row", "column", "header")
BATCH = 500  # bulk_update writes one CASE per batch: PostgreSQL's cost grows with the square of its size


def thresholds_for(year: int) -> Limits:
    row = QualityThresholds.objects.filter(year=year).first()
    return limits_with(row.values if row else None)


def _store(year: int, found: dict[int, list[Finding]]) -> None:
    """Make the stored warnings of these units' year exactly `found` (explanations kept by key)."""
    now = timezone.now()
    existing: dict[tuple[int, str], QualityWarning] = {
        (w.unit_id, w.key): w for w in QualityWarning.objects.filter(year=year, unit_id__in=list(found))}
    keep, create, update = set(), [], []
    for unit_id, findings in found.items():
        for finding in {f.key: f for f in findings}.values():
            old = existing.get((unit_id, finding.key))
            if old is None:
                create.append(QualityWarning(unit_id=unit_id, year=year, key=finding.key, code=finding.code,
                                             message=finding.message, sheet=finding.sheet, row=finding.row,
                                             column=finding.column, header=finding.header, checked_at=now))
                continue
            keep.add(old.pk)
            values = {"code": finding.code, "message": finding.message}
            if finding.row is not None or old.row is None:  # a recheck from the stored rows keeps the file's cell
                values |= {name: getattr(finding, name) for name in LOCATION}
            if any(getattr(old, name) != value for name, value in values.items()):  # most rechecks change nothing
                for name, value in values.items():
                    setattr(old, name, value)
                old.checked_at = now
                update.append(old)
    stale = [w.pk for w in existing.values() if w.pk not in keep]
    if stale:
        QualityWarning.objects.filter(pk__in=stale).delete()
    QualityWarning.objects.bulk_create(create, batch_size=BATCH)
    QualityWarning.objects.bulk_update(update, ["code", "message", "checked_at", *LOCATION], batch_size=BATCH)


@transaction.atomic
def quality_store(*, unit_id: int, year: int, findings: list[Finding]) -> None:
    """Keep one CĐCS-year's findings (those of an imported upload, with their cells)."""
    _store(year, {unit_id: findings})


@transaction.atomic
def quality_recheck(*, unit_ids, year: int) -> dict[int, list[Finding]]:
    """Run every check on the stored rows of these CĐCS-years and keep the result (a constant number of queries);
    returns the findings by unit id."""
    limits = thresholds_for(year)
    found = {unit_id: run_checks(facts, limits) for unit_id, facts in facts_from_stored(unit_ids, year).items()}
    _store(year, found)
    return found


def returns_of_year(year: int):
    """The CĐCS with a return (other than "không phát sinh") for the year, as a subquery: what a recheck covers."""
    return Return.objects.filter(year=year, nothing_to_report=False).values("unit_id")


def quality_explain(*, actor: User, unit_id: int, year: int, explanations: dict[str, str]) -> list[str]:
    """Record the explanations typed for the unit-year's warnings (by key); returns the keys still unexplained.
    The caller (the workflow's submit) holds the return's row lock and checks the access rule."""
    now = timezone.now()
    missing = []
    for warning in QualityWarning.objects.filter(unit_id=unit_id, year=year).order_by("pk"):
        text = (explanations.get(warning.key, warning.explanation) or "").strip()[:2000]
        if text != warning.explanation:
            warning.explanation, warning.explained_by, warning.explained_at = text, actor, now
            warning.save(update_fields=["explanation", "explained_by", "explained_at"])
        if not text:
            missing.append(warning.key)
    return missing


def _validate(values: dict[str, int]) -> None:
    errors = {}
    for name, value in values.items():
        if value < 0:
            errors[name] = "Ngưỡng không được âm."
    for low, high in (("welfare_per_luot_min", "welfare_per_luot_max"), ("income_min", "income_max"),
                      ("house_min", "house_max")):
        if values[low] > values[high]:
            errors[high] = "Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def quality_thresholds_update(*, actor: User, year: int, values: dict[str, int]) -> int:
    """Staff set the year's thresholds; every return of the year is rechecked. Returns how many CĐCS-years."""
    require_staff(actor)
    if ReportingYear.objects.filter(year=year, locked=True).exists():
        raise ValidationError(f"Năm {year} đã khóa sổ nên không đổi được ngưỡng kiểm tra.")
    values = {t.name: int(values.get(t.name, DEFAULTS[t.name])) for t in THRESHOLDS}
    _validate(values)
    row, _ = QualityThresholds.objects.select_for_update().get_or_create(year=year)
    row.values, row.updated_by = values, actor
    row.save()
    return len(quality_recheck(unit_ids=returns_of_year(year), year=year))

