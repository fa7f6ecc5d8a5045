"""Writes of the reports app: only its own narrative (reports never write domain rows)."""

from __future__ import annotations

from django.db import transaction

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.reports.models import ReportNarrative
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
