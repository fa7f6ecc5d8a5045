"""Writes of the returns app. The stable API for other engineers:

    return_import_file(*, actor, path_or_file, dry_run=False) -> ImportResult
        Check, parse, validate and (unless dry_run) import one return workbook; the unit and
        the year come from its `Thông tin` sheet. `actor=None` means a trusted script (no access
        check). Never raises for a bad file: `result.ok`, `result.refused`, `result.errors`
        (each an `Issue`, `issue.text()` = `Sheet!B7 (Header): ...`) and `result.lines(name)`.
        Used by `manage.py import_returns` and by the demo-data loader.

Other writes: `return_import` (the one above, for a stream), `staging_create` / `staging_confirm`
(upload → preview → confirm: the workbook parsed once, at the preview); the review workflow is `returns.workflow`, the
template and the export `returns.excel.template`. Every write is atomic; the Return row (and the ReportingYear row)
is locked with SELECT ... FOR UPDATE so that two people uploading or approving at once
do not lose an update.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from unionreport.accounts.access import can_change
from unionreport.core.locks import lock_reason
from unionreport.core.services import import_batch_create
from unionreport.houses.bulk import houses_replace
from unionreport.members.bulk import activity_replace, members_upsert, workforce_replace
from unionreport.members.models import Member
from unionreport.movements.bulk import results_replace
from unionreport.returns import notices
from unionreport.returns.diff import return_diff
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.cells import Issue
from unionreport.returns.excel.checks import FileRefused
from unionreport.returns.excel.workbook import ParsedReturn, parse_return
from unionreport.returns.models import Return, ReturnEvent, ReturnVersion, UploadStaging
from unionreport.returns.quality.checks import Finding, run_checks
from unionreport.returns.quality.facts import facts_from_upload
from unionreport.returns.quality.store import quality_store, thresholds_for
from unionreport.returns.staged import FORMAT, StagedGone, parsed_from_staged, staged_rows
from unionreport.returns.workflow import ReturnError, record_step, return_locked_for_update
from unionreport.units.models import Unit
from unionreport.welfare.bulk import disbursements_replace

STAGING_TTL = timedelta(hours=24)


@dataclass
class ImportResult:
    name: str
    ok: bool = False
    refused: str = ""                       # the file itself was refused (not a workbook, zip bomb, locked...)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unit_code: str = ""
    year: int | None = None
    imported: bool = False
    unchanged: bool = False                 # the same file as the current version: nothing to do
    dry_run: bool = False
    summary: dict = field(default_factory=dict)
    version: int | None = None
    quality: list[Finding] = field(default_factory=list)  # data-quality warnings (they never refuse the file)

    def lines(self, prefix: str | None = None) -> list[str]:
        prefix = self.name if prefix is None else prefix
        if self.refused:
            return [f"{prefix}: {self.refused}"]
        return [f"{prefix}: {issue.text()}" for issue in self.errors]

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "refused": self.refused, "unit_code": self.unit_code,
                "year": self.year, "errors": [i.as_dict() for i in self.errors],
                "warnings": [i.as_dict() for i in self.warnings], "summary": self.summary,
                "unchanged": self.unchanged, "imported": self.imported, "version": self.version,
                "quality": [f.as_dict() for f in self.quality]}


def _digest(stream: BinaryIO) -> tuple[str, int]:
    stream.seek(0)
    sha, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        sha.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return sha.hexdigest(), size


def _open(path_or_file) -> tuple[BinaryIO, str, bool]:
    if isinstance(path_or_file, str | os.PathLike):
        return open(path_or_file, "rb"), Path(path_or_file).name, True
    return path_or_file, Path(getattr(path_or_file, "name", "") or "bao-cao.xlsx").name, False


def return_import_file(*, actor, path_or_file, dry_run: bool = False) -> ImportResult:
    """Import one workbook from a path or a binary file object (see the module docstring)."""
    stream, name, close = _open(path_or_file)
    try:
        return return_import(actor=actor, upload=stream, name=name, dry_run=dry_run)
    finally:
        if close:
            stream.close()


def return_import(*, actor, upload: BinaryIO, name: str = "", unit: Unit | None = None, year: int | None = None,
                  dry_run: bool = False) -> ImportResult:
    """Check, parse and validate; then (unless dry_run or any error) replace the unit-year's return, all or nothing.

    `unit`/`year`, when given, must match the file's `Thông tin` (the browser uploads for one unit-year).
    """
    result, parsed = _parse(actor=actor, upload=upload, name=name, unit=unit, year=year, dry_run=dry_run)
    return result if parsed is None else _import_parsed(actor=actor, parsed=parsed, upload=upload, result=result)


def _parse(*, actor, upload: BinaryIO, name: str, unit: Unit | None, year: int | None,
           dry_run: bool) -> tuple[ImportResult, ParsedReturn | None]:
    name = name or getattr(upload, "name", "") or "bao-cao.xlsx"
    result = ImportResult(name=Path(name).name, dry_run=dry_run)
    try:
        parsed = parse_return(upload, name=name, actor=actor, unit=unit, year=year)
    except FileRefused as refusal:
        result.refused = refusal.message
        return result, None
    _fill(result, parsed)
    return result, parsed


def _import_parsed(*, actor, parsed: ParsedReturn, upload: BinaryIO, result: ImportResult,
                   seen_version: int | None = None) -> ImportResult:
    """The checks that depend on the database now (locks, the diff, data quality), then the import itself."""
    if not parsed.ok:
        return result
    reason = lock_reason(parsed.unit.pk, parsed.year)  # every registered rule: approval, lock, aggregates
    if reason:
        result.refused, result.ok = reason, False
        return result
    result.summary = return_diff(parsed)
    result.quality = run_checks(facts_from_upload(parsed), thresholds_for(parsed.year))
    if result.dry_run:
        return result
    sha, size = _digest(upload)
    saved: list[str] = []
    try:
        _apply(actor=actor, parsed=parsed, upload=upload, name=result.name, sha=sha, size=size, result=result,
               saved=saved, seen_version=seen_version)
    except ReturnError as error:
        result.refused, result.ok = error.message, False
    except Exception:
        for path in saved:  # the transaction rolled back: the stored file belongs to no version
            default_storage.delete(path)
        raise
    return result


def _fill(result: ImportResult, parsed: ParsedReturn) -> None:
    result.errors, result.warnings = parsed.errors, parsed.warnings
    result.ok = parsed.ok
    result.unit_code = parsed.unit.code if parsed.unit else str(parsed.info.get("unit_code") or "")
    result.year = parsed.year


@transaction.atomic
def _apply(*, actor, parsed: ParsedReturn, upload: BinaryIO, name: str, sha: str, size: int,
           result: ImportResult, saved: list[str], seen_version: int | None = None) -> None:
    unit, year = parsed.unit, parsed.year
    ret = return_locked_for_update(unit=unit, year=year)  # raises ReturnError when locked or approved
    if seen_version is not None and ret.version != seen_version:
        raise ReturnError(_changed_since_preview(ret))
    current = ret.current_version
    if current is not None and current.sha256 == sha:
        result.unchanged, result.imported, result.version = True, False, current.number
        return
    actor_id = actor.pk if actor is not None else None
    rows = len(parsed.members) + len(parsed.welfare) + len(parsed.houses) + len(parsed.results)
    batch = import_batch_create(unit=unit, year=year, source="excel", actor=actor, description=name, row_count=rows)
    stats = members_upsert(unit=unit, rows=parsed.members, batch=batch, year=parsed.year)
    workforce_replace(unit=unit, year=year, values=parsed.workforce, batch=batch)
    if L.ACTIVITIES.title in parsed.present:
        activity_replace(unit=unit, year=year, values=parsed.activities, batch=batch)
    disbursements_replace(unit=unit, year=year, rows=parsed.welfare, batch=batch)
    cards = {r["card_number"] for r in parsed.houses if r.get("card_number")}
    member_ids = dict(Member.objects.filter(unit=unit, card_number__in=cards).values_list("card_number", "id"))
    houses_replace(unit=unit, year=year, batch=batch,
                   rows=[r | {"member_id": member_ids.get(r.get("card_number"))} for r in parsed.houses])
    results_replace(unit=unit, year=year, batch=batch,
                    rows=[r | {"indicator_id": r["indicator_obj"].pk} for r in parsed.results])
    number = (ret.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    summary = result.summary | {"members": vars(stats), "warnings": len(parsed.warnings),
                                "quality": len(result.quality)}
    version = ReturnVersion(return_obj=ret, number=number, original_name=name[:255], size=size, sha256=sha,
                            uploaded_by_id=actor_id, batch=batch, summary=summary)
    upload.seek(0)
    version.file.save(name, File(upload, name=name), save=False)
    saved.append(version.file.name)
    version.save()
    info = parsed.info
    ret.current_version = version
    ret.nothing_to_report = False
    ret.status, ret.submitted_at, ret.submitted_by = Return.Status.DRAFT, None, None
    ret.preparer_name = (info.get("preparer_name") or "")[:255]
    ret.preparer_phone = (info.get("preparer_phone") or "")[:64]
    ret.prepared_on = info.get("prepared_on")
    record_step(ret, ReturnEvent.Kind.UPLOADED, actor, version.uploaded_at,
                note=f"Lần {number}: {version.original_name}")
    quality_store(unit_id=unit.pk, year=year, findings=result.quality)
    result.imported, result.version, result.summary = True, number, summary


# --- upload → preview → confirm -------------------------------------------------------------------------------
# The workbook is parsed once, at the preview: its validated rows are kept with the staged file
# (`UploadStaging.rows`, see returns.staged) and the confirmation imports them. What may have changed in between
# is checked again at the confirmation: the staged file (its SHA-256), the return (its `version`, under the row
# lock), the locks, the unit and the year's indicators; the diff and the data-quality warnings are recomputed.
@transaction.atomic
def staging_create(*, actor, unit: Unit, year: int, upload) -> UploadStaging:
    """Keep the uploaded file, check it (dry run) and store what the preview shows and the confirmation imports."""
    _purge_expired()
    name = Path(getattr(upload, "name", "") or "bao-cao.xlsx").name
    sha, size = _digest(upload)
    seen_version = Return.objects.filter(unit=unit, year=year).values_list("version", flat=True).first() or 0
    result, parsed = _parse(actor=actor, upload=upload, name=name, unit=unit, year=year, dry_run=True)
    if parsed is not None:
        result = _import_parsed(actor=actor, parsed=parsed, upload=upload, result=result)
    staging = UploadStaging(unit=unit, year=year, uploaded_by=actor, original_name=name[:255], size=size,
                            sha256=sha, result=result.as_dict(), ok=result.ok and not result.refused,
                            expires_at=timezone.now() + STAGING_TTL)
    if staging.ok:
        staging.rows = staged_rows(parsed, seen_version=seen_version)
        upload.seek(0)
        staging.file.save(name, File(upload, name=name), save=False)
    staging.save()
    return staging


def staging_confirm(*, actor, staging: UploadStaging) -> ImportResult:
    """Import a previewed upload from its staged rows, without parsing the workbook again (see above)."""
    result = ImportResult(name=staging.original_name)
    if staging.confirmed_at or not staging.ok or staging.expires_at < timezone.now() or not staging.file:
        result.refused = "Bản xem trước đã hết hạn hoặc đã được xác nhận. Hãy tải tệp lên lại."
        return result
    rows = UploadStaging.objects.filter(pk=staging.pk).values_list("rows", flat=True).first()
    with staging.file.open("rb") as stream:
        data = io.BytesIO(stream.read())
    if not rows or rows.get("format") != FORMAT or _digest(data)[0] != staging.sha256:
        result.refused = "Tệp đã lưu để xem trước không còn như lúc kiểm tra. Hãy tải tệp lên lại."
        return result
    if actor is not None and not can_change(actor, staging.unit):
        result.refused = "Bạn không được báo cáo cho đơn vị này."
        return result
    try:
        parsed = parsed_from_staged(rows)
    except StagedGone as gone:
        result.refused = gone.message
        return result
    _fill(result, parsed)
    result = _import_parsed(actor=actor, parsed=parsed, upload=data, result=result,
                            seen_version=rows["seen_version"])
    if result.ok and not result.refused:
        UploadStaging.objects.filter(pk=staging.pk).update(confirmed_at=timezone.now(), rows=None)
        staging.file.delete(save=False)
    return result


def _changed_since_preview(ret: Return) -> str:
    """The refusal of a confirmation when the return moved on after the preview (another upload, a submission...)."""
    event = ret.events.select_related("actor__unit").order_by("-at", "-id").first()
    what = f" ({event.get_kind_display().lower()}, {notices.who(event.actor)}, lúc {notices.when(event.at)})" \
        if event is not None else ""
    return (f"Báo cáo đã thay đổi sau khi bạn xem trước tệp này{what}; số liệu chưa được nhập. "
            "Hãy tải tệp lên lại để xem trước với số liệu hiện tại.")


def _purge_expired() -> None:
    for staging in UploadStaging.objects.filter(expires_at__lt=timezone.now())[:100]:
        if staging.file:
            staging.file.delete(save=False)
        staging.delete()
