"""Reporting years made before staff opened years explicitly count as opened (they were used as such)."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def open_existing(apps, schema_editor):
    ReportingYear = apps.get_model("returns", "ReportingYear")
    ReportingYear.objects.filter(opened_at__isnull=True, locked_at__isnull=False).update(opened_at=F("locked_at"))
    ReportingYear.objects.filter(opened_at__isnull=True).update(opened_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("returns", "0002_reportingyear_opened")]

    operations = [migrations.RunPython(open_existing, migrations.RunPython.noop)]
