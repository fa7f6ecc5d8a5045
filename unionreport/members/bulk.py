"""Bulk writes of members, workforce and activities for an import (no per-row save; one batch each).

Called inside the caller's transaction (returns.services). Rows are validated before they
reach here. History is kept per import batch (ImportBatch), not per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionreport.core.models import ImportBatch
from unionreport.members.models import Activity, Member, Workforce
from unionreport.members.selectors import member_during_q
from unionreport.members.summary import member_summary_refresh
from unionreport.units.models import Unit

MEMBER_FIELDS = ("full_name", "sex", "birth_year", "joined_on", "left_on")
BATCH_SIZE = 1000


@dataclass
class UpsertStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: int = 0  # in the database but not in the new roster (kept, not deleted)


def _missing(unit: Unit, year: int | None, seen: set[str], cards) -> int:
    """Members kept although the roster lacks them: of the reporting year only (`member_during_q`, the template's
    roster), since those who left in earlier years are in no file; every member when no year is given."""
    if year is not None:
        cards = Member.objects.filter(member_during_q(year), unit=unit).values_list("card_number", flat=True)
    return len(set(cards) - seen)


def members_upsert(*, unit: Unit, rows: list[dict], batch: ImportBatch | None, year: int | None = None
                   ) -> UpsertStats:
    """Create or update the unit's members by card number; members missing from `rows` are kept."""
    existing = {m.card_number: m for m in Member.objects.filter(unit=unit)}
    stats = UpsertStats()
    to_create, to_update = [], []
    seen = set()
    for row in rows:
        card = row["card_number"]
        seen.add(card)
        member = existing.get(card)
        if member is None:
            to_create.append(Member(unit=unit, card_number=card, batch=batch, **{f: row.get(f) for f in MEMBER_FIELDS}))
            continue
        if all(getattr(member, f) == row.get(f) for f in MEMBER_FIELDS):
            stats.unchanged += 1
            continue
        for f in MEMBER_FIELDS:
            setattr(member, f, row.get(f))
        member.batch = batch
        to_update.append(member)
    Member.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Member.objects.bulk_update(to_update, [*MEMBER_FIELDS, "batch"], batch_size=BATCH_SIZE)
    member_summary_refresh(unit_ids=[unit.pk])
    stats.created, stats.updated = len(to_create), len(to_update)
    stats.missing = _missing(unit, year, seen, existing)
    return stats


def members_diff(*, unit: Unit, year: int, rows: list[dict]) -> UpsertStats:
    """What members_upsert would do for the return of `year`, without writing."""
    existing = {m["card_number"]: m for m in Member.objects.filter(unit=unit).values("card_number", *MEMBER_FIELDS)}
    stats = UpsertStats()
    seen = set()
    for row in rows:
        seen.add(row["card_number"])
        old = existing.get(row["card_number"])
        if old is None:
            stats.created += 1
        elif all(old[f] == row.get(f) for f in MEMBER_FIELDS):
            stats.unchanged += 1
        else:
            stats.updated += 1
    stats.missing = _missing(unit, year, seen, existing)
    return stats


def _replace_one(model, *, unit: Unit, year: int, values: dict | None, batch) -> None:
    qs = model.objects.filter(unit=unit, year=year)
    qs._raw_delete(qs.db)  # no per-row signals: the batch is the audit record
    if values is not None:
        fields = {f.name for f in model._meta.concrete_fields} - {"id", "unit", "year", "batch"}
        model.objects.create(unit=unit, year=year, batch=batch, **{k: v for k, v in values.items() if k in fields})


def workforce_replace(*, unit: Unit, year: int, values: dict | None, batch: ImportBatch | None) -> None:
    _replace_one(Workforce, unit=unit, year=year, values=values, batch=batch)


def activity_replace(*, unit: Unit, year: int, values: dict | None, batch: ImportBatch | None) -> None:
    _replace_one(Activity, unit=unit, year=year, values=values, batch=batch)
