"""Existing units: how they began and ended, and the successions of existing mergers and splits, read from the
recorded events (a unit closing on the date of a merger or split it took part in was merged or split; one
opening on that date was formed by it; every other closed unit was dissolved, for a reason not recorded)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    Reorganisation = apps.get_model("units", "Reorganisation")
    Succession = apps.get_model("units", "Succession")
    for event in Reorganisation.objects.filter(kind__in=["merge", "split"]).prefetch_related("units"):
        units = list(event.units.all())
        closing = [u for u in units if u.valid_to == event.effective_date]
        opening = [u for u in units if u.valid_from == event.effective_date]
        for unit in closing:
            unit.closure = "merged" if event.kind == "merge" else "split"
            unit.save(update_fields=["closure"])
        for unit in opening:
            unit.origin = "merger" if event.kind == "merge" else "split"
            unit.save(update_fields=["origin"])
        if not closing:
            continue
        # A merger into an existing unit opens nothing: its target is the event's other unit of the same level.
        successors = opening or [u for u in units if u not in closing and u.level == closing[0].level]
        for predecessor in closing:
            for successor in successors:
                Succession.objects.get_or_create(predecessor=predecessor, successor=successor, defaults={
                    "kind": event.kind, "effective_date": event.effective_date, "event": event})
    Unit.objects.filter(valid_to__isnull=False, closure="").update(closure="dissolved", closure_reason="khac")


class Migration(migrations.Migration):
    dependencies = [("units", "0002_reorganisation_outcomes_and_successions")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
