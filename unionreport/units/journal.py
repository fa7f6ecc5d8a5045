"""Undoing the structure part of a reorganisation event from its journal (`units.services.Journal`).

The organisation app undoes what moved with the units first (members, accounts), then calls
`structure_undo`: the periods the event created go, the periods and units it changed get their
values back, the units it created go, and the closure table is rebuilt. The event stays, marked
undone, so the unit's page still tells what happened.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from unionreport.units.models import Reorganisation, Unit, UnitPeriod
from unionreport.units.services import rebuild_paths


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def event_units_created(event: Reorganisation) -> list[int]:
    return list(event.journal.get("structure", {}).get("units_created", []))


@transaction.atomic
def structure_undo(*, actor, event: Reorganisation) -> Reorganisation:
    """Put the structure back as it was before `event` (the caller checked that nothing depends on it)."""
    journal = event.journal.get("structure", {})
    event.successions.all().delete()
    periods = [*journal.get("periods_created", []), *(row[0] for row in journal.get("periods_before", []))]
    changed = set(UnitPeriod.objects.filter(pk__in=periods).values_list("unit_id", flat=True))
    UnitPeriod.objects.filter(pk__in=journal.get("periods_created", [])).delete()
    # One UPDATE per kind whatever the number of units the event changed (bulk_update, like update(), sends
    # no signals and leaves a row no longer there alone).
    UnitPeriod.objects.bulk_update(
        [UnitPeriod(pk=pk, name=name, parent_id=parent_id, valid_from=_date(valid_from), valid_to=_date(valid_to))
         for pk, name, parent_id, valid_from, valid_to in journal.get("periods_before", [])],
        ["name", "parent", "valid_from", "valid_to"])
    Unit.objects.bulk_update(
        [Unit(pk=pk, name=name, valid_to=_date(valid_to), closure=closure, closure_reason=reason)
         for pk, name, valid_to, closure, reason in journal.get("units_before", [])],
        ["name", "valid_to", "closure", "closure_reason"])
    created = journal.get("units_created", [])
    if created:
        event.units.remove(*created)
        Unit.objects.filter(pk__in=created).delete()  # their periods went above; paths cascade
    rebuild_paths(changed - set(created))
    event.undone_at, event.undone_by = timezone.now(), actor
    event.save(update_fields=["undone_at", "undone_by"])
    return event


def last_event_of(unit: Unit) -> Reorganisation | None:
    """The unit's latest event that is not undone (by effective date, then by when it was recorded)."""
    return (unit.reorganisations.filter(undone_at__isnull=True).exclude(kind=Reorganisation.Kind.CREATE)
            .order_by("-effective_date", "-id").first())
