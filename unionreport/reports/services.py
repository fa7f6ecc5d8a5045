"""Writes of the reports app: its own narrative and the year's targets (reports never write domain rows)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.lib.db import save_values
from unionreport.movements.services import check_staff_and_year_open
from unionreport.reports.models import ReportNarrative, Target
from unionreport.units.models import Unit

NARRATIVE_FIELDS = ["document_number", "place", "report_date", "signer_title", "signer_name", "recipients",
                    "intro_workforce", "intro_direction", "intro_welfare", "intro_members", "intro_movements",
                    "intro_dialogue", "intro_targets", "assessment", "direction"]


@transaction.atomic
def narrative_save(*, actor: User, unit: Unit, year: int, data: dict) -> ReportNarrative:
    """Create or update the texts of `unit`'s report for `year` (provincial staff only)."""
    require_staff(actor)
    narrative = (ReportNarrative.objects.select_for_update().filter(unit=unit, year=year).first()
                 or ReportNarrative(unit=unit, year=year))
    for name in NARRATIVE_FIELDS:
        if name in data:
            setattr(narrative, name, data[name])
    narrative.updated_by = actor
    narrative.full_clean()
    narrative.save()
    return narrative


# --- Targets (provincial staff; a year locked for the province root is locked for them too) ---------------

@dataclass(frozen=True)
class TargetData:
    year: int
    name: str
    measure: str
    planned_value: Decimal
    figure_key: str = ""
    assigned_by_confederation: bool = True
    order: int = 0


@transaction.atomic
def target_create(*, actor: User, data: TargetData) -> Target:
    check_staff_and_year_open(actor, data.year)
    return save_values(Target(), vars(data))


@transaction.atomic
def target_update(*, actor: User, obj: Target, data: TargetData) -> Target:
    check_staff_and_year_open(actor, obj.year, data.year)
    return save_values(obj, vars(data))


@transaction.atomic
def target_delete(*, actor: User, obj: Target) -> None:
    check_staff_and_year_open(actor, obj.year)
    obj.delete()
