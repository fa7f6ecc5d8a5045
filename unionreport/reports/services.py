"""Writes of the reports app: its own narrative and the year's targets (reports never write domain rows)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.lib.db import save_values
from unionreport.movements.services import check_staff_and_year_open
from unionreport.reports.models import ReportNarrative, Target
from unionreport.reports.narrative import SECTION_BY_FIELD, is_default, narrative_errors
from unionreport.units.models import Unit

NARRATIVE_FIELDS = ["document_number", "place", "report_date", "signer_title", "signer_name", "recipients",
                    "intro_workforce", "intro_direction", "intro_welfare", "intro_members", "intro_movements",
                    "intro_dialogue", "intro_targets", "assessment", "direction"]


@transaction.atomic
def narrative_save(*, actor: User, unit: Unit, year: int, data: dict) -> ReportNarrative:
    """Create or update the texts of `unit`'s report for `year` (provincial staff only).

    A text with an unknown placeholder (or too long) is refused, field by field, with the nearest valid key;
    a section left as its default sentence is stored empty (it keeps following the default)."""
    require_staff(actor)
    errors = {name: narrative_errors(data[name]) for name in SECTION_BY_FIELD if data.get(name)}
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    narrative = (ReportNarrative.objects.select_for_update().filter(unit=unit, year=year).first()
                 or ReportNarrative(unit=unit, year=year))
    for name in NARRATIVE_FIELDS:
        if name in data:
            value = data[name]
            if name in SECTION_BY_FIELD and is_default(name, value or ""):
                value = ""
            setattr(narrative, name, value)
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
